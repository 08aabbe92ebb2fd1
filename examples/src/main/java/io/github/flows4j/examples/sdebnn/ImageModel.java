package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.examples.support.Choices;

/**
 * The three image classifiers {@code flows4j sde-bnn --task fashion-mnist} trains (all by default; {@code --models}
 * picks some).
 *
 * <pre>{@code
 * java -jar flows4j.jar sde-bnn --task fashion-mnist --data DIR --models sde-bnn,ode-net
 * }</pre>
 */
public enum ImageModel {
    /** The SDE-BNN: weights follow the posterior SDE. */
    SDE_BNN,
    /** The mean-field Gaussian BNN (Bayes by backprop). */
    MEAN_FIELD_BNN,
    /** The ODE-net: the SDE-BNN's architecture with fixed weights. */
    ODE_NET;

    /** @return the printed name: {@code sde-bnn}, {@code mean-field-bnn}, {@code ode-net} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Converter and completion candidates: {@code sde-bnn}, {@code mean-field-bnn}, {@code ode-net}. */
    public static final class Converter extends Choices<ImageModel> {
        /** The names, lower case with dashes. */
        public Converter() {
            super(values(), ImageModel::id);
        }
    }
}
