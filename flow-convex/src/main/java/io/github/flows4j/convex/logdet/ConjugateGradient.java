package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batched conjugate gradients (Hestenes and Stiefel 1952; Nocedal and Wright, Algorithm 5.2) for A_b u_b = b_b, one
 * symmetric positive-definite system per row, all rows advanced together so each iteration costs one batched
 * product A p. Starting from u = 0:
 * <pre>
 *   r = p = b;   repeat:  α = rᵀr / pᵀA p;  u += α p;  r −= α A p;  β = r₊ᵀr₊ / rᵀr;  p = r₊ + β p
 * </pre>
 * Rows that meet the tolerance ({@link CgConfig}) freeze while the others continue; a row whose pᵀAp is not
 * positive (A not positive definite along p, or p = 0) freezes too. The iterates are float64 host arrays, so the
 * product A p is the only array op per iteration. No graph is recorded: CP-Flow treats u = H⁻¹v as a constant
 * (Huang et al., ICLR 2021, Sec. 4).
 *
 * <pre>{@code
 * CgResult r = ConjugateGradient.solve(hessian.matVec(), v, new CgConfig(10, 1e-3, 0));
 * }</pre>
 */
public final class ConjugateGradient {
    private ConjugateGradient() {
    }

    /**
     * @param a      v ↦ A v on [batch, d] arrays, rows independent; must return a new array
     * @param b      right-hand sides, [batch, d]
     * @param config stopping rule
     * @return the solution and how the solve went
     * @throws ShapeMismatchException if b is not a matrix or A returns another shape
     * @throws io.github.flows4j.core.NonFiniteException if b holds NaN or infinity
     * @throws InvalidConfigException if an argument is null
     */
    public static CgResult solve(UnaryOperator<INDArray> a, INDArray b, CgConfig config) {
        Checks.notNull("a", a);
        Checks.notNull("config", config);
        Checks.matrix("b", b);
        Checks.finite("b", b);
        int n = (int) b.size(0);
        int d = (int) b.size(1);
        // the vectors live in float64 host arrays: one product per iteration is the only ND4J work
        double[] r = HostArrays.toDoubles(b);
        double[] u = new double[n * d];
        double[] p = r.clone();
        double[] rs = rowDots(r, r, n, d);
        boolean[] frozen = new boolean[n];
        boolean tolerance = config.atol() > 0 || config.rtol() > 0;
        int iterations = 0;
        boolean met = updateFrozen(frozen, r, u, config, n, d, tolerance);
        while (!allTrue(frozen) && iterations < config.maxIterations()) {
            // A is applied to unit-scaled rows and the products rescaled in float64: as CG converges p shrinks
            // towards float32's subnormal range, where the arithmetic (BLAS included) runs 50-100x slower
            double[] scale = rowScales(p, n, d);
            INDArray pArray = HostArrays.fromDoubles(scaled(p.clone(), scale, n, d, false), b.dataType(), n, d);
            INDArray apArray = a.apply(pArray);
            pArray.close();
            if (!Arrays.equals(apArray.shape(), b.shape())) {
                throw ShapeMismatchException.of("A p", Arrays.toString(b.shape()), apArray.shape());
            }
            double[] ap = scaled(HostArrays.toDoubles(apArray), scale, n, d, true);
            apArray.close();
            double[] pap = rowDots(p, ap, n, d);
            for (int i = 0; i < n; i++) {
                if (frozen[i]) {
                    continue;
                }
                if (!(pap[i] > 0)) {
                    frozen[i] = true; // A not positive definite along p, or p = 0
                    continue;
                }
                double alpha = rs[i] / pap[i];
                for (int j = i * d; j < (i + 1) * d; j++) {
                    u[j] += alpha * p[j];
                    r[j] -= alpha * ap[j];
                }
            }
            double[] rsNew = rowDots(r, r, n, d);
            iterations++;
            met = updateFrozen(frozen, r, u, config, n, d, tolerance);
            for (int i = 0; i < n; i++) {
                double beta = frozen[i] || !(rs[i] > 0) ? 0 : rsNew[i] / rs[i];
                for (int j = i * d; j < (i + 1) * d; j++) {
                    p[j] = frozen[i] ? 0 : r[j] + beta * p[j];
                }
            }
            rs = rsNew;
        }
        double maxResidual = 0;
        for (double v : r) {
            maxResidual = Math.max(maxResidual, Math.abs(v));
        }
        return new CgResult(HostArrays.fromDoubles(u, b.dataType(), n, d), iterations, maxResidual, met);
    }

    /** Freezes rows whose residual meets the tolerance; @return whether every row meets it. */
    private static boolean updateFrozen(boolean[] frozen, double[] rv, double[] uv, CgConfig c, int n, int d,
            boolean tolerance) {
        if (!tolerance) {
            return false;
        }
        boolean all = true;
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            for (int j = 0; j < d && ok; j++) {
                ok = Math.abs(rv[i * d + j]) <= c.atol() + c.rtol() * Math.abs(uv[i * d + j]);
            }
            frozen[i] |= ok;
            all &= ok;
        }
        return all;
    }

    private static boolean allTrue(boolean[] b) {
        for (boolean v : b) {
            if (!v) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return per row, the power of two nearest below its largest absolute entry (1 for a zero row): scaling by a
     *     power of two is exact, so wherever float32 would not have gone subnormal the products are bit-identical
     */
    private static double[] rowScales(double[] v, int n, int d) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                m = Math.max(m, Math.abs(v[j]));
            }
            out[i] = m > 0 && Double.isFinite(m) ? Math.scalb(1.0, Math.getExponent(m)) : 1;
        }
        return out;
    }

    /** Divides (or, with {@code multiply}, multiplies) each row by its scale, in place; @return v */
    private static double[] scaled(double[] v, double[] scale, int n, int d, boolean multiply) {
        for (int i = 0; i < n; i++) {
            double f = multiply ? scale[i] : 1 / scale[i];
            for (int j = i * d; j < (i + 1) * d; j++) {
                v[j] *= f;
            }
        }
        return v;
    }

    private static double[] rowDots(double[] xv, double[] yv, int n, int d) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += xv[i * d + j] * yv[i * d + j];
            }
            out[i] = s;
        }
        return out;
    }
}
