package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.Locale;

/**
 * The convex, non-decreasing activations of input-convex networks. Convexity of a composition needs the outer
 * function convex and non-decreasing (Amos, Xu and Kolter, Input Convex Neural Networks, ICML 2017, Prop. 1), so
 * these are the only activations applied to the hidden z-path. Each comes plain and zero-shifted (σ(x) − σ(0), so
 * σ(0) = 0, as CP-Flow's ICNNs use them: Huang et al., ICLR 2021, App. D):
 * <ul>
 *   <li>softplus σ(x) = ln(1 + eˣ), σ' = sigmoid, σ'' = sigmoid·(1 − sigmoid);</li>
 *   <li>Gaussian softplus σ(x) = x Φ(x) + φ(x) = ∫_{−∞}^x Φ, with σ' = Φ and σ'' = φ (the standard normal CDF and
 *       density): a softplus whose curvature is a Gaussian bump, so second derivatives — which a convex potential
 *       flow's Jacobian is made of — are smooth and bounded by φ(0).</li>
 * </ul>
 * {@link #applySymmetric} gives σ(x) − x/2, convex but not monotone, for features computed from the input alone
 * (which only need convexity).
 *
 * <pre>{@code
 * Tensor h = ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO.apply(pre);      // pre: any shape, h: same shape
 * }</pre>
 */
public enum ConvexActivation {
    /** ln(1 + eˣ). */
    SOFTPLUS(false, false),
    /** ln(1 + eˣ) − ln 2. */
    SOFTPLUS_ZERO(false, true),
    /** x Φ(x) + φ(x). */
    GAUSSIAN_SOFTPLUS(true, false),
    /** x Φ(x) + φ(x) − 1/√(2π): the zero-shifted Gaussian softplus of CP-Flow's experiments. */
    GAUSSIAN_SOFTPLUS_ZERO(true, true);

    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    private final boolean gaussian;
    private final boolean zeroShifted;

    ConvexActivation(boolean gaussian, boolean zeroShifted) {
        this.gaussian = gaussian;
        this.zeroShifted = zeroShifted;
    }

    /** @return σ(0) of the unshifted activation: ln 2 or 1/√(2π) */
    private double atZero() {
        return gaussian ? INV_SQRT_2PI : Math.log(2);
    }

    /** @return σ(0): 0 for the zero-shifted activations */
    public double valueAtZero() {
        return zeroShifted ? 0 : atZero();
    }

    /**
     * @param x any shape
     * @return σ(x), same shape; differentiable to any order
     */
    public Tensor apply(Tensor x) {
        return fused(x, 0.0);
    }

    /**
     * @param x any shape
     * @return σ(x) − x/2: convex, with slope in [−½, ½]
     */
    public Tensor applySymmetric(Tensor x) {
        return fused(x, 0.5);
    }

    /** σ(x) − shift − slope·x as one op whose backward is g ⊙ (σ'(x) − slope); σ' is itself differentiable. */
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    private Tensor fused(Tensor x, double slope) {
        double shift = zeroShifted ? atZero() : 0.0;
        double[] xs = HostArrays.toDoubles(x.value());
        double[] out;
        try (GradMode.Scope off = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            Tensor c = Tensor.constant(x.value());
            out = HostArrays.toDoubles(gaussian ? c.normalCdf().value() : c.softplus().value());
        }
        for (int i = 0; i < xs.length; i++) {
            double v = gaussian ? xs[i] * out[i] + INV_SQRT_2PI * Math.exp(-0.5 * xs[i] * xs[i]) : out[i];
            out[i] = v - shift - slope * xs[i];
        }
        return Tensor.fromFunction(HostArrays.fromDoubles(out, x.dtype(), x.shape()), new Fused(x, slope));
    }

    /** The backward rule of σ(x) − shift − slope·x. */
    private final class Fused extends Function {
        private final double slope;

        Fused(Tensor x, double slope) {
            super(x);
            this.slope = slope;
        }

        @Override
        public String name() {
            return ConvexActivation.this.name().toLowerCase(Locale.ROOT) + (slope != 0 ? "_symmetric" : "");
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor in = input(0);
            Tensor derivative = gaussian ? in.normalCdf() : in.sigmoid();
            return new Tensor[] {g.mul(slope == 0 ? derivative : derivative.sub(slope))};
        }
    }
}
