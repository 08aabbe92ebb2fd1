package io.github.flows4j.examples.ncl;

import io.github.flows4j.cnf.divfree.DivFreeNetwork;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The two models {@code ncl-fluid} compares on the periodic square, with the same MLP body on the input
 * (cos x, sin x, t): {@link #ncl} — the velocity from a {@link DivFreeNetwork} (stream function, divergence-free by
 * construction) and the pressure from a second MLP; {@link #pinn} — one MLP that outputs (u₁, u₂, p) directly, held
 * to div u = 0 only by a penalty.
 *
 * <pre>{@code
 * FluidModel ncl = FluidModel.ncl(new int[] {64, 64}, DataType.FLOAT, rng.split());
 * Tensor[] up = ncl.evaluate(x, t);     // u [batch, 2], p [batch, 1]
 * }</pre>
 */
final class FluidModel extends Module implements NavierStokes2d.Flow {
    private final DivFreeNetwork velocity;
    private final Mlp net;

    private FluidModel(DivFreeNetwork velocity, Mlp net) {
        this.velocity = velocity == null ? null : registerModule("velocity", velocity);
        this.net = registerModule("net", net);
    }

    /** @return the divergence-free model: velocity from a stream-function network, pressure from an MLP */
    static FluidModel ncl(int[] hidden, DataType type, Rng rng) {
        DivFreeNetwork v = DivFreeNetwork.builder().dim(2).conditionDim(1).periodic(true).hidden(hidden)
                .activation(Activation.TANH).dtype(type).build(rng.split());
        return new FluidModel(v, mlp(hidden, 1, type, rng.split()));
    }

    /** @return the PINN: one MLP with outputs (u₁, u₂, p) */
    static FluidModel pinn(int[] hidden, DataType type, Rng rng) {
        return new FluidModel(null, mlp(hidden, 3, type, rng.split()));
    }

    private static Mlp mlp(int[] hidden, int out, DataType type, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = 5;
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
        Tensor in = Tensor.concat(1, x.cos(), x.sin(), t);
        Tensor out = net.forward(in);
        if (velocity != null) {
            return new Tensor[] {velocity.velocity(x, t), out};
        }
        return new Tensor[] {out.narrow(1, 0, 2), out.narrow(1, 2, 1)};
    }
}
