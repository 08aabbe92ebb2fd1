package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The settings of {@link Lbfgs}, validated on construction.
 *
 * <pre>{@code
 * LbfgsConfig c = LbfgsConfig.builder().gradientTolerance(1e-10).maxIterations(500).build();
 * }</pre>
 *
 * @param historySize              curvature pairs (s, y) kept per problem, &ge; 1 (Nocedal and Wright's m)
 * @param maxIterations            iterations per problem, &ge; 1
 * @param gradientTolerance        a problem converges when max_i |∂f/∂x_i| &le; this, &ge; 0
 * @param changeTolerance          a problem stalls when both max |step| and |f change| fall to this, &ge; 0
 * @param valueTolerance           relative precision of the objective's values: a trial value within
 *                                 valueTolerance · (1 + |f|) of the current one counts as no increase (Hager and
 *                                 Zhang's approximate Wolfe test), &ge; 0 — about 1e-12 for float64 objectives,
 *                                 1e-6 for float32 ones
 * @param maxLineSearchEvaluations objective evaluations per line search, &ge; 2
 * @param c1                       sufficient-decrease constant of the strong Wolfe conditions, in (0, c2)
 * @param c2                       curvature constant of the strong Wolfe conditions, in (c1, 1)
 */
public record LbfgsConfig(int historySize, int maxIterations, double gradientTolerance, double changeTolerance,
        double valueTolerance, int maxLineSearchEvaluations, double c1, double c2) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public LbfgsConfig {
        if (historySize < 1) {
            throw InvalidConfigException.of("historySize", ">= 1", historySize);
        }
        if (maxIterations < 1) {
            throw InvalidConfigException.of("maxIterations", ">= 1", maxIterations);
        }
        if (!(gradientTolerance >= 0) || Double.isInfinite(gradientTolerance)) {
            throw InvalidConfigException.of("gradientTolerance", ">= 0 and finite", gradientTolerance);
        }
        if (!(changeTolerance >= 0) || Double.isInfinite(changeTolerance)) {
            throw InvalidConfigException.of("changeTolerance", ">= 0 and finite", changeTolerance);
        }
        if (!(valueTolerance >= 0) || Double.isInfinite(valueTolerance)) {
            throw InvalidConfigException.of("valueTolerance", ">= 0 and finite", valueTolerance);
        }
        if (maxLineSearchEvaluations < 2) {
            throw InvalidConfigException.of("maxLineSearchEvaluations", ">= 2", maxLineSearchEvaluations);
        }
        if (!(c1 > 0 && c1 < 1)) {
            throw InvalidConfigException.of("c1", "in (0, 1)", c1);
        }
        if (!(c2 > c1 && c2 < 1)) {
            throw InvalidConfigException.of("c2", "in (c1 = " + c1 + ", 1)", c2);
        }
    }

    /**
     * @return the defaults: history 10, 200 iterations, gradient tolerance 1e-8, change tolerance 1e-14, value
     *     tolerance 1e-12
     */
    public static LbfgsConfig defaults() {
        return builder().build();
    }

    /**
     * @return a builder with history 10, 200 iterations, gradient tolerance 1e-8, change tolerance 1e-14,
     *     value tolerance 1e-12, 25 evaluations per line search, c1 = 1e-4 and c2 = 0.9 (Nocedal and Wright's quasi-Newton values)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an {@link LbfgsConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private int historySize = 10;
        private int maxIterations = 200;
        private double gradientTolerance = 1e-8;
        private double changeTolerance = 1e-14;
        private double valueTolerance = 1e-12;
        private int maxLineSearchEvaluations = 25;
        private double c1 = 1e-4;
        private double c2 = 0.9;

        private Builder() {
        }

        /** @param m curvature pairs per problem (default 10) @return this builder */
        public Builder historySize(int m) {
            this.historySize = m;
            return this;
        }

        /** @param n iterations per problem (default 200) @return this builder */
        public Builder maxIterations(int n) {
            this.maxIterations = n;
            return this;
        }

        /** @param tol max |gradient entry| at convergence (default 1e-8) @return this builder */
        public Builder gradientTolerance(double tol) {
            this.gradientTolerance = tol;
            return this;
        }

        /** @param tol step and decrease below which a problem stalls (default 1e-14) @return this builder */
        public Builder changeTolerance(double tol) {
            this.changeTolerance = tol;
            return this;
        }

        /**
         * @param tol relative precision of the objective's values (default 1e-12; about 1e-6 for float32)
         * @return this builder
         */
        public Builder valueTolerance(double tol) {
            this.valueTolerance = tol;
            return this;
        }

        /** @param n evaluations per line search (default 25) @return this builder */
        public Builder maxLineSearchEvaluations(int n) {
            this.maxLineSearchEvaluations = n;
            return this;
        }

        /**
         * @param c1 sufficient-decrease constant (default 1e-4)
         * @param c2 curvature constant (default 0.9)
         * @return this builder
         */
        public Builder wolfe(double c1, double c2) {
            this.c1 = c1;
            this.c2 = c2;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException if a value breaks its rule
         */
        public LbfgsConfig build() {
            return new LbfgsConfig(historySize, maxIterations, gradientTolerance, changeTolerance, valueTolerance,
                    maxLineSearchEvaluations, c1, c2);
        }
    }
}
