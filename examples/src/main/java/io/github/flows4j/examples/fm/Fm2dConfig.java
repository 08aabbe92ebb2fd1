package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.data.Toy2d;

/**
 * One 2-D Flow Matching (or FFJORD) experiment: what to train, for how long, and how to evaluate it.
 *
 * <pre>{@code
 * Fm2dConfig c = Fm2dConfig.builder().dataset(Toy2d.CHECKERBOARD).steps(3000)
 *         .hidden(256, 256, 256).lr(1e-3).build();
 * }</pre>
 *
 * <p>Build it with {@link #builder()}: every field has the default of {@code flows4j fm} (checkerboard, Flow
 * Matching, CondOT path, independent coupling, 1500 steps, no time budget, batch 512, hidden 128,128,128, lr 2e-3,
 * 2000 test points, tolerance 1e-5, seed 0, Gaussian source, σ = 0, no variant).
 *
 * @param dataset      the 2-D toy distribution
 * @param objective    Flow Matching or maximum likelihood (FFJORD)
 * @param path         the probability path (Flow Matching only)
 * @param otCoupling   pair noise and data by minibatch optimal transport (Flow Matching only)
 * @param steps        training steps, &ge; 1
 * @param timeBudget   stop training after this many seconds (0: no budget)
 * @param batch        batch size, &ge; 1
 * @param hidden       hidden widths of the MLP
 * @param lr           Adam's learning rate (cosine-annealed to 0), &gt; 0
 * @param testSize     test points for the NLL, &ge; 1
 * @param tolerance    rtol = atol of the dopri5 evaluation solves, &gt; 0
 * @param seed         the seed of every draw
 * @param source       where x₀ comes from: N(0, I) or a toy (data-to-data; Flow Matching only)
 * @param sigma        the constant noise σ &ge; 0 around the path (TorchCFM's I-CFM / OT-CFM / VP-CFM; 0 is the
 *                     deterministic path; Flow Matching only); with a {@code variant}, that variant's σ (the
 *                     bridge's σ of SB-CFM, σ_min of target FM)
 * @param variant      one of TorchCFM's variants ({@link CfmVariant}: path + coupling), or null for the path and
 *                     coupling given by {@code path} and {@code otCoupling}; Flow Matching only, and with it
 *                     {@code path} must stay CONDOT and {@code otCoupling} false (the variant fixes both)
 */
