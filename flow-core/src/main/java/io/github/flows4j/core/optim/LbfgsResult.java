package io.github.flows4j.core.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link Lbfgs#minimize} found for each problem of the batch.
 *
 * <pre>{@code
 * LbfgsResult r = new Lbfgs(LbfgsConfig.defaults()).minimize(objective, x0);
 * INDArray x = r.x();                          // [batch, d], float64
 * if (!r.allConverged()) System.err.println(r.summary());
 * }</pre>
 *
 * @param x             the final points, [batch, d], float64
 * @param values        f_b at the final points, length batch
 * @param gradientNorms max_i |∂f_b/∂x_i| at the final points, length batch
 * @param iterations    L-BFGS iterations per problem, length batch
 * @param outcomes      how each problem ended, length batch
 * @param evaluations   how many times the batched objective was called
 */
public record LbfgsResult(INDArray x, double[] values, double[] gradientNorms, int[] iterations,
        LbfgsOutcome[] outcomes, int evaluations) {
    /** Copies the arrays so the record stays immutable. */
    public LbfgsResult {
        values = values.clone();
        gradientNorms = gradientNorms.clone();
        iterations = iterations.clone();
        outcomes = outcomes.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] gradientNorms() {
        return gradientNorms.clone();
    }

    @Override
    public int[] iterations() {
        return iterations.clone();
    }

    @Override
    public LbfgsOutcome[] outcomes() {
        return outcomes.clone();
    }

    /**
     * @param row a problem's index
     * @return how it ended
     */
    public LbfgsOutcome outcome(int row) {
        return outcomes[row];
    }

    /** @return whether every problem converged */
    public boolean allConverged() {
        for (LbfgsOutcome o : outcomes) {
            if (!o.converged()) {
                return false;
            }
        }
        return true;
    }

    /** @return the largest final gradient entry over the batch */
    public double maxGradientNorm() {
        double m = 0;
        for (double g : gradientNorms) {
            m = Math.max(m, Double.isNaN(g) ? Double.POSITIVE_INFINITY : g);
        }
        return m;
    }

    /** @return the problem with the largest final gradient */
    public int worstRow() {
        int w = 0;
        for (int i = 1; i < gradientNorms.length; i++) {
            if (!(gradientNorms[i] <= gradientNorms[w])) {
                w = i;
            }
        }
        return w;
    }

    /** @return counts of each outcome, the worst gradient and its hint, on one line */
    public String summary() {
        int[] counts = new int[LbfgsOutcome.values().length];
        for (LbfgsOutcome o : outcomes) {
            counts[o.ordinal()]++;
        }
        StringBuilder sb = new StringBuilder("L-BFGS:");
        for (LbfgsOutcome o : LbfgsOutcome.values()) {
            if (counts[o.ordinal()] > 0) {
                sb.append(' ').append(o.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                        .append(counts[o.ordinal()]);
            }
        }
        sb.append(", evaluations=").append(evaluations).append(", max |grad|=").append(maxGradientNorm());
        if (!allConverged()) {
            sb.append("; row ").append(worstRow()).append(": ").append(outcomes[worstRow()].hint());
        }
        return sb.toString();
    }
}
