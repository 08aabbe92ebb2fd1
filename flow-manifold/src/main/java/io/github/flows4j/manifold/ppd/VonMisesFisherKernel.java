package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.Sphere;

/**
 * The von Mises–Fisher kernel on S^{D−1} ⊂ R^D, k(x | μ) = C_D(κ) exp(κ ⟨μ, x⟩) with
 * C_D(κ) = κ^ν / ((2π)^{ν+1} I_ν(κ)), ν = D/2 − 1 (Mardia and Jupp 2000, §9.3.2), concentration
 * κ_t = (α_t/σ_t)² (angular width σ_t/α_t); κ = 0 is the uniform law, the sphere's base. Then
 * ∂_t log k = κ' (⟨μ, x⟩ − A_D(κ)) with A_D = I_{ν+1}/I_ν = −d log C_D/dκ, and ∇_g log k = κ P_x μ, P_x = I − x xᵀ.
 * Draws use Wood's (1994) rejection sampler for the component along μ.
 *
 * <pre>{@code
 * KernelFamily k = new VonMisesFisherKernel(new Sphere(3));
 * }</pre>
 */
final class VonMisesFisherKernel implements KernelFamily {
    private final Sphere manifold;
    private final double nu;

    VonMisesFisherKernel(Sphere manifold) {
        this.manifold = manifold;
        this.nu = manifold.ambientDim() / 2.0 - 1;
    }

    @Override
    public DifferentiableManifold manifold() {
        return manifold;
    }

    /** @return log C_D(κ) */
    double logNormaliser(double kappa) {
        return nu * Math.log(2) - (nu + 1) * Math.log(2 * Math.PI) - LogBessel.logScaled(nu, kappa);
    }

    @Override
    public Tensor logKernels(Tensor x, Tensor centres, KernelTimes s) {
        return x.matmul(centres, false, true).mul(s.column(s.kappa())).add(s.column(s.kappa(), this::logNormaliser));
    }

    @Override
    public Moments moments(Tensor w, Tensor x, Tensor centres, KernelTimes s) {
        Tensor mbar = w.matmul(centres);
        Tensor xm = x.mul(mbar).sum(1, true);
        Tensor dt = xm.sub(s.column(s.kappa(), k -> LogBessel.ratio(nu, k))).mul(s.column(s.dKappa()));
        Tensor grad = mbar.sub(x.mul(xm)).mul(s.column(s.kappa()));
        return new Moments(dt, grad);
    }

    @Override
    public double[] sample(double[] centres, KernelTimes s, Rng rng) {
        int dim = manifold.ambientDim();
        double[] out = new double[centres.length];
        double m1 = dim - 1;
        for (int row = 0; row < s.rows(); row++) {
            double kappa = s.kappa()[row];
            double b = m1 / (2 * kappa + Math.sqrt(4 * kappa * kappa + m1 * m1));
            double x0 = (1 - b) / (1 + b);
            double c = kappa * x0 + m1 * Math.log(1 - x0 * x0);
            double w;
            while (true) {
                double z = Sampling.beta(m1 / 2, m1 / 2, rng);
                w = (1 - (1 + b) * z) / (1 - (1 - b) * z);
                double u = rng.nextDouble();
                if (kappa * w + m1 * Math.log(1 - x0 * w) - c >= Math.log(u)) {
                    break;
                }
            }
            // a uniform unit vector orthogonal to μ
            int o = row * dim;
            double[] v = new double[dim];
            double dot = 0;
            for (int j = 0; j < dim; j++) {
                v[j] = rng.nextGaussian();
                dot += v[j] * centres[o + j];
            }
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                v[j] -= dot * centres[o + j];
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
            double r = Math.sqrt(Math.max(0, 1 - w * w));
            double len = 0;
            for (int j = 0; j < dim; j++) {
                out[o + j] = w * centres[o + j] + r * v[j] / norm;
                len += out[o + j] * out[o + j];
            }
            len = Math.sqrt(len);
            for (int j = 0; j < dim; j++) {
                out[o + j] /= len;
            }
        }
        return out;
    }
}
