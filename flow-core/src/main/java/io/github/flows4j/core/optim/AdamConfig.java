package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The hyperparameters of {@link Adam} and {@link AdamW}, validated on construction.
 *
 * <pre>{@code
 * AdamConfig c = AdamConfig.builder().lr(LrSchedule.cosine(1e-3, 10_000, 0)).betas(0.9, 0.99).build();
 * Optimizer opt = new AdamW(model.parameters(), c);
 * }</pre>
 *
 * @param lr          the learning-rate schedule
 * @param beta1       decay of the first-moment average, in [0, 1)
 * @param beta2       decay of the second-moment average, in [0, 1)
 * @param eps         added to the denominator, &gt; 0
 * @param weightDecay &ge; 0: an L2 term added to the gradient for {@link Adam}, decoupled shrinkage for {@link AdamW}
 */
public record AdamConfig(LrSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public AdamConfig {
        if (lr == null) {
            throw InvalidConfigException.of("lr", "non-null", null);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw InvalidConfigException.of("beta1", "in [0, 1)", beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw InvalidConfigException.of("beta2", "in [0, 1)", beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw InvalidConfigException.of("eps", "> 0 and finite", eps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw InvalidConfigException.of("weightDecay", ">= 0 and finite", weightDecay);
        }
    }

    /** @return a builder with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0 */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an {@link AdamConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private LrSchedule lr;
        private double lrValue = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;

        private Builder() {
        }

        /**
         * @param lr a constant learning rate, &gt; 0 (default 1e-3)
         * @return this builder
         */
        public Builder lr(double lr) {
            this.lr = null;
            this.lrValue = lr;
            return this;
        }

        /**
         * @param lr a learning-rate schedule
         * @return this builder
         */
        public Builder lr(LrSchedule lr) {
            if (lr == null) {
                throw InvalidConfigException.of("lr", "non-null", null);
            }
            this.lr = lr;
            return this;
        }

        /**
         * @param beta1 first-moment decay, in [0, 1) (default 0.9)
         * @param beta2 second-moment decay, in [0, 1) (default 0.999)
         * @return this builder
         */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * @param eps denominator term, &gt; 0 (default 1e-8)
         * @return this builder
         */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /**
         * @param weightDecay &ge; 0 (default 0; PyTorch's AdamW uses 0.01)
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @return the configuration
         * @throws InvalidConfigException if a value breaks its rule
         */
        public AdamConfig build() {
            return new AdamConfig(lr != null ? lr : LrSchedule.constant(lrValue), beta1, beta2, eps, weightDecay);
        }
    }
}
