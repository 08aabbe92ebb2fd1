package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The hyperparameters of {@link Sgd}, validated on construction with PyTorch's rules.
 *
 * <pre>{@code
 * SgdConfig c = SgdConfig.builder().lr(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4).build();
 * Optimizer opt = new Sgd(model.parameters(), c);
 * }</pre>
 *
 * @param lr          the learning-rate schedule
 * @param momentum    μ &ge; 0 (0: plain gradient descent, no buffer)
 * @param dampening   in [0, 1]: the buffer adds {@code (1 − dampening)} of each new gradient
 * @param nesterov    Nesterov momentum; needs μ &gt; 0 and dampening 0
 * @param weightDecay λ &ge; 0, an L2 term added to the gradient
 */
public record SgdConfig(LrSchedule lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public SgdConfig {
        if (lr == null) {
            throw InvalidConfigException.of("lr", "non-null", null);
        }
        if (!(momentum >= 0) || Double.isInfinite(momentum)) {
            throw InvalidConfigException.of("momentum", ">= 0 and finite", momentum);
        }
        if (!(dampening >= 0 && dampening <= 1)) {
            throw InvalidConfigException.of("dampening", "in [0, 1]", dampening);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw InvalidConfigException.of("nesterov", "used with momentum > 0 and dampening 0",
                    "momentum " + momentum + ", dampening " + dampening);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw InvalidConfigException.of("weightDecay", ">= 0 and finite", weightDecay);
        }
    }

    /** @return a builder with PyTorch's defaults: lr 1e-3, no momentum, no dampening, no Nesterov, no decay */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an {@link SgdConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private LrSchedule lr;
        private double lrValue = 1e-3;
        private double momentum;
        private double dampening;
        private boolean nesterov;
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
         * @param momentum μ &ge; 0 (default 0)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * @param dampening in [0, 1] (default 0)
         * @return this builder
         */
        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /**
         * @param nesterov Nesterov momentum (default false)
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * @param weightDecay λ &ge; 0 (default 0)
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
        public SgdConfig build() {
            return new SgdConfig(lr != null ? lr : LrSchedule.constant(lrValue), momentum, dampening, nesterov,
                    weightDecay);
        }
    }
}
