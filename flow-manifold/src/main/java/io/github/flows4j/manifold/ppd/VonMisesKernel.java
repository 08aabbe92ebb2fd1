package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.FlatTorus;

/**
 * The product of von Mises kernels on the flat torus T^d, k(x | μ) = Π_j exp(κ cos(x_j − μ_j)) / (2π I₀(κ)) with
 * concentration κ_t = (α_t/σ_t)² (width about σ_t/α_t per circle); κ = 0 is the uniform law, the torus's base. With
 * cos(x_j − μ_j) = cos x_j cos μ_j + sin x_j sin μ_j the [batch, N] log-kernels are two matrix products, and
 * ∂_t log k = κ' (Σ_j cos(x_j − μ_j) − d A₀(κ)), A₀ = I₁/I₀, ∂_{x_j} log k = −κ sin(x_j − μ_j). Draws use Best and
 * Fisher's (1979) rejection sampler per circle.
 *
 * <pre>{@code
 * KernelFamily k = new VonMisesKernel(new FlatTorus(2));
 * }</pre>
 */
final class VonMisesKernel implements KernelFamily {
    private static final double TWO_PI = 2 * Math.PI;
    private final FlatTorus manifold;

    VonMisesKernel(FlatTorus manifold) {
        this.manifold = manifold;
    }

    @Override
    public DifferentiableManifold manifold() {
        return manifold;
    }

    @Override
    public Tensor logKernels(Tensor x, Tensor centres, KernelTimes s) {
        int d = manifold.ambientDim();
        Tensor cos = x.cos().matmul(centres.cos(), false, true).add(x.sin().matmul(centres.sin(), false, true));
        return cos.mul(s.column(s.kappa()))
                .add(s.column(s.kappa(), k -> -d * (Math.log(TWO_PI) + LogBessel.logScaled(0, k))));
    }

    @Override
    public Moments moments(Tensor w, Tensor x, Tensor centres, KernelTimes s) {
        int d = manifold.ambientDim();
        Tensor cbar = w.matmul(centres.cos());
        Tensor sbar = w.matmul(centres.sin());
        Tensor cx = x.cos();
        Tensor sx = x.sin();
        Tensor cosSum = cx.mul(cbar).add(sx.mul(sbar)).sum(1, true);
        Tensor dt = cosSum.sub(s.column(s.kappa(), k -> d * LogBessel.ratio(0, k))).mul(s.column(s.dKappa()));
        Tensor grad = cx.mul(sbar).sub(sx.mul(cbar)).mul(s.column(s.kappa()));
        return new Moments(dt, grad);
    }

    @Override
    public double[] sample(double[] centres, KernelTimes s, Rng rng) {
        int d = manifold.ambientDim();
        double[] out = new double[centres.length];
        for (int i = 0; i < out.length; i++) {
            double v = centres[i] + Sampling.vonMises(s.kappa()[i / d], rng);
            v -= TWO_PI * Math.floor(v / TWO_PI);
            out[i] = v >= TWO_PI ? 0 : v;
        }
        return out;
    }
}
