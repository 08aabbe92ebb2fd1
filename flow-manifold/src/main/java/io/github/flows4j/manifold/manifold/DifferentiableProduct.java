package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;

/**
 * A {@link ProductManifold} of {@link DifferentiableManifold}s, with Tensor maps: columns are split per factor with
 * {@link Tensor#narrow}, mapped by the factor and concatenated — the same block structure as the array maps, so
 * gradients flow through every factor; the distance is the norm of the factors' distances (with the zero
 * subgradient at x = y). Made by {@link ProductManifold#of(DifferentiableManifold...)}.
 *
 * <pre>{@code
 * DifferentiableProduct m = ProductManifold.of(new FlatTorus(2), new Euclidean(1));
 * Tensor xt = m.geodesic(x0, x1, t);      // [batch, 3], differentiable
 * }</pre>
 */
public final class DifferentiableProduct extends ProductManifold implements DifferentiableManifold {
    private static final TensorAlgebra T = TensorAlgebra.INSTANCE;

    DifferentiableProduct(DifferentiableManifold[] factors) {
        super(factors);
    }

    private DifferentiableManifold factor(int i) {
        return (DifferentiableManifold) factors().get(i);
    }

    /** Checks the arguments (the first [batch, D], the others of its shape and type). */
    private List<Tensor> checked(String[] names, Tensor... args) {
        Rows.check(names[0], args[0], ambientDim());
        for (int k = 1; k < args.length; k++) {
            Rows.checkLike(names[k], args[k], args[0], ambientDim());
        }
        return List.of(args);
    }

    private static final String[] XU = {"x", "u"};
    private static final String[] XY = {"x", "y"};

    @Override
    public Tensor projx(Tensor x) {
        return blockwise(T, checked(new String[] {"x"}, x), (i, p) -> factor(i).projx(p.get(0)));
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        return blockwise(T, checked(XU, x, u), (i, p) -> factor(i).proju(p.get(0), p.get(1)));
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        return blockwise(T, checked(XU, x, u), (i, p) -> factor(i).expmap(p.get(0), p.get(1)));
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        return blockwise(T, checked(XY, x, y), (i, p) -> factor(i).logmap(p.get(0), p.get(1)));
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        return distance(T, blockwise(T, checked(XY, x, y), (i, p) -> factor(i).dist(p.get(0), p.get(1))));
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        return innerProduct(T, blockwise(T, checked(new String[] {"x", "u", "v"}, x, u, v),
                (i, p) -> factor(i).inner(p.get(0), p.get(1), p.get(2))));
    }
}
