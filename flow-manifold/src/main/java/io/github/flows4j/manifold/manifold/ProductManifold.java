package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Riemannian product M₁ × … × M_k: a point is the concatenation of one point per factor along the columns,
 * [batch, D₁ + … + D_k], tangent vectors likewise, and every map acts factor by factor (Chen and Lipman 2024, §3:
 * products of simple geometries such as the tori of RNA torsion angles, or a sphere times Euclidean space). The
 * metric is the sum of the factors' metrics, so dist = (Σ_i dist_i²)^{½}; the base distribution is the product of
 * the factors' bases, log p₀ = Σ_i log p₀_i.
 *
 * <p>{@link #of(Manifold...)} accepts any factors; when every factor is a {@link DifferentiableManifold} the
 * overload {@link #of(DifferentiableManifold...)} is chosen and returns a {@link DifferentiableProduct}, whose
 * Tensor maps split the columns with {@code narrow} and concatenate, so gradients flow.
 *
 * <pre>{@code
 * DifferentiableProduct m = ProductManifold.of(new Sphere(3), new FlatTorus(2));   // S² × T², rows of 5
 * INDArray x0 = m.randomBase(Rng.seeded(0), DataType.DOUBLE, 64);                   // uniform on S² × T²
 * Manifold spdTimesLine = ProductManifold.of(new SpdMatrices(2), new Euclidean(1)); // array maps only
 * }</pre>
 */
public sealed class ProductManifold implements Manifold permits DifferentiableProduct {
    private final List<Manifold> factors;
    private final int[] offsets;
    private final int dim;
    private final int intrinsic;

    ProductManifold(Manifold[] factors) {
        if (factors == null || factors.length == 0) {
            throw InvalidConfigException.of("factors", "at least one manifold", 0);
        }
        this.factors = List.of(factors);
        this.offsets = new int[factors.length + 1];
        int in = 0;
        for (int i = 0; i < factors.length; i++) {
            offsets[i + 1] = offsets[i] + factors[i].ambientDim();
            in += factors[i].intrinsicDim();
        }
        this.dim = offsets[factors.length];
        this.intrinsic = in;
    }

    /**
     * @param factors one or more manifolds, in column order
     * @return their product (array maps only)
     * @throws InvalidConfigException if no factor is given
     */
    public static ProductManifold of(Manifold... factors) {
        return new ProductManifold(factors.clone());
    }

    /**
     * @param factors one or more differentiable manifolds, in column order
     * @return their product, with Tensor maps
     * @throws InvalidConfigException if no factor is given
     */
    public static DifferentiableProduct of(DifferentiableManifold... factors) {
        return new DifferentiableProduct(factors.clone());
    }

    /** @return the factors, in column order */
    public List<Manifold> factors() {
        return factors;
    }

    /**
     * @param i a factor index
     * @return the first column of factor i; factor i spans columns [offset(i), offset(i + 1))
     */
    public int offset(int i) {
        return offsets[i];
    }

    @Override
    public int ambientDim() {
        return dim;
    }

    @Override
    public int intrinsicDim() {
        return intrinsic;
    }

    /**
     * The product's structure, written once for both representations: splits each argument into the factors'
     * column blocks, applies {@code f} to factor i's blocks and joins the results side by side.
     *
     * @param a    the algebra of the representation
     * @param args the arguments, [batch, D] each
     * @param f    (factor index, the arguments' blocks) → that factor's result, [batch, D_i] or [batch, 1]
     * @return the joined results, [batch, Σ widths]
     */
    final <T> T blockwise(RowAlgebra<T> a, List<T> args, BiFunction<Integer, List<T>, T> f) {
        List<T> out = new ArrayList<>(factors.size());
        for (int i = 0; i < factors.size(); i++) {
            List<T> parts = new ArrayList<>(args.size());
            for (T t : args) {
                parts.add(a.narrow(t, offsets[i], offsets[i + 1] - offsets[i]));
            }
            out.add(f.apply(i, parts));
        }
        return a.concat(out);
    }

    /** dist = (Σ_i dist_i²)^{½} from the factors' distances side by side, [batch, k] → [batch, 1]. */
    static <T> T distance(RowAlgebra<T> a, T factorDistances) {
        return a.rowNorm(factorDistances);
    }

    /** g = Σ_i g_i from the factors' inner products side by side, [batch, k] → [batch, 1]. */
    static <T> T innerProduct(RowAlgebra<T> a, T factorInners) {
        return a.rowSum(factorInners);
    }

    /**
     * Reads and checks the array arguments (the first [batch, D], the others of its shape and type), and applies
     * the factors' array maps block by block.
     */
    private HostRows arrays(String[] names, INDArray[] args, BiFunction<Integer, INDArray[], INDArray> f) {
        List<HostRows> hosts = new ArrayList<>(args.length);
        for (int k = 0; k < args.length; k++) {
            double[] v = k == 0 ? Rows.read(names[0], args[0], dim) : Rows.readLike(names[k], args[k], args[0], dim);
            hosts.add(HostRows.of(v, dim));
        }
        DataType type = args[0].dataType();
        return blockwise(HostRows.ALGEBRA, hosts, (i, parts) -> {
            INDArray[] in = new INDArray[parts.size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = parts.get(k).toArray(type, parts.get(k).rows(), parts.get(k).cols());
            }
            INDArray r = f.apply(i, in);
            return HostRows.of(HostArrays.toDoubles(r), r.rank() == 1 ? 1 : (int) r.size(1));
        });
    }

    private static INDArray rows(HostRows r, INDArray like) {
        return r.toArray(like.dataType(), r.rows(), r.cols());
    }

    private static INDArray column(HostRows r, INDArray like) {
        return r.toArray(like.dataType(), r.rows());
    }

    @Override
    public INDArray projx(INDArray x) {
        return rows(arrays(new String[] {"x"}, new INDArray[] {x}, (i, p) -> factors.get(i).projx(p[0])), x);
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        return rows(arrays(new String[] {"x", "u"}, new INDArray[] {x, u},
                (i, p) -> factors.get(i).proju(p[0], p[1])), x);
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        return rows(arrays(new String[] {"x", "u"}, new INDArray[] {x, u},
                (i, p) -> factors.get(i).expmap(p[0], p[1])), x);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        return rows(arrays(new String[] {"x", "y"}, new INDArray[] {x, y},
                (i, p) -> factors.get(i).logmap(p[0], p[1])), x);
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        HostRows d = arrays(new String[] {"x", "y"}, new INDArray[] {x, y}, (i, p) -> factors.get(i).dist(p[0], p[1]));
        return column(distance(HostRows.ALGEBRA, d), x);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        HostRows g = arrays(new String[] {"x", "u", "v"}, new INDArray[] {x, u, v},
                (i, p) -> factors.get(i).inner(p[0], p[1], p[2]));
        return column(innerProduct(HostRows.ALGEBRA, g), x);
    }

    @Override
    public void checkPoints(String name, INDArray x) {
        arrays(new String[] {name}, new INDArray[] {x}, (i, p) -> {
            factors.get(i).checkPoints(name + " (factor " + i + ", columns " + offsets[i] + ".."
                    + (offsets[i + 1] - 1) + ")", p[0]);
            return p[0];
        });
    }

    /** {@inheritDoc} The product of the factors' bases, drawn factor after factor from {@code rng}. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long n) {
        int rows = Rows.sampleCount(n, type);
        List<HostRows> parts = new ArrayList<>(factors.size());
        for (Manifold f : factors) {
            parts.add(HostRows.of(HostArrays.toDoubles(f.randomBase(rng, type, n)), f.ambientDim()));
        }
        return HostRows.ALGEBRA.concat(parts).toArray(type, rows, dim);
    }

    @Override
    public INDArray baseLogProb(INDArray x) {
        HostRows lp = arrays(new String[] {"x"}, new INDArray[] {x}, (i, p) -> factors.get(i).baseLogProb(p[0]));
        return column(HostRows.ALGEBRA.rowSum(lp), x);
    }

    @Override
    public String toString() {
        return "ProductManifold" + Arrays.toString(factors.toArray());
    }
}
