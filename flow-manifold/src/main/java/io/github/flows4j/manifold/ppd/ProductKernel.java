package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.DifferentiableProduct;
import java.util.List;

/**
 * The product kernel on M₁ × … × M_k, k(x | μ) = Π_f k_f(x_f | μ_f), each factor's kernel on its own columns with
 * the same schedule: log-kernels add, and since the mixture weights are the joint ones, the weighted ∂_t log k add
 * and the weighted gradients concatenate.
 *
 * <pre>{@code
 * KernelFamily k = KernelFamily.of(ProductManifold.of(new Sphere(3), new FlatTorus(2)));
 * }</pre>
 */
final class ProductKernel implements KernelFamily {
    private final DifferentiableProduct manifold;
    private final List<KernelFamily> parts;

    ProductKernel(DifferentiableProduct manifold, List<KernelFamily> parts) {
        this.manifold = manifold;
        this.parts = List.copyOf(parts);
    }

    @Override
    public DifferentiableManifold manifold() {
        return manifold;
    }

    private Tensor part(Tensor a, int f) {
        return a.narrow(1, manifold.offset(f), parts.get(f).manifold().ambientDim());
    }

    @Override
    public Tensor logKernels(Tensor x, Tensor centres, KernelTimes s) {
        Tensor sum = null;
        for (int f = 0; f < parts.size(); f++) {
            Tensor lk = parts.get(f).logKernels(part(x, f), part(centres, f), s);
            sum = sum == null ? lk : sum.add(lk);
        }
        return sum;
    }

    @Override
    public Moments moments(Tensor w, Tensor x, Tensor centres, KernelTimes s) {
        Tensor dt = null;
        Tensor[] grads = new Tensor[parts.size()];
        for (int f = 0; f < parts.size(); f++) {
            Moments m = parts.get(f).moments(w, part(x, f), part(centres, f), s);
            dt = dt == null ? m.dt() : dt.add(m.dt());
            grads[f] = m.grad();
        }
        return new Moments(dt, Tensor.concat(1, grads));
    }

    @Override
    public double[] sample(double[] centres, KernelTimes s, Rng rng) {
        int dim = manifold.ambientDim();
        int n = s.rows();
        double[] out = new double[centres.length];
        for (int f = 0; f < parts.size(); f++) {
            int df = parts.get(f).manifold().ambientDim();
            int off = manifold.offset(f);
            double[] c = new double[n * df];
            for (int i = 0; i < n; i++) {
                System.arraycopy(centres, i * dim + off, c, i * df, df);
            }
            double[] draw = parts.get(f).sample(c, s, rng);
            for (int i = 0; i < n; i++) {
                System.arraycopy(draw, i * df, out, i * dim + off, df);
            }
        }
        return out;
    }
}
