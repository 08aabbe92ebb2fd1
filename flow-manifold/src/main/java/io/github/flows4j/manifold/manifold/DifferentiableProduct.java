package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.function.BiFunction;

/**
 * A {@link ProductManifold} of {@link DifferentiableManifold}s, with Tensor maps: columns are split per factor with
 * {@link Tensor#narrow}, mapped by the factor and concatenated, so gradients flow through every factor; the
 * distance is the norm of the factors' distances (with the zero subgradient at x = y). Made by
 * {@link ProductManifold#of(DifferentiableManifold...)}.
 *
 * <pre>{@code
 * DifferentiableProduct m = ProductManifold.of(new FlatTorus(2), new Euclidean(1));
 * Tensor xt = m.geodesic(x0, x1, t);      // [batch, 3], differentiable
 * }</pre>
 */
public final class DifferentiableProduct extends ProductManifold implements DifferentiableManifold {
    DifferentiableProduct(DifferentiableManifold[] factors) {
        super(factors);
    }

    private DifferentiableManifold factor(int i) {
        return (DifferentiableManifold) factors().get(i);
    }

    private Tensor part(Tensor t, int i) {
        return t.narrow(1, offset(i), offset(i + 1) - offset(i));
    }

    private Tensor map2(String nameA, Tensor a, String nameB, Tensor b, BiFunction<Integer, Tensor[], Tensor> f) {
        Rows.check(nameA, a, ambientDim());
        Rows.checkLike(nameB, b, a, ambientDim());
        int k = factors().size();
        Tensor[] out = new Tensor[k];
        for (int i = 0; i < k; i++) {
            out[i] = f.apply(i, new Tensor[] {part(a, i), part(b, i)});
        }
        return out.length == 1 ? out[0] : Tensor.concat(1, out);
    }

    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, ambientDim());
        int k = factors().size();
        Tensor[] out = new Tensor[k];
        for (int i = 0; i < k; i++) {
            out[i] = factor(i).projx(part(x, i));
        }
        return k == 1 ? out[0] : Tensor.concat(1, out);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        return map2("x", x, "u", u, (i, p) -> factor(i).proju(p[0], p[1]));
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        return map2("x", x, "u", u, (i, p) -> factor(i).expmap(p[0], p[1]));
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        return map2("x", x, "y", y, (i, p) -> factor(i).logmap(p[0], p[1]));
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        return map2("x", x, "y", y, (i, p) -> factor(i).dist(p[0], p[1])).norm(1, true);
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        Rows.check("x", x, ambientDim());
        Rows.checkLike("u", u, x, ambientDim());
        Rows.checkLike("v", v, x, ambientDim());
        Tensor s = null;
        for (int i = 0; i < factors().size(); i++) {
            Tensor g = factor(i).inner(part(x, i), part(u, i), part(v, i));
            s = s == null ? g : s.add(g);
        }
        return s;
    }
}
