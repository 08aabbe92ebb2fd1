package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * The coefficients of a diagonally implicit Runge–Kutta method: a lower-triangular matrix {@code a} whose diagonal
 * may be non-zero, the weights {@code b}, optional error weights {@code e = b − b̂} of an embedded method, and the
 * orders. The nodes are the row sums {@code c_i = Σ_j a_ij}. When {@code a[0][0] = 0} the first stage is explicit
 * (ESDIRK, it reuses the previous step's last derivative); when the last row of {@code a} equals {@code b} the
 * method is stiffly accurate ({@code y1} is the last stage, whose derivative is {@code f(t1, y1)}).
 *
 * <pre>{@code
 * DirkTableau implicitEuler = DirkTableau.of(new double[][] {{1}}, new double[] {1}, null, 1, 0);
 * }</pre>
 */
public final class DirkTableau {
    private final double[][] a;
    private final double[] b;
    private final double[] e;
    private final double[] c;
    private final int order;
    private final int errorOrder;

    private DirkTableau(double[][] a, double[] b, double[] e, int order, int errorOrder) {
        int s = b.length;
        if (s < 1 || a.length != s) {
            throw InvalidConfigException.of("a", "one row per weight in b (" + s + ")", a.length);
        }
        if (e != null && e.length != s) {
            throw InvalidConfigException.of("errorWeights.length", "= stages (" + s + ")", e.length);
        }
        if (order < 1) {
            throw InvalidConfigException.of("order", ">= 1", order);
        }
        if (errorOrder < 0 || (e == null) != (errorOrder == 0)) {
            throw InvalidConfigException.of("errorOrder", "> 0 exactly when error weights are given", errorOrder);
        }
        this.a = new double[s][];
        this.c = new double[s];
        for (int i = 0; i < s; i++) {
            if (a[i].length != i + 1) {
                throw InvalidConfigException.of("a[" + i + "].length", "= " + (i + 1) + " (lower triangle with "
                        + "diagonal)", a[i].length);
            }
            if (a[i][i] < 0) {
                throw InvalidConfigException.of("a[" + i + "][" + i + "]", ">= 0", a[i][i]);
            }
            this.a[i] = a[i].clone();
            for (double v : a[i]) {
                c[i] += v;
            }
        }
        this.b = b.clone();
        this.e = e == null ? null : e.clone();
        this.order = order;
        this.errorOrder = errorOrder;
    }

    /**
     * @param a          lower triangle with the diagonal: row {@code i} has {@code i + 1} entries
     * @param b          the weights, one per stage
     * @param errorWeights {@code b − b̂} of the embedded method, or {@code null}
     * @param order      the order of the method
     * @param errorOrder the order of the embedded method (0 without one)
     * @return the tableau
     * @throws InvalidConfigException if the shapes or orders disagree, or a diagonal entry is negative
     */
    public static DirkTableau of(double[][] a, double[] b, double[] errorWeights, int order, int errorOrder) {
        return new DirkTableau(a, b, errorWeights, order, errorOrder);
    }

    /** @return the number of stages */
    public int stages() {
        return b.length;
    }

    /** @param i the stage @return its row of {@code a}, diagonal included */
    public double[] row(int i) {
        return a[i].clone();
    }

    /** @param i the stage @return {@code a_ii} */
    public double diagonal(int i) {
        return a[i][i];
    }

    /** @return the nodes (row sums) */
    public double[] c() {
        return c.clone();
    }

    /** @return the weights */
    public double[] b() {
        return b.clone();
    }

    /** @return {@code b − b̂}, or {@code null} */
    public double[] errorWeights() {
        return e == null ? null : e.clone();
    }

    /** @return the order */
    public int order() {
        return order;
    }

    /** @return the embedded method's order, 0 without one */
    public int errorOrder() {
        return errorOrder;
    }

    /** @return whether the first stage is explicit ({@code a[0][0] = 0}) */
    public boolean explicitFirstStage() {
        return a[0][0] == 0;
    }

    /** @return whether the last row of {@code a} equals {@code b}, so {@code y1} is the last stage */
    public boolean stifflyAccurate() {
        return Arrays.equals(a[b.length - 1], b);
    }

    @Override
    public String toString() {
        return "DirkTableau[stages=" + b.length + ", order=" + order + ", errorOrder=" + errorOrder
                + ", stifflyAccurate=" + stifflyAccurate() + "]";
    }
}