public record Fm2dConfig(Toy2d dataset, Objective objective, PathKind path, boolean otCoupling, int steps,
        double timeBudget, int batch, int[] hidden, double lr, int testSize, double tolerance, long seed,
        Fm2dSource source, double sigma, CfmVariant variant) {

    /** The training objective. */
    public enum Objective {
        /** Conditional Flow Matching (Lipman et al. 2023). */
        FM,
        /** Maximum likelihood with Hutchinson's estimator and the continuous adjoint (Grathwohl et al. 2019). */
        FFJORD
    }

    /** The probability path of Flow Matching. */
    public enum PathKind {
        /** Conditional optimal transport, σ_min = 0 (eq. 20–23). */
        CONDOT,
        /** The variance-preserving diffusion path, β ∈ [0.1, 20]. */
        VP,
        /** α = t, σ = √(1 − t²). */
        LINEAR_VP,
        /** α = sin(πt/2), σ = cos(πt/2). */
        COSINE
    }

    /** Validates every field. */
    public Fm2dConfig {
        if (dataset == null || objective == null || path == null || source == null) {
            throw new InvalidConfigException("dataset, objective, path and source must be set");
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and >= 0", sigma);
        }
        boolean trainableBase = source.density().map(d -> d.differentiable()).orElse(false);
        if (objective == Objective.FFJORD && (!trainableBase || sigma > 0 || variant != null)) {
            throw InvalidConfigException.of("source", "a source with a differentiable log-density (gaussian, "
                    + "8gaussians), sigma 0 and no variant with the FFJORD objective (maximum likelihood trains "
                    + "through the base density and has no path)",
                    source.id() + ", sigma " + sigma + ", variant " + variant);
        }
        if (variant != null) {
            if (path != PathKind.CONDOT || otCoupling) {
                throw InvalidConfigException.of("path", "CONDOT without otCoupling with a variant (the variant "
                        + "fixes the path and the coupling)", path + ", otCoupling " + otCoupling);
            }
            variant.path(sigma);
            if (variant == CfmVariant.TARGET_FM && !source.isGaussian()) {
                throw InvalidConfigException.of("source", "gaussian for target FM (Lipman et al.'s path assumes a "
                        + "standard normal x0)", source.id());
            }
        }
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        if (!(timeBudget >= 0)) {
            throw InvalidConfigException.of("timeBudget", ">= 0 seconds", timeBudget);
        }
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        if (hidden == null || hidden.length == 0) {
            throw InvalidConfigException.of("hidden", "at least one width", "none");
        }
        hidden = hidden.clone();
        if (!(lr > 0)) {
            throw InvalidConfigException.of("lr", "> 0", lr);
        }
        if (testSize < 1) {
            throw InvalidConfigException.of("testSize", ">= 1", testSize);
        }
        if (!(tolerance > 0)) {
            throw InvalidConfigException.of("tolerance", "> 0", tolerance);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** @return a builder holding the defaults of {@code flows4j fm} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Fm2dConfig}; {@link #build()} validates. Names are bare: {@code .steps(1500)}. */
    public static final class Builder {
        private Toy2d dataset = Toy2d.CHECKERBOARD;
        private Objective objective = Objective.FM;
        private PathKind path = PathKind.CONDOT;
        private boolean otCoupling;
        private int steps = 1500;
        private double timeBudget;
        private int batch = 512;
        private int[] hidden = {128, 128, 128};
        private double lr = 2e-3;
        private int testSize = 2000;
        private double tolerance = 1e-5;
        private long seed;
        private Fm2dSource source = Fm2dSource.GAUSSIAN;
        private double sigma;
        private CfmVariant variant;

        private Builder() {
        }

        /**
         * @param v where x₀ comes from (default gaussian)
         * @return this
         */
        public Builder source(Fm2dSource v) {
            this.source = v;
            return this;
        }

        /**
         * @param v the constant path noise σ &ge; 0 (default 0)
         * @return this
         */
        public Builder sigma(double v) {
            this.sigma = v;
            return this;
        }

        /**
         * @param v one of TorchCFM's variants, or null (the default) for {@link #path} and {@link #otCoupling}
         * @return this
         */
        public Builder variant(CfmVariant v) {
            this.variant = v;
            return this;
        }

        /**
         * @param v the 2-D toy distribution
         * @return this
         */
        public Builder dataset(Toy2d v) {
            this.dataset = v;
            return this;
        }

        /**
         * @param v Flow Matching or FFJORD
         * @return this
         */
        public Builder objective(Objective v) {
            this.objective = v;
            return this;
        }

        /**
         * @param v the probability path (Flow Matching only)
         * @return this
         */
        public Builder path(PathKind v) {
            this.path = v;
            return this;
        }

        /**
         * @param v pair noise and data by minibatch optimal transport
         * @return this
         */
        public Builder otCoupling(boolean v) {
            this.otCoupling = v;
            return this;
        }

        /**
         * @param v training steps, &ge; 1
         * @return this
         */
        public Builder steps(int v) {
            this.steps = v;
            return this;
        }

        /**
         * @param v seconds, 0 for no budget
         * @return this
         */
        public Builder timeBudget(double v) {
            this.timeBudget = v;
            return this;
        }

        /**
         * @param v batch size, &ge; 1
         * @return this
         */
        public Builder batch(int v) {
            this.batch = v;
            return this;
        }

        /**
         * @param v hidden widths of the MLP (copied)
         * @return this
         */
        public Builder hidden(int... v) {
            this.hidden = v == null ? null : v.clone();
            return this;
        }

        /**
         * @param v Adam's learning rate, &gt; 0
         * @return this
         */
        public Builder lr(double v) {
            this.lr = v;
            return this;
        }

        /**
         * @param v test points for the NLL, &ge; 1
         * @return this
         */
        public Builder testSize(int v) {
            this.testSize = v;
            return this;
        }

        /**
         * @param v rtol = atol of the dopri5 evaluation solves, &gt; 0
         * @return this
         */
        public Builder tolerance(double v) {
            this.tolerance = v;
            return this;
        }

        /**
         * @param v the seed of every draw
         * @return this
         */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws InvalidConfigException if a field is out of range
         */
        public Fm2dConfig build() {
            return new Fm2dConfig(dataset, objective, path, otCoupling, steps, timeBudget, batch, hidden, lr,
                    testSize, tolerance, seed, source, sigma, variant);
        }
    }
}
