package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;

/**
 * Entropic optimal transport by log-domain Sinkhorn iterations with ε-scaling: the plan
 * {@code P = argmin_{P 1 = a, Pᵀ 1 = b} <P, C> - ε H(P)}, {@code H(P) = -Σ P_ij (log P_ij - 1)}.
 *
 * <p>Cuturi (2013); Peyré &amp; Cuturi, "Computational Optimal Transport" (2019), Remark 4.23 (log domain) and
 * Sec. 4.4; Schmitzer (2019) for ε-scaling. With potentials {@code f, g} and
 * {@code P_ij = exp((f_i + g_j - C_ij) / ε)} one iteration is the pair of soft-min updates
 * <pre>
 *   f_i = ε log a_i - ε LSE_j((g_j - C_ij) / ε)
 *   g_j = ε log b_j - ε LSE_i((f_i - C_ij) / ε)
 * </pre>
 * with every log-sum-exp shifted by its maximum, so no {@code exp(-C/ε)} kernel is ever formed and a tiny ε
 * cannot underflow the iteration into 0/0. The first iterations anneal: ε starts at the cost spread
 * {@code max C - min C} and shrinks by 0.7 per iteration down to the target, which puts the potentials near the
 * solution before the slow small-ε regime; these count towards {@code maxIters}. At the target ε the loop stops
 * when the row-marginal error {@code ||P 1 - a||_1}, measured for free inside the next row update, is at most
 * {@code tol} (the column marginals are exact after each column update), or after {@code maxIters} iterations;
 * {@link TransportPlan#converged()} says which. Each iteration costs {@code 2 · rows · cols} exponentials.
 *
 * <p>As {@code ε → 0} the plan tends to an optimal one and {@code 0 <= <P_ε, C> - OT(a, b) <= ε log n} for
 * uniform marginals on {@code n × n}; as {@code ε → ∞} it tends to {@code a bᵀ}. Sinkhorn's linear rate degrades
 * quickly once ε is well below the typical cost gap between neighbours: for ε below about 1% of the typical
 * cost, expect to raise {@code maxIters} or accept a looser {@code tol} (or use {@link LinearAssignment}).
 * Tiny ε also costs precision: potentials of size {@code C/ε} leave plan entries with relative rounding error
 * of about {@code 1e-16 · max C / ε}.
 *
 * <pre>{@code
 * double[] cost = PairwiseCost.squaredEuclidean(x0, x1);            // x0, x1: [n, d]
 * TransportPlan plan = new Sinkhorn(0.05, 2_000, 1e-6).solve(cost, n, n);
 * if (!plan.converged()) { ... raise maxIters or ε ... }
 * }</pre>
 *
 * @param epsilon  the entropic regularisation ε, in cost units, finite and &gt; 0
 * @param maxIters the most iterations, &ge; 1
 * @param tol      the stopping tolerance on the L1 row-marginal error (the marginals have mass 1 when uniform),
 *                 finite and &gt; 0
 */
public record Sinkhorn(double epsilon, int maxIters, double tol) {
    /** The default iteration cap. */
    public static final int DEFAULT_MAX_ITERS = 1_000;
    /** The default tolerance on the L1 row-marginal error. */
    public static final double DEFAULT_TOL = 1e-6;
    /** Each ε-scaling level multiplies ε by this. */
    private static final double SCALING = 0.7;
    /** Terms below {@code exp(-50)} of a log-sum-exp's largest are below double precision: skipped. */
    private static final double NEGLIGIBLE = -50;

    /**
     * Validates the configuration.
     *
     * @throws InvalidConfigException naming the field, the rule and the value
     */
    public Sinkhorn {
        validate(epsilon, maxIters, tol);
    }

    /**
     * A solver with {@link #DEFAULT_MAX_ITERS} and {@link #DEFAULT_TOL}.
     *
     * @param epsilon the entropic regularisation ε, finite and &gt; 0
     */
    public Sinkhorn(double epsilon) {
        this(epsilon, DEFAULT_MAX_ITERS, DEFAULT_TOL);
    }

