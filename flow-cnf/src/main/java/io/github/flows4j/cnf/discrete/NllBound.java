package io.github.flows4j.cnf.discrete;

/**
 * An estimate of the continuous-time upper bound on −log p^θ(x₁) per token, with its Monte Carlo standard error
 * (over sequences).
 *
 * <pre>{@code
 * NllBound b = new NllBoundEstimator(path, 32).estimate(model, test, rng);
 * System.out.printf("%.3f ± %.3f nats/token, perplexity <= %.2f%n", b.natsPerToken(), b.standardError(),
 *         b.perplexity());
 * }</pre>
 *
 * @param natsPerToken  the bound in nats per token
 * @param standardError its standard error in nats per token
 * @param sequences     the number of sequences it averages
 */
public record NllBound(double natsPerToken, double standardError, long sequences) {
    /** @return the bound in bits per token */
    public double bitsPerToken() {
        return natsPerToken / Math.log(2);
    }

    /** @return exp(natsPerToken), an upper bound on the per-token perplexity */
    public double perplexity() {
        return Math.exp(natsPerToken);
    }
}
