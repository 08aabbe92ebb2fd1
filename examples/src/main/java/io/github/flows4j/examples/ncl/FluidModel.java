package io.github.flows4j.examples.ncl;

import io.github.flows4j.cnf.divfree.DivFreeNetwork;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The two models {@code ncl-fluid} compares, with the same MLP body on the same input — (cos x, sin x, t) on a
 * periodic domain, (x, t) otherwise ({@link FluidProblem#periodic()}): {@link #ncl} — the velocity from a
 * {@link DivFreeNetwork} (matrix-field construction: the stream function in d = 2, the curl of a vector potential
 * in d = 3; divergence-free by construction) and the pressure from a second MLP; {@link #pinn} — one MLP that
 * outputs (u, p) directly, held to div u = 0 only by a penalty.
 *
 * <pre>{@code
 * FluidModel ncl = FluidModel.ncl(FluidProblem.ETHIER_STEINMAN, new int[] {64, 64}, DataType.FLOAT, rng.split());
 * Tensor[] up = ncl.evaluate(x, t);     // u [batch, 3], p [batch, 1]
 * }</pre>
 */
final class FluidModel extends Module implements NavierStokes.Flow {
    private final DivFreeNetwork velocity;
    private final Mlp net;
    private final int dim;
    private final boolean periodic;

    private FluidModel(DivFreeNetwork velocity, Mlp net, FluidProblem problem) {
        this.velocity = velocity == null ? null : registerModule("velocity", velocity);
        this.net = registerModule("net", net);
        this.dim = problem.dim();
        this.periodic = problem.periodic();
    }

    /** @return the divergence-free model: velocity from a matrix-field network, pressure from an MLP */
    static FluidModel ncl(FluidProblem problem, int[] hidden, DataType type, Rng rng) {
        DivFreeNetwork v = DivFreeNetwork.builder().dim(problem.dim()).conditionDim(1).periodic(problem.periodic())
                .hidden(hidden).activation(Activation.TANH).dtype(type).build(rng.split());
        return new FluidModel(v, mlp(problem, hidden, 1, type, rng.split()), problem);
    }

    /** @return the PINN: one MLP with outputs (u₁, …, u_d, p) */
    static FluidModel pinn(FluidProblem problem, int[] hidden, DataType type, Rng rng) {
        return new FluidModel(null, mlp(problem, hidden, problem.dim() + 1, type, rng.split()), problem);
    }

    private static Mlp mlp(FluidProblem problem, int[] hidden, int out, DataType type, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = (problem.periodic() ? 2 * problem.dim() : problem.dim()) + 1;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        return Mlp.builder().sizes(sizes).activation(Activation.TANH).dtype(type).build(rng);
    }

    /** @return whether the velocity is divergence-free by construction */
    boolean constrained() {
        return velocity != null;
    }

    @Override
    public Tensor[] evaluate(Tensor x, Tensor t) {
        Tensor in = periodic ? Tensor.concat(1, x.cos(), x.sin(), t) : Tensor.concat(1, x, t);
        Tensor out = net.forward(in);
        if (velocity != null) {
            return new Tensor[] {velocity.velocity(x, t), out};
        }
        return new Tensor[] {out.narrow(1, 0, dim), out.narrow(1, dim, 1)};
    }
}
