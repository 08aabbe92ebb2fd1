package io.github.flows4j.convex.cpflow;

import io.github.flows4j.core.Checks;
import io.github.flows4j.convex.icnn.ConvexNetwork;
import io.github.flows4j.convex.logdet.HessianOperator;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The strongly convex potential of a convex potential flow (Huang et al., ICLR 2021, Eq. 6):
 * <pre>
 *   F(x; c) = softplus(w₁) · g(x; c) + softplus(w₀) · ‖x‖² / 2,
 * </pre>
 * with g a {@link ConvexNetwork}. Its Hessian satisfies ∇²F ⪰ softplus(w₀) I ≻ 0, so f = ∇F is injective, its
 * Jacobian ∇²F is symmetric positive definite and log det ∇²F is defined everywhere. Initially softplus(w₀) = 1 and
 * softplus(w₁) = ln 2 (w₀ = ln(e − 1), w₁ = 0, as CP-Flow initialises them). Parameters: {@code w0} (unless fixed),
 * {@code w1}, and the network's under {@code net.}.
 *
 * <pre>{@code
 * ConvexPotential potential = new ConvexPotential(icnn, true);
 * Tensor f = potential.gradient(x, null, true);          // x: [batch, d] -> ∇F: [batch, d]
 * }</pre>
 */
public final class ConvexPotential extends Module {
    private final ConvexNetwork net;
    private final Tensor w0;
    private final Tensor w1;
    private final boolean trainableQuadratic;

    /**
     * @param network            g, convex in x
     * @param trainableQuadratic whether w₀ is a trained parameter (CP-Flow fixes it when stacking blocks)
     * @throws InvalidConfigException if network is null
     */
    public ConvexPotential(ConvexNetwork network, boolean trainableQuadratic) {
        Checks.notNull("network", network);
        DataType t = network.dtype();
        this.trainableQuadratic = trainableQuadratic;
        double w0Init = Math.log(Math.E - 1);
        this.w0 = trainableQuadratic ? registerParameter("w0", Nd4j.valueArrayOf(new long[] {1}, w0Init, t))
                : Tensor.constant(Nd4j.valueArrayOf(new long[] {1}, w0Init, t));
        this.w1 = registerParameter("w1", Nd4j.zeros(t, 1));
        this.net = registerModule("net", network);
    }

    /**
     * @param x       [batch, d]
     * @param context [batch, contextDim] or {@code null}
     * @return F(x; c), [batch, 1]
     * @throws io.github.flows4j.core.ShapeMismatchException if a shape is wrong
     */
    public Tensor forward(Tensor x, Tensor context) {
        Tensor g = net.forward(x, context);
        Tensor quad = x.square().sum(1, true).mul(0.5);
        return g.mul(w1.softplus()).add(quad.mul(w0.softplus()));
    }

    /**
     * @param x           [batch, d]; if it requires a gradient, gradients flow back through it
     * @param context     [batch, contextDim] or {@code null}
     * @param createGraph keep ∇F differentiable (for Hessian-vector products and training)
     * @return f(x) = ∇F(x), [batch, d]
     */
    public Tensor gradient(Tensor x, Tensor context, boolean createGraph) {
        return hessianAt(x, context, createGraph).gradient();
    }

    /**
     * Computes f = ∇F(x) with its graph and wraps it as the batched Hessian operator at x.
     *
     * @param x       [batch, d]; used as it is if it requires a gradient (so gradients reach whatever made it),
     *                otherwise as a fresh leaf
     * @param context [batch, contextDim] or {@code null}
     * @return the Hessian operator, whose {@link HessianOperator#gradient()} is f(x)
     */
    public HessianOperator hessianAt(Tensor x, Tensor context) {
        return hessianAt(x, context, true);
    }

    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    private HessianOperator hessianAt(Tensor x, Tensor context, boolean createGraph) {
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor xr = x.requiresGrad() ? x : Tensor.variable(x.value());
            Tensor total = forward(xr, context).sum();
            Tensor f = Autodiff.grad(new Tensor[] {total}, new Tensor[] {xr}, null, createGraph)[0];
            return new HessianOperator(xr, f);
        }
    }

    /** @return softplus(w₀), a lower bound on every eigenvalue of ∇²F */
    public double strongConvexity() {
        return Math.log1p(Math.exp(w0.value().getDouble(0)));
    }

    /** @return the convex network g */
    public ConvexNetwork network() {
        return net;
    }

    /** @return whether w₀ is trained */
    public boolean trainableQuadratic() {
        return trainableQuadratic;
    }

    /** @return the dimension d */
    public int dim() {
        return net.inputDim();
    }

    /** @return the parameters' data type */
    public DataType dtype() {
        return net.dtype();
    }
}
