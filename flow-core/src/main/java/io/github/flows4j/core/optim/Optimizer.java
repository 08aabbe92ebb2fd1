package io.github.flows4j.core.optim;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;

/**
 * Updates parameters in place from their accumulated gradients ({@link Tensor#grad()}). A parameter whose gradient
 * is {@code null} is skipped by a step, as in PyTorch, and its own step count does not advance.
 *
 * <p>Step {@code k} (counting from 0) uses the learning rate {@code schedule.valueAt(k)}; the step count is part of
 * the {@link #state() state}, so a restored optimizer continues its schedule where it stopped.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), AdamConfig.builder().lr(1e-3).build());
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * OptimizerState saved = opt.state();        // deep copy, for a checkpoint
 * }</pre>
 */
public interface Optimizer {
    /**
     * Applies one update to every parameter that has a gradient.
     *
     * @throws io.github.flows4j.core.DTypeMismatchException if a gradient's type differs from its parameter's
     * @throws io.github.flows4j.core.InvalidConfigException if the schedule gives a negative or non-finite rate
     */
    void step();

    /** Forgets every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    void zeroGrad();

    /** @return the parameters this optimizer updates, by name, in order (unmodifiable) */
    Map<String, Tensor> parameters();

    /** @return how many times {@link #step()} has run (restored by {@link #loadState}) */
    long stepCount();

    /** @return the learning rate the next {@link #step()} will use */
    double learningRate();

    /** @return a deep copy of the optimizer's state: its kind, step counts and per-parameter buffers */
    OptimizerState state();

    /**
     * Restores a state taken from an optimizer of the same kind over parameters with the same names, shapes and
     * types. Nothing changes unless the whole state fits.
     *
     * @param state the state to copy in
     * @throws io.github.flows4j.core.InvalidConfigException if the kind or the set of entries differs
     * @throws io.github.flows4j.core.ShapeMismatchException if a buffer's shape differs
     * @throws io.github.flows4j.core.DTypeMismatchException if a buffer's type differs
     */
    void loadState(OptimizerState state);
}
