package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.Euclidean;

/**
 * The Gaussian kernel on R^d, k_t(x | μ) = N(x; α_t μ, σ_t² I) — Flow Matching's affine conditional path
 * (Lipman et al. 2023, eq. 10). With δ = x − αμ: log k = −‖δ‖²/(2σ²) − (d/2) log(2πσ²),
 * ∂_t log k = α' ⟨μ, δ⟩/σ² + σ' ‖δ‖²/σ³ − d σ'/σ and ∇ log k = −δ/σ². Weighted over the centres these need only
 * m̄ = Σ w_i μ_i and q̄ = Σ w_i ‖μ_i‖², two matrix products.
 *
 * <pre>{@code
 * KernelFamily k = new GaussianKernel(new Euclidean(2));
 * }</pre>
 */
final class GaussianKernel implements KernelFamily {
    private final Euclidean manifold;

    GaussianKernel(Euclidean manifold) {
        this.manifold = manifold;
    }

    @Override
    public DifferentiableManifold manifold() {
        return manifold;
    }

    @Override
    public Tensor logKernels(Tensor x, Tensor centres, KernelTimes s) {
        int d = manifold.ambientDim();
        Tensor a = s.column(s.alpha());
        Tensor x2 = x.square().sum(1, true);                                   // [B, 1]
        Tensor m2 = centres.square().sum(1, true).t();                         // [1, N]
        Tensor xm = x.matmul(centres, false, true);                            // [B, N]
        Tensor sq = x2.sub(xm.mul(a).mul(2)).add(m2.mul(a.square()));          // ‖x − αμ‖²
        Tensor scale = s.column(s.sigma(), v -> -0.5 / (v * v));
        Tensor norm = s.column(s.sigma(), v -> -0.5 * d * Math.log(2 * Math.PI * v * v));
        return sq.mul(scale).add(norm);
    }

    @Override
    public Moments moments(Tensor w, Tensor x, Tensor centres, KernelTimes s) {
        int d = manifold.ambientDim();
        Tensor a = s.column(s.alpha());
        Tensor mbar = w.matmul(centres);                                       // [B, D]
        Tensor qbar = w.matmul(centres.square().sum(1, true));                 // [B, 1]
        Tensor x2 = x.square().sum(1, true);
        Tensor xm = x.mul(mbar).sum(1, true);
        Tensor muDelta = xm.sub(a.mul(qbar));                                  // Σ w ⟨μ, x − αμ⟩
        Tensor delta2 = x2.sub(a.mul(xm).mul(2)).add(a.square().mul(qbar));    // Σ w ‖x − αμ‖²
        double[] c1 = new double[s.rows()];
        double[] c2 = new double[s.rows()];
        double[] c3 = new double[s.rows()];
        double[] inv = new double[s.rows()];
        for (int i = 0; i < c1.length; i++) {
            double sg = s.sigma()[i];
            c1[i] = s.dAlpha()[i] / (sg * sg);
            c2[i] = s.dSigma()[i] / (sg * sg * sg);
            c3[i] = -d * s.dSigma()[i] / sg;
            inv[i] = -1 / (sg * sg);
        }
        Tensor dt = muDelta.mul(s.column(c1)).add(delta2.mul(s.column(c2))).add(s.column(c3));
        Tensor grad = x.sub(mbar.mul(a)).mul(s.column(inv));
        return new Moments(dt, grad);
    }

    @Override
    public double[] sample(double[] centres, KernelTimes s, Rng rng) {
        int d = manifold.ambientDim();
        double[] out = new double[centres.length];
        for (int i = 0; i < out.length; i++) {
            int row = i / d;
            out[i] = s.alpha()[row] * centres[i] + s.sigma()[row] * rng.nextGaussian();
        }
        return out;
    }
}
