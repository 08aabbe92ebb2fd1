package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An explicit Runge–Kutta method as data: nodes {@code c}, the strictly lower-triangular matrix {@code a}, weights
 * {@code b}, and for embedded pairs the error weights {@code e = b − b̂} (Butcher, <i>Numerical Methods for
 * ODEs</i>, §23). One generic stepper, {@link ExplicitRungeKutta}, runs every tableau:
 * {@code k_i = f(t0 + c_i h, y0 + h Σ_{j<i} a_ij k_j)}, {@code y1 = y0 + h Σ_i b_i k_i},
 * {@code err = h Σ_i e_i k_i}.
 *
 * <p>Made by named factories: {@link #explicit} for a method without an error estimate (driven by constant steps),
 * {@link #embedded} for an embedded pair; {@link #withDense} adds the method's own continuous extension (else dense
 * output is cubic Hermite) and {@link #withSecondErrorWeights} a second, lower-order estimate (Dormand–Prince
 * 8(5,3)). Each checks the shapes, {@code c_1 = 0}, the row sums {@code Σ_j a_ij = c_i} and {@code Σ_i b_i = 1}.
 * A tableau whose last row equals {@code b} at {@code c = 1} is <em>first same as last</em>: its last stage is
 * {@code f(t1, y1)}, reused as the next step's first.
 *
 * <pre>{@code
 * ButcherTableau heun = ButcherTableau.explicit(
 *         new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, 2);
 * ButcherTableau heunEuler = ButcherTableau.embedded(
 *         new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {-0.5, 0.5}, 2, 1);
 * Solver solver = new ExplicitRungeKutta("Heun", heun);
 * }</pre>
 */
public final class ButcherTableau {

    private static final double TOL = 1e-12;

    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] errorWeights;
    private final double[] errorWeights2;
    private final int order;
    private final int errorOrder;
    private final DenseWeights dense;
    private final boolean reuseLastStage;

    private ButcherTableau(double[] c, double[][] a, double[] b, double[] errorWeights, double[] errorWeights2,
            int order, int errorOrder, DenseWeights dense) {
        this(c, a, b, errorWeights, errorWeights2, order, errorOrder, dense, false);
    }

    private ButcherTableau(double[] c, double[][] a, double[] b, double[] errorWeights, double[] errorWeights2,
            int order, int errorOrder, DenseWeights dense, boolean reuseLastStage) {
        this.b = checkedWeights(b);
        int s = b.length;
        this.c = checkedNodes(c, s);
        this.a = checkedMatrix(a, this.c);
        if (order < 1) {
            throw InvalidConfigException.of("order", ">= 1", order);
        }
        if (errorWeights != null) {
            if (errorOrder < 1) {
                throw InvalidConfigException.of("errorOrder", ">= 1 with errorWeights given", errorOrder);
            }
            if (errorWeights.length != s) {
                throw InvalidConfigException.of("errorWeights.length", "b.length (" + s + ")", errorWeights.length);
            }
        }
        if (errorWeights2 != null && errorWeights2.length != s) {
            throw InvalidConfigException.of("errorWeights2.length", "b.length (" + s + ")", errorWeights2.length);
        }
        if (dense != null) {
            double[] w = dense.weights(1.0);
            if (w == null || w.length != s) {
                throw InvalidConfigException.of("dense.weights(1).length", "b.length (" + s + ")",
                        w == null ? "null" : w.length);
            }
        }
        this.errorWeights = errorWeights == null ? null : errorWeights.clone();
        this.errorWeights2 = errorWeights2 == null ? null : errorWeights2.clone();
        this.order = order;
        this.errorOrder = errorWeights == null ? 0 : errorOrder;
        this.dense = dense;
        if (reuseLastStage && (s < 2 || this.c[s - 1] != 1.0)) {
            throw InvalidConfigException.of("reuseLastStage", "only for a last stage at c = 1",
                    "c[" + (s - 1) + "] = " + this.c[s - 1]);
        }
        this.reuseLastStage = reuseLastStage;
    }

    /**
     * A method without an error estimate (Euler, RK4, ...): it needs a constant step size; dense output is cubic
     * Hermite.
     *
     * @param c     nodes, length s, {@code c[0] = 0}
     * @param a     rows {@code a[i]} of length i, each summing to {@code c[i]}
     * @param b     weights, length s, summing to 1
     * @param order the order p of {@code b}, &ge; 1
     * @return the tableau
     * @throws InvalidConfigException naming the first array or value that breaks its rule
     */
    public static ButcherTableau explicit(double[] c, double[][] a, double[] b, int order) {
        return new ButcherTableau(c, a, b, null, null, order, 0, null);
    }

    /**
     * An embedded pair: weights {@code b} and a second set {@code b̂} whose difference estimates the local error, so
     * an adaptive controller can drive it; dense output is cubic Hermite unless {@link #withDense} is used.
     *
     * @param c            nodes, length s, {@code c[0] = 0}
     * @param a            rows {@code a[i]} of length i, each summing to {@code c[i]}
     * @param b            weights, length s, summing to 1
     * @param errorWeights {@code b − b̂}, length s
     * @param order        the order p of {@code b}, &ge; 1
     * @param errorOrder   the order q of the error estimate (local error ~ h^(q+1)), &ge; 1
     * @return the tableau
     * @throws InvalidConfigException naming the first array or value that breaks its rule
     */
    public static ButcherTableau embedded(double[] c, double[][] a, double[] b, double[] errorWeights, int order,
            int errorOrder) {
        if (errorWeights == null) {
            throw InvalidConfigException.of("errorWeights", "given for an embedded pair", null);
        }
        return new ButcherTableau(c, a, b, errorWeights, null, order, errorOrder, null);
    }

    /**
     * @param weights the method's continuous extension, {@code weights(θ).length = s}
     * @return this tableau with its own dense output in place of cubic Hermite interpolation
     * @throws InvalidConfigException if {@code weights} is null or returns the wrong number of weights
     */
    public ButcherTableau withDense(DenseWeights weights) {
        if (weights == null) {
            throw InvalidConfigException.of("dense", "a DenseWeights", null);
        }
        return new ButcherTableau(c, a, b, errorWeights, errorWeights2, order, errorOrder, weights, reuseLastStage);
    }

    /**
     * torchdiffeq's economy for pairs that are not first-same-as-last but end on a stage at {@code c = 1}
     * ({@code adaptive_heun}, {@code fehlberg2}): the last stage {@code f(t1, ŷ1)}, taken at the stage input
     * {@code ŷ1} rather than at the propagated {@code y1}, is handed on as the next step's first stage instead of
     * evaluating {@code f(t1, y1)}. It saves one evaluation per step; the two differ by {@code O(h^(q+1))} times the
     * field's Lipschitz constant, which keeps the method's order (fitted in the convergence tests) but changes its
     * error constant, so results differ from the exact method in the last digits that the tolerance allows. Dense
     * output (cubic Hermite) uses the same derivative. A tableau that is already first-same-as-last is unaffected.
     *
     * @param reuse whether to hand the last stage on
     * @return this tableau with that choice
     * @throws InvalidConfigException if {@code reuse} and the last node is not 1
     */
    public ButcherTableau withLastStageReuse(boolean reuse) {
        return new ButcherTableau(c, a, b, errorWeights, errorWeights2, order, errorOrder, dense, reuse);
    }

    /**
     * @param weights a second, lower-order error estimate's weights, length s (Dormand–Prince 8(5,3) combines
     *                the two)
     * @return this embedded pair with the second estimate
     * @throws InvalidConfigException if this tableau has no first estimate or {@code weights} has the wrong length
     */
    public ButcherTableau withSecondErrorWeights(double[] weights) {
        if (errorWeights == null) {
            throw InvalidConfigException.of("errorWeights2", "added to an embedded pair (ButcherTableau.embedded)",
                    "a tableau without an error estimate");
        }
        if (weights == null) {
            throw InvalidConfigException.of("errorWeights2", "given", null);
        }
        return new ButcherTableau(c, a, b, errorWeights, weights, order, errorOrder, dense, reuseLastStage);
    }

    private static double[] checkedWeights(double[] b) {
        if (b == null || b.length == 0) {
            throw InvalidConfigException.of("b.length", ">= 1", b == null ? "null" : 0);
        }
        double bs = 0;
        for (double v : b) {
            bs += v;
        }
        if (Math.abs(bs - 1) > TOL * 100) {
            throw InvalidConfigException.of("sum of b", "1 (consistency)", bs);
        }
        return b.clone();
    }

    private static double[] checkedNodes(double[] c, int s) {
        if (c == null || c.length != s) {
            throw InvalidConfigException.of("c.length", "b.length (" + s + ")", c == null ? "null" : c.length);
        }
        if (c[0] != 0.0) {
            throw InvalidConfigException.of("c[0]", "0 (explicit methods start at t0)", c[0]);
        }
        return c.clone();
    }

    private static double[][] checkedMatrix(double[][] a, double[] c) {
        int s = c.length;
        if (a == null || a.length != s) {
            throw InvalidConfigException.of("a.length", "b.length (" + s + ")", a == null ? "null" : a.length);
        }
        double[][] rows = new double[s][];
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != i) {
                throw InvalidConfigException.of("a[" + i + "].length", i + " (strictly lower triangular)",
                        a[i] == null ? "null" : a[i].length);
            }
            rows[i] = a[i].clone();
            double sum = 0;
            for (double v : rows[i]) {
                sum += v;
            }
            if (i > 0 && Math.abs(sum - c[i]) > 1e-10 * Math.max(1, Math.abs(c[i]))) {
                throw InvalidConfigException.of("sum of a[" + i + "]", "c[" + i + "] = " + c[i], sum);
            }
        }
        return rows;
    }

    /** @return the number of stages s */
    public int stages() {
        return b.length;
    }

    /** @return whether the last stage is {@code f(t1, y1)} (first same as last) */
    public boolean fsal() {
        int s = b.length;
        if (s < 2 || c[s - 1] != 1.0 || b[s - 1] != 0.0) {
            return false;
        }
        for (int j = 0; j < s - 1; j++) {
            if (a[s - 1][j] != b[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether the last stage is handed on as the next step's first: always for a first-same-as-last
     *     tableau (where it is exactly {@code f(t1, y1)}), and where {@link #withLastStageReuse} asked for it
     */
    public boolean reusesLastStage() {
        return reuseLastStage || fsal();
    }

    /** @return the nodes, length s */
    public double[] c() {
        return c.clone();
    }

    /** @return the rows {@code a[i]}, of length i */
    public double[][] a() {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    /** @return the weights, length s */
    public double[] b() {
        return b.clone();
    }

    /** @return {@code b − b̂}, length s, or {@code null} for a method without an error estimate */
    public double[] errorWeights() {
        return errorWeights == null ? null : errorWeights.clone();
    }

    /** @return the second error estimate's weights, or {@code null} */
    public double[] errorWeights2() {
        return errorWeights2 == null ? null : errorWeights2.clone();
    }

    /** @return the order p of {@code b} */
    public int order() {
        return order;
    }

    /** @return the order q of the error estimate (local error ~ h^(q+1)); 0 without one */
    public int errorOrder() {
        return errorOrder;
    }

    /** @return the method's continuous extension, or {@code null} for cubic Hermite interpolation */
    public DenseWeights dense() {
        return dense;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && Arrays.equals(c, t.c) && Arrays.deepEquals(a, t.a)
                && Arrays.equals(b, t.b) && Arrays.equals(errorWeights, t.errorWeights)
                && Arrays.equals(errorWeights2, t.errorWeights2) && order == t.order && errorOrder == t.errorOrder
                && Objects.equals(dense, t.dense) && reuseLastStage == t.reuseLastStage;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(b) * 31 + order;
    }

    @Override
    public String toString() {
        return "ButcherTableau[stages=" + b.length + ", order=" + order + ", errorOrder=" + errorOrder + ", fsal="
                + fsal() + (reuseLastStage ? ", reuseLastStage" : "") + "]";
    }
}
