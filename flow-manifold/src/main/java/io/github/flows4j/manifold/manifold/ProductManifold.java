package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
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

    /** Columns [offset(i), offset(i+1)) of the [rows, dim] host matrix v, as an array of the given type. */
    private INDArray block(double[] v, int rows, int i, DataType type) {
        int di = offsets[i + 1] - offsets[i];
        double[] out = new double[rows * di];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v, r * dim + offsets[i], out, r * di, di);
        }
        return HostArrays.fromDoubles(out, type, rows, di);
    }

    private void place(INDArray part, int rows, int i, double[] into) {
        int di = offsets[i + 1] - offsets[i];
        double[] p = HostArrays.toDoubles(part);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(p, r * di, into, r * dim + offsets[i], di);
        }
    }

    private INDArray rowwise(INDArray x, Function<Integer, INDArray> f) {
        int rows = (int) x.size(0);
        double[] out = new double[rows * dim];
        for (int i = 0; i < factors.size(); i++) {
            place(f.apply(i), rows, i, out);
        }
        return HostArrays.fromDoubles(out, x.dataType(), rows, dim);
    }

    private INDArray pairwise(String nameA, INDArray a, String nameB, INDArray b,
            BiFunction<Integer, INDArray[], INDArray> f) {
        double[] av = Rows.read(nameA, a, dim);
        double[] bv = Rows.readLike(nameB, b, a, dim);
        int rows = (int) a.size(0);
        return rowwise(a, i -> f.apply(i, new INDArray[] {block(av, rows, i, a.dataType()),
            block(bv, rows, i, a.dataType())}));
    }

    @Override
    public INDArray projx(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        int rows = (int) x.size(0);
        return rowwise(x, i -> factors.get(i).projx(block(v, rows, i, x.dataType())));
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        return pairwise("x", x, "u", u, (i, p) -> factors.get(i).proju(p[0], p[1]));
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        return pairwise("x", x, "u", u, (i, p) -> factors.get(i).expmap(p[0], p[1]));
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        return pairwise("x", x, "y", y, (i, p) -> factors.get(i).logmap(p[0], p[1]));
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] xv = Rows.read("x", x, dim);
        double[] yv = Rows.readLike("y", y, x, dim);
        int rows = (int) x.size(0);
        double[] s = new double[rows];
        for (int i = 0; i < factors.size(); i++) {
            double[] d = HostArrays.toDoubles(factors.get(i).dist(block(xv, rows, i, x.dataType()),
                    block(yv, rows, i, x.dataType())));
            for (int r = 0; r < rows; r++) {
                s[r] += d[r] * d[r];
            }
        }
        for (int r = 0; r < rows; r++) {
            s[r] = Math.sqrt(s[r]);
        }
        return HostArrays.fromDoubles(s, x.dataType(), rows);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        double[] xv = Rows.read("x", x, dim);
        double[] uv = Rows.readLike("u", u, x, dim);
        double[] vv = Rows.readLike("v", v, x, dim);
        int rows = (int) x.size(0);
        double[] s = new double[rows];
        for (int i = 0; i < factors.size(); i++) {
            DataType t = x.dataType();
            double[] g = HostArrays.toDoubles(factors.get(i).inner(block(xv, rows, i, t), block(uv, rows, i, t),
                    block(vv, rows, i, t)));
            for (int r = 0; r < rows; r++) {
                s[r] += g[r];
            }
        }
        return HostArrays.fromDoubles(s, x.dataType(), rows);
    }

    @Override
    public void checkPoints(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        int rows = (int) x.size(0);
        for (int i = 0; i < factors.size(); i++) {
            factors.get(i).checkPoints(name + " (factor " + i + ", columns " + offsets[i] + ".." + (offsets[i + 1] - 1)
                    + ")", block(v, rows, i, x.dataType()));
        }
    }

    /** {@inheritDoc} The product of the factors' bases, drawn factor after factor from {@code rng}. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long n) {
        int rows = Rows.sampleCount(n, type);
        double[] out = new double[rows * dim];
        for (int i = 0; i < factors.size(); i++) {
            place(factors.get(i).randomBase(rng, type, n), rows, i, out);
        }
        return HostArrays.fromDoubles(out, type, rows, dim);
    }

    @Override
    public INDArray baseLogProb(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        int rows = (int) x.size(0);
        double[] s = new double[rows];
        for (int i = 0; i < factors.size(); i++) {
            double[] lp = HostArrays.toDoubles(factors.get(i).baseLogProb(block(v, rows, i, x.dataType())));
            for (int r = 0; r < rows; r++) {
                s[r] += lp[r];
            }
        }
        return HostArrays.fromDoubles(s, x.dataType(), rows);
    }

    @Override
    public String toString() {
        return "ProductManifold" + Arrays.toString(factors.toArray());
    }
}