    static void validate(double epsilon, int maxIters, double tol) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw InvalidConfigException.of("epsilon", "finite and > 0", epsilon);
        }
        if (maxIters < 1) {
            throw InvalidConfigException.of("maxIters", ">= 1", maxIters);
        }
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw InvalidConfigException.of("tol", "finite and > 0", tol);
        }
    }

    /**
     * Solves with uniform marginals {@code a = 1/rows}, {@code b = 1/cols}.
     *
     * @param cost the cost matrix {@code [rows][cols]}, rectangular, finite; not modified
     * @return the plan, total mass 1
     * @throws ShapeMismatchException if {@code cost} is empty or ragged
     * @throws NonFiniteException     if an entry is NaN or infinite
     */
    public TransportPlan solve(double[][] cost) {
        Checks.notNull("cost", cost);
        if (cost.length == 0 || cost[0] == null || cost[0].length == 0) {
            throw ShapeMismatchException.of("cost", "[rows, cols] with rows, cols >= 1", new long[] {cost.length});
        }
        int rows = cost.length;
        int cols = cost[0].length;
        double[] flat = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            Checks.notNull("cost[" + i + "]", cost[i]);
            if (cost[i].length != cols) {
                throw ShapeMismatchException.of("cost[" + i + "]", "[" + cols + "] (the length of cost[0])",
                        new long[] {cost[i].length});
            }
            System.arraycopy(cost[i], 0, flat, i * cols, cols);
        }
        return solve(flat, uniform(rows), uniform(cols));
    }

    /**
     * Solves with uniform marginals {@code a = 1/rows}, {@code b = 1/cols}.
     *
     * @param cost the cost matrix in row-major order, {@code cost[i * cols + j] = C_ij}, finite; not modified
     * @param rows the number of rows, &ge; 1
     * @param cols the number of columns, &ge; 1
     * @return the plan, total mass 1
     * @throws ShapeMismatchException if {@code cost.length != rows * cols} or a size is &lt; 1
     * @throws NonFiniteException     if an entry is NaN or infinite
     */
    public TransportPlan solve(double[] cost, int rows, int cols) {
        Checks.notNull("cost", cost);
        if (rows < 1 || cols < 1) {
            throw ShapeMismatchException.of("cost", "[rows, cols] with rows, cols >= 1", new long[] {rows, cols});
        }
        return solve(cost, uniform(rows), uniform(cols));
    }

    /**
     * Solves with given marginals.
     *
     * @param cost the cost matrix in row-major order, {@code cost[i * b.length + j] = C_ij}, length
     *             {@code a.length * b.length}, finite; not modified
     * @param a    the row marginal, length {@code rows}, entries finite and &gt; 0
     * @param b    the column marginal, length {@code cols}, entries finite and &gt; 0, {@code Σ b = Σ a} to a
     *             relative 1e-9
     * @return the plan, total mass {@code Σ a}
     * @throws ShapeMismatchException if {@code cost.length != a.length * b.length} or a marginal is empty
     * @throws InvalidConfigException if a marginal entry is not &gt; 0 or the masses differ
     * @throws NonFiniteException     if a cost entry is NaN or infinite
     */
    public TransportPlan solve(double[] cost, double[] a, double[] b) {
        Checks.notNull("cost", cost);
        Checks.notNull("a", a);
        Checks.notNull("b", b);
        int rows = a.length;
        int cols = b.length;
        if (rows < 1 || cols < 1) {
            throw ShapeMismatchException.of("a, b", "lengths >= 1", new long[] {rows, cols});
        }
        if ((long) rows * cols != cost.length) {
            throw ShapeMismatchException.of("cost", "[" + rows + " * " + cols + "] (a.length * b.length)",
                    new long[] {cost.length});
        }
        double massA = checkMarginal("a", a);
        double massB = checkMarginal("b", b);
        if (Math.abs(massA - massB) > 1e-9 * Math.max(massA, massB)) {
            throw InvalidConfigException.of("sum(b)", "equal to sum(a) = " + massA, massB);
        }
        for (int k = 0; k < cost.length; k++) {
            if (!Double.isFinite(cost[k])) {
                throw new NonFiniteException("cost must be finite; found " + cost[k] + " at [" + k / cols + ", "
                        + k % cols + "]");
            }
        }
        return iterate(cost, a, b);
    }

    private static double checkMarginal(String name, double[] m) {
        double s = 0;
        for (int k = 0; k < m.length; k++) {
            if (!(m[k] > 0) || !Double.isFinite(m[k])) {
                throw InvalidConfigException.of(name + "[" + k + "]", "finite and > 0", m[k]);
            }
            s += m[k];
        }
        return s;
    }

    private static double[] uniform(int n) {
        double[] m = new double[n];
        Arrays.fill(m, 1.0 / n);
        return m;
    }

    /** The iteration on checked inputs, with potentials in cost units. */
    private TransportPlan iterate(double[] cost, double[] a, double[] b) {
        int rows = a.length;
        int cols = b.length;
        double[] logA = new double[rows];
        for (int i = 0; i < rows; i++) {
            logA[i] = Math.log(a[i]);
        }
        double[] logB = new double[cols];
        for (int j = 0; j < cols; j++) {
            logB[j] = Math.log(b[j]);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double c : cost) {
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        double spread = hi - lo;
        double[] f = new double[rows];
        double[] g = new double[cols];
        double[] lse = new double[rows];
        double[] colMax = new double[cols];
        double[] colSum = new double[cols];

        // ε-scaling: start at the cost spread and shrink towards ε, one iteration per level.
        double eps = spread > epsilon && Double.isFinite(spread) ? spread : epsilon;
        int iterations = 0;
        boolean converged = false;
        boolean measurable = false;
        for (int it = 0; it < maxIters; it++) {
            boolean atTarget = eps == epsilon;
            double inv = 1.0 / eps;
            // Row pass: lse_i = LSE_j((g_j - C_ij)/ε); the current row marginal is exp(f_i/ε + lse_i).
            double rowError = 0;
            for (int i = 0; i < rows; i++) {
                lse[i] = logSumExpRow(cost, i * cols, g, cols, inv);
                rowError += Math.abs(Math.exp(f[i] * inv + lse[i]) - a[i]);
            }
            if (measurable && rowError <= tol) {
                converged = true;
                break;
            }
            for (int i = 0; i < rows; i++) {
                f[i] = eps * (logA[i] - lse[i]);
            }
            // Column pass, row-major: per-column max of (f_i - C_ij)/ε, then the shifted sums.
            Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < rows; i++) {
                double fi = f[i];
                for (int j = 0, k = i * cols; j < cols; j++, k++) {
                    double t = (fi - cost[k]) * inv;
                    if (t > colMax[j]) {
                        colMax[j] = t;
                    }
                }
            }
            Arrays.fill(colSum, 0.0);
            for (int i = 0; i < rows; i++) {
                double fi = f[i];
                for (int j = 0, k = i * cols; j < cols; j++, k++) {
                    double z = (fi - cost[k]) * inv - colMax[j];
                    if (z > NEGLIGIBLE) {
                        colSum[j] += Math.exp(z);
                    }
                }
            }
            for (int j = 0; j < cols; j++) {
                g[j] = eps * (logB[j] - colMax[j] - Math.log(colSum[j]));
            }
            iterations = it + 1;
            measurable = atTarget;
            if (!atTarget) {
                eps = Math.max(epsilon, eps * SCALING);
            }
        }

        // The plan at the target ε, its cost and its marginal error.
        double inv = 1.0 / epsilon;
        double[] plan = new double[cost.length];
        double transportCost = 0;
        double[] colMass = new double[cols];
        double rowError = 0;
        for (int i = 0; i < rows; i++) {
            double fi = f[i];
            double rowMass = 0;
            for (int j = 0, k = i * cols; j < cols; j++, k++) {
                double p = Math.exp((fi + g[j] - cost[k]) * inv);
                plan[k] = p;
                rowMass += p;
                colMass[j] += p;
                transportCost += p * cost[k];
            }
            rowError += Math.abs(rowMass - a[i]);
        }
        double error = rowError;
        for (int j = 0; j < cols; j++) {
            error += Math.abs(colMass[j] - b[j]);
        }
        converged |= measurable && rowError <= tol;
        return new TransportPlan(rows, cols, plan, f, g, epsilon, transportCost, error, iterations, converged);
    }

    /** {@code LSE_j((g_j - C[base + j]) / ε)} with {@code inv = 1/ε}, shifted by its maximum. */
    private static double logSumExpRow(double[] cost, int base, double[] g, int cols, double inv) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double t = (g[j] - cost[base + j]) * inv;
            if (t > max) {
                max = t;
            }
        }
        double s = 0;
        for (int j = 0; j < cols; j++) {
            double z = (g[j] - cost[base + j]) * inv - max;
            if (z > NEGLIGIBLE) {
                s += Math.exp(z);
            }
        }
        return max + Math.log(s);
    }
}
