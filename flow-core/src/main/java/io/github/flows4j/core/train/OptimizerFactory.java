package io.github.flows4j.core.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.optim.Optimizer;
import java.util.Map;

/**
 * Builds the optimizer a {@link Trainer} steps. The trainer passes the schedule the optimizer must use: the
 * configured {@link TrainerConfig#schedule()} evaluated at the run's progress, which only the trainer knows.
 *
 * <pre>{@code
 * OptimizerFactory adamw = (params, lr) -> new AdamW(params, AdamConfig.builder().lr(lr).weightDecay(1e-4).build());
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory {
    /**
     * @param parameters the model's parameters by name
     * @param schedule   the learning rate by step, to be handed to the optimizer unchanged
     * @return a new optimizer over those parameters
     */
    Optimizer create(Map<String, Tensor> parameters, LrSchedule schedule);

    /** @return Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, no weight decay) */
    static OptimizerFactory adam() {
        return (parameters, schedule) -> new Adam(parameters, AdamConfig.builder().lr(schedule).build());
    }
}
