package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.random.Rng;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Monte Carlo predictive distribution of a stochastic network: {@code S} forward passes, each with fresh
 * randomness from a split of the given {@link Rng}, without gradients.
 *
 * <pre>{@code
 * INDArray probs = Predictive.probabilities((x, r) -> model.sample(x, r).output(), x, 20, rng);  // [batch, C]
 * }</pre>
 */
public final class Predictive {
    private Predictive() {
    }

    /** One stochastic forward pass: inputs {@code [batch, in]} to outputs {@code [batch, out]}. */
    @FunctionalInterface
    public interface Sampler {
        /**
         * @param x   the inputs
         * @param rng this pass's randomness
         * @return the outputs
         */
        Tensor sample(Tensor x, Rng rng);
    }

    /**
     * @param sampler the network
     * @param x       inputs, {@code [batch, in]}
     * @param samples S &ge; 1
     * @param rng     split once per pass
     * @return the outputs, {@code [S, batch, out]} (detached copies)
     */
    @SuppressWarnings("try")
    public static INDArray samples(Sampler sampler, Tensor x, int samples, Rng rng) {
        Checks.notNull("sampler", sampler);
        if (samples < 1) {
            throw InvalidConfigException.of("samples", ">= 1", samples);
        }
        INDArray[] outs = new INDArray[samples];
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int s = 0; s < samples; s++) {
                try (TensorScope scope = TensorScope.open()) {
                    INDArray o = sampler.sample(x, rng.split()).value().dup();
                    outs[s] = o.reshape(1, o.size(0), o.size(1));
                }
            }
        }
        return Nd4j.concat(0, outs);
    }

    /**
     * @param sampler a network returning logits
     * @param x       inputs, {@code [batch, in]}
     * @param samples S &ge; 1
     * @param rng     split once per pass
     * @return the mean of the {@code S} softmax outputs, {@code [batch, classes]}
     */
    @SuppressWarnings("try")
    public static INDArray probabilities(Sampler sampler, Tensor x, int samples, Rng rng) {
        INDArray logits = samples(sampler, x, samples, rng);
        INDArray probs = null;
        try (GradMode.Scope g = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            for (int s = 0; s < samples; s++) {
                INDArray p = Tensor.constant(logits.slice(s).dup()).softmax(1).value().dup();
                probs = probs == null ? p : probs.addi(p);
            }
        }
        return probs.divi(samples);
    }

    /**
     * The cost of one solve, run without gradients (for the NFE/step count a model reports; the cost of a fixed-step
     * solve does not depend on the randomness of the pass).
     *
     * <pre>{@code
     * Stats c = Predictive.cost(() -> model.sample(x, Rng.seeded(0)).solution());
     * }</pre>
     *
     * @param solve runs the solve
     * @return its {@link Stats}: drift evaluations, accepted and rejected steps
     */
    @SuppressWarnings("try")
    public static Stats cost(Supplier<Solution> solve) {
        Checks.notNull("solve", solve);
        try (GradMode.Scope g = GradMode.noGrad(); TensorScope s = TensorScope.open()) {
            return solve.get().stats();
        }
    }
}
