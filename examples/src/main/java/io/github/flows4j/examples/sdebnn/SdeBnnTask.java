package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.examples.support.Choices;

/**
 * What {@code flows4j sde-bnn} runs.
 *
 * <pre>{@code
 * java -jar flows4j.jar sde-bnn --task regression
 * }</pre>
 */
public enum SdeBnnTask {
    /** The anchor's 1-D toy: bimodal posterior from data {−5, +5} under a Cauchy likelihood. */
    TOY1D,
    /** y = x³ + noise, held-out points outside the training interval; SDE-BNN vs mean-field BNN vs ODE-net. */
    REGRESSION,
    /** Gradient variance of the KL term, STL vs plain, as the posterior approaches the prior. */
    STL,
    /** Fashion-MNIST from local IDX files (a subset), the three models at one budget. */
    FASHION_MNIST;

    /** Converter and completion candidates: {@code toy1d}, {@code regression}, {@code stl}, {@code fashion-mnist}. */
    public static final class Converter extends Choices<SdeBnnTask> {
        /** The names, lower case with dashes. */
        public Converter() {
            super(values(), t -> lower(t).replace('_', '-'));
        }
    }
}
