package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * An explicit Runge–Kutta method as data: nodes {@code c}, the strictly lower-triangular matrix {@code a}, weights
 * {@code b}, and for embedded pairs the error weights {@code e = b − b̂} (Butcher, <i>Numerical Methods for
 * ODEs</i>, §23). One generic stepper, {@link ExplicitRungeKutta}, runs every tableau:
 * {@code k_i = f(t0 + c_i h, y0 + h Σ_{j<i} a_ij k_j)}, {@code y1 = y0 + h Σ_i b_i k_i},
 * {@code err = h Σ_i e_i k_i}.
 *
 * <p>The compact constructor checks the shapes, {@code c_1 = 0}, the row sums {@code Σ_j a_ij = c_i} and
 * {@code Σ_i b_i = 1}. A tableau whose last row equals {@code b} at {@code c = 1} is <em>first same as last</em>: its
 * last stage is {@code f(t1, y1)}, reused as the next step's first.
 *
 * <pre>{@code
 * ButcherTableau heun = new ButcherTableau(
 *         new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5},
 *         null, null, 2, 0, null);
 * Solver solver = new ExplicitRungeKutta("Heun", heun);
 * }</pre>
 *
 * @param c           nodes, length s, {@code c[0] = 0}
 * @param a           rows {@code a[i]} of length i
 * @param b           weights, length s, summing to 1
 * @param errorWeights {@code b − b̂}, length s, or {@code null} for a method without an error estimate
 * @param errorWeights2 a second, lower-order error estimate's weights (Dormand–Prince 8(5,3)), or {@code null}
 * @param order       the order p of {@code b}
 * @param errorOrder  the order q of the error estimate (local error ~ h^(q+1)); 0 without one
 * @param dense       the method's continuous extension, or {@code null} for cubic Hermite interpolation
 */
public record ButcherTableau(double[] c, double[][] a, double[] b, double[] errorWeights, double[] errorWeights2,
        int order, int errorOrder, DenseWeights dense) {

    private static final double TOL = 1e-12;

    /** Validates and copies the arrays. */
    public ButcherTableau {
        if (c == null || a == null || b == null) {
            throw new IllegalArgumentException("c, a and b must not be null");
        }
        int s = b.length;
        if (s == 0) {
            throw InvalidConfigException.of("b.length", ">= 1", 0);
        }
        if (c.length != s) {
            throw InvalidConfigException.of("c.length", "b.length (" + s + ")", c.length);
        }
        if (a.length != s) {
            throw InvalidConfigException.of("a.length", "b.length (" + s + ")", a.length);
        }
        if (c[0] != 0.0) {
            throw InvalidConfigException.of("c[0]", "0 (explicit methods start at t0)", c[0]);
        }
        double[][] rows = new double[s][];
        for (int i = 0; i < s; i++) {
            if (a[i] == null || a[i].length != i) {
                throw InvalidConfigException.of("a[" + i + "].length", String.valueOf(i) + " (strictly lower "
                        + "triangular)", a[i] == null ? "null" : a[i].length);
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
        double bs = 0;
        for (double v : b) {
            bs += v;
        }
        if (Math.abs(bs - 1) > TOL * 100) {
            throw InvalidConfigException.of("sum of b", "1 (consistency)", bs);
        }
        if (order < 1) {
            throw InvalidConfigException.of("order", ">= 1", order);
        }
        if ((errorWeights == null) != (errorOrder == 0)) {
            throw new InvalidConfigException("errorOrder must be > 0 exactly when errorWeights are given; got "
                    + "errorOrder " + errorOrder + " with errorWeights " + (errorWeights == null ? "absent" : "present"));
        }
        if (errorOrder < 0) {
            throw InvalidConfigException.of("errorOrder", ">= 0", errorOrder);
        }
        if (errorWeights != null && errorWeights.length != s) {
            throw InvalidConfigException.of("errorWeights.length", "b.length (" + s + ")", errorWeights.length);
        }
        if (errorWeights2 != null && (errorWeights == null || errorWeights2.length != s)) {
            throw InvalidConfigException.of("errorWeights2.length", "b.length (" + s + ") with errorWeights given",
                    errorWeights2.length);
        }
        c = c.clone();
        a = rows;
        b = b.clone();
        errorWeights = errorWeights == null ? null : errorWeights.clone();
        errorWeights2 = errorWeights2 == null ? null : errorWeights2.clone();
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

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[][] a() {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public double[] errorWeights() {
        return errorWeights == null ? null : errorWeights.clone();
    }

    @Override
    public double[] errorWeights2() {
        return errorWeights2 == null ? null : errorWeights2.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && Arrays.equals(c, t.c) && Arrays.deepEquals(a, t.a)
                && Arrays.equals(b, t.b) && Arrays.equals(errorWeights, t.errorWeights)
                && Arrays.equals(errorWeights2, t.errorWeights2) && order == t.order && errorOrder == t.errorOrder
                && java.util.Objects.equals(dense, t.dense);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(b) * 31 + order;
    }

    @Override
    public String toString() {
        return "ButcherTableau[stages=" + b.length + ", order=" + order + ", errorOrder=" + errorOrder + ", fsal="
                + fsal() + "]";
    }
}
