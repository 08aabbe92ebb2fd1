package io.github.flows4j.manifold.manifold;

import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.UnaryOperator;

/**
 * The few row-wise operations the manifold maps are written in, so that each map's formula exists once and runs on
 * two representations: {@link HostRows#ALGEBRA} evaluates it eagerly on float64 host arrays (the {@code INDArray}
 * maps, on sampling, likelihood and solver hot paths) and {@link TensorAlgebra#INSTANCE} records it on autodiff
 * {@link io.github.flows4j.core.autodiff.Tensor}s (the differentiable maps). Values are [rows, cols] matrices;
 * binary operations broadcast a [rows, 1] column or a [1, cols] row. Masks are host booleans, one per row of a
 * [rows, 1] column or one per element: {@link #where} never sends a gradient through the mask, and the "safe input"
 * pattern ({@link #replace} before a branch that would be singular where it is not selected) keeps NaN out of
 * gradients.
 *
 * <pre>{@code
 * static <T> T expmap(RowAlgebra<T> a, T x, T u) {   // Euclidean space, once for both representations
 *     return a.add(x, u);
 * }
 * }</pre>
 *
 * @param <T> the representation of a [rows, cols] matrix
 */
interface RowAlgebra<T> {
    /** @return the number of rows of a */
    int rows(T a);

    /** @return the number of columns of a */
    int cols(T a);

    /** @return a + b */
    T add(T a, T b);

    /** @return a − b */
    T sub(T a, T b);

    /** @return a ⊙ b */
    T mul(T a, T b);

    /** @return a / b */
    T div(T a, T b);

    /** @return a + c */
    T add(T a, double c);

    /** @return c · a */
    T mul(T a, double c);

    /** @return √a */
    T sqrt(T a);

    /** @return cos a */
    T cos(T a);

    /** @return sin a */
    T sin(T a);

    /** @return eᵃ */
    T exp(T a);

    /** @return log a */
    T log(T a);

    /** @return log(1 + a) */
    T log1p(T a);

    /** @return atan2(y, x) */
    T atan2(T y, T x);

    /** @return max(a, lo) */
    T clampMin(T a, double lo);

    /** @return Σ_j a_ij, [rows, 1] */
    T rowSum(T a);

    /** @return ‖a_i‖ per row, [rows, 1], with the zero subgradient at a zero row */
    T rowNorm(T a);

    /** @return columns [from, from + width) */
    T narrow(T a, int from, int width);

    /** @return the parts side by side, [rows, Σ cols] */
    T concat(List<T> parts);

    /** @return the values of a, row-major (do not modify) */
    double[] values(T a);

    /** @return a constant [rows, cols] matrix of the values, of like's type */
    T constant(double[] v, T like, int rows, int cols);

    /** @return where(mask, a, b), the mask one per row or one per element of the result */
    T where(boolean[] mask, T a, T b);

    /**
     * @param f maps a's values (row-major, not to be modified) to new values of the same length
     * @return the mapped values, with the gradient of the identity: a minus a constant offset
     */
    T snap(T a, UnaryOperator<double[]> f);

    /** @return a copy of a (a new node for Tensors) */
    T copy(T a);

    // ------------------------------------------------------------------------------------------ derived

    /** @return Σ_j a_ij b_ij per row, [rows, 1] */
    default T rowDot(T a, T b) {
        return rowSum(mul(a, b));
    }

    /** @return Σ_j w_j a_ij b_ij per row, [rows, 1], for constant weights w of length cols */
    default T weightedRowDot(T a, T b, double[] w) {
        return rowSum(mul(mul(a, b), constant(w, a, 1, w.length)));
    }

    /** @return where the predicate holds for each element of a */
    default boolean[] mask(T a, DoublePredicate p) {
        double[] v = values(a);
        boolean[] m = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = p.test(v[i]);
        }
        return m;
    }

    /** @return a with the masked elements replaced by {@code fill} */
    default T replace(boolean[] mask, T a, double fill) {
        double[] f = new double[rows(a) * cols(a)];
        java.util.Arrays.fill(f, fill);
        return where(mask, constant(f, a, rows(a), cols(a)), a);
    }

    /** @return c₀ + c₁q + c₂q² + c₃q³, by Horner's rule */
    default T series(T q, double c0, double c1, double c2, double c3) {
        return add(mul(add(mul(add(mul(q, c3), c2), q), c1), q), c0);
    }

    /** @return √q where q &gt; 0 and 0 elsewhere, with a zero (not NaN) gradient at q ≤ 0 */
    default T safeSqrt(T q) {
        boolean[] zero = mask(q, v -> !(v > 0));
        if (!any(zero)) {
            return sqrt(q);
        }
        T root = sqrt(replace(zero, q, 1.0));
        return where(zero, mul(root, 0.0), root);
    }

    /** @return whether any element of the mask is set */
    static boolean any(boolean[] mask) {
        for (boolean b : mask) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
