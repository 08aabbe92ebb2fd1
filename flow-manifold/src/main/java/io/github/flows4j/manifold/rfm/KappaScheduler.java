package io.github.flows4j.manifold.rfm;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * The monotone scheduler κ(t) of Riemannian Flow Matching (Chen and Lipman 2024, eq. 16): κ(0) = 1, κ(1) = 0,
 * κ decreasing, so the premetric to the target shrinks as d(x_t, x₁) = κ(t) d(x₀, x₁). The geodesic path is
 * x_t = exp_{x₁}(κ(t) log_{x₁} x₀) and the premetric field is u_t = (d log κ(t)/dt) d(x, x₁) ∇d / ‖∇d‖².
 *
 * <pre>{@code
 * KappaScheduler k = KappaScheduler.linear();     // κ(t) = 1 − t, d log κ/dt = −1/(1 − t)
 * Tensor kt = k.kappa(t);                          // t: [batch, 1] → [batch, 1]
 * }</pre>
 */
public interface KappaScheduler {
    /**
     * @param t times in [0, 1], [batch, 1]
     * @return κ(t), [batch, 1], differentiable in t
     */
    Tensor kappa(Tensor t);

    /**
     * @param t a time in [0, 1)
     * @return d log κ(t)/dt = κ'(t)/κ(t), negative, unbounded as t → 1
     */
    double dLogKappa(double t);

    /** @return the linear scheduler κ(t) = 1 − t, the paper's choice */
    static KappaScheduler linear() {
        return new Linear();
    }

    /** κ(t) = 1 − t: constant-speed geodesics, d log κ/dt = −1/(1 − t). */
    record Linear() implements KappaScheduler {
        @Override
        public Tensor kappa(Tensor t) {
            return t.rsub(1.0);
        }

        @Override
        public double dLogKappa(double t) {
            return -1.0 / (1.0 - t);
        }
    }
}
