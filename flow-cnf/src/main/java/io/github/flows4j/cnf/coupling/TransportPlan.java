package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An entropic transport plan {@code P} ({@code rows × cols}, non-negative, total mass {@code Σ a = Σ b}) returned by
 * {@link Sinkhorn}, with the dual potentials and the solver's convergence record.
 *
 * <p>{@code P_ij = exp((f_i + g_j - C_ij) / ε)}, the minimiser of {@code <P, C> - ε H(P)} subject to
 * {@code P 1 = a}, {@code Pᵀ 1 = b} (Cuturi 2013; Peyré &amp; Cuturi 2019, Prop. 4.3). After the last Sinkhorn
 * step the column marginals hold to rounding; {@link #marginalError()} measures both.
 *
 * <p>Immutable. Pairs can be drawn from the plan with an explicit {@link Rng}: {@link #sample(int, Rng)} draws
 * {@code (i, j)} from the joint {@code P / ΣP} (TorchCFM's {@code OTPlanSampler.sample_map}), and
 * {@link #sampleRows(Rng)} draws, for every row {@code i}, one column from the conditional {@code P[i, :] / a_i}.
 *
 * <pre>{@code
 * TransportPlan plan = new Sinkhorn(0.05).solve(cost, n, n);
 * int[][] ij = plan.sample(n, rng);   // ij[0]: rows, ij[1]: columns, n draws with replacement
 * double w = plan.transportCost();    // <P, C>
 * }</pre>
 */
public final class TransportPlan {
    private final int rows;
    private final int cols;
    private final double[] plan;
    private final double[] f;
    private final double[] g;
    private final double epsilon;
    private final double transportCost;
    private final double marginalError;
    private final int iterations;
    private final boolean converged;

    TransportPlan(int rows, int cols, double[] plan, double[] f, double[] g, double epsilon, double transportCost,
            double marginalError, int iterations, boolean converged) {
        this.rows = rows;
        this.cols = cols;
        this.plan = plan;
        this.f = f;
        this.g = g;
        this.epsilon = epsilon;
        this.transportCost = transportCost;
        this.marginalError = marginalError;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** @return the number of rows (source points) */
    public int rows() {
        return rows;
    }

    /** @return the number of columns (target points) */
    public int cols() {
        return cols;
    }

    /**
     * @param i a row in {@code 0 .. rows-1}
     * @param j a column in {@code 0 .. cols-1}
     * @return {@code P_ij}
     */
    public double get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        return plan[i * cols + j];
    }

    /** @return a copy of the plan as {@code [rows][cols]} */
    public double[][] toArray() {
        double[][] p = new double[rows][];
        for (int i = 0; i < rows; i++) {
            p[i] = Arrays.copyOfRange(plan, i * cols, (i + 1) * cols);
        }
        return p;
    }

    /** @return the row sums {@code P 1}, length {@code rows} (≈ a) */
    public double[] rowSums() {
        double[] r = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int k = i * cols, end = k + cols; k < end; k++) {
                s += plan[k];
            }
            r[i] = s;
        }
        return r;
    }

    /** @return the column sums {@code Pᵀ 1}, length {@code cols} (≈ b) */
    public double[] colSums() {
        double[] s = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0, k = i * cols; j < cols; j++, k++) {
                s[j] += plan[k];
            }
        }
        return s;
    }

    /** @return a copy of the row potential {@code f} (cost units), length {@code rows} */
    public double[] f() {
        return f.clone();
    }

    /** @return a copy of the column potential {@code g} (cost units), length {@code cols} */
    public double[] g() {
        return g.clone();
    }

    /** @return the entropic regularisation ε the plan was solved with */
    public double epsilon() {
        return epsilon;
    }

    /** @return {@code <P, C> = Σ_ij P_ij C_ij}, the expected cost of a pair drawn from the plan (mass-weighted) */
    public double transportCost() {
        return transportCost;
    }

    /** @return {@code ||P 1 - a||_1 + ||Pᵀ 1 - b||_1} of this plan */
    public double marginalError() {
        return marginalError;
    }

    /** @return the number of full Sinkhorn iterations (one row and one column update each) performed */
    public int iterations() {
        return iterations;
    }

    /**
     * @return whether the row-marginal L1 error fell to the solver's {@code tol} within {@code maxIters}; when
     *         false the plan is the last iterate (column marginals exact, rows off by {@link #marginalError()})
     */
    public boolean converged() {
        return converged;
    }

    /**
     * Draws {@code count} index pairs i.i.d. from the joint distribution {@code P / ΣP}, with replacement.
     *
     * @param count the number of draws, &ge; 0
     * @param rng   the randomness: exactly {@code count} uniforms are drawn
     * @return {@code {rows, cols}}: {@code [0][k]} and {@code [1][k]} are the row and column of draw {@code k}
     * @throws InvalidConfigException if {@code count < 0}
     */
    public int[][] sample(int count, Rng rng) {
        if (count < 0) {
            throw InvalidConfigException.of("count", ">= 0", count);
        }
        Checks.notNull("rng", rng);
        double[] u = new double[count];
        for (int k = 0; k < count; k++) {
            u[k] = rng.nextDouble();
        }
        double total = 0;
        int lastPositive = 0;
        for (int k = 0; k < plan.length; k++) {
            total += plan[k];
            if (plan[k] > 0) {
                lastPositive = k;
            }
        }
        // Inverse-CDF sampling in one sweep: visit the draws in increasing order of their target mass.
        int[] order = sortedOrder(u);
        int[][] out = new int[2][count];
        double acc = 0;
        int k = 0;
        for (int q = 0; q < count; q++) {
            double target = u[order[q]] * total;
            while (k < plan.length && acc + plan[k] <= target) {
                acc += plan[k];
                k++;
            }
            int flat = k < plan.length ? k : lastPositive;
            out[0][order[q]] = flat / cols;
            out[1][order[q]] = flat % cols;
        }
        return out;
    }

    /**
     * For every row {@code i}, draws one column {@code j} from the conditional {@code P[i, :] / Σ_j P_ij}.
     *
     * @param rng the randomness: exactly {@code rows} uniforms are drawn, one per row in order
     * @return the drawn column for each row, length {@code rows}
     */
    public int[] sampleRows(Rng rng) {
        Checks.notNull("rng", rng);
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            double total = 0;
            int lastPositive = 0;
            for (int j = 0; j < cols; j++) {
                total += plan[base + j];
                if (plan[base + j] > 0) {
                    lastPositive = j;
                }
            }
            double target = rng.nextDouble() * total;
            double acc = 0;
            int j = 0;
            while (j < cols && acc + plan[base + j] <= target) {
                acc += plan[base + j];
                j++;
            }
            out[i] = j < cols ? j : lastPositive;
        }
        return out;
    }

    /** @return the indices that sort {@code u} ascending (ties in index order) */
    private static int[] sortedOrder(double[] u) {
        return IntStream.range(0, u.length).boxed()
                .sorted(Comparator.comparingDouble(k -> u[k]))
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
