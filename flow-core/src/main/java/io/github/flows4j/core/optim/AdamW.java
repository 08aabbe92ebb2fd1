package io.github.flows4j.core.optim;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW (Loshchilov and Hutter, 2019, Algorithm 2): Adam with weight decay decoupled from the gradient, as
 * PyTorch's {@code torch.optim.AdamW} at each parameter's step {@code t}:
 *
 * <pre>
 *   p ← p (1 − η λ)
 *   m ← β1 m + (1 − β1) ∇          v ← β2 v + (1 − β2) ∇²
 *   p ← p − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * <p>The decay follows the scheduled rate η, as in PyTorch. State buffers are {@code exp_avg} and
 * {@code exp_avg_sq}, as for {@link Adam}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), AdamConfig.builder().lr(1e-3).weightDecay(0.01).build());
 * }</pre>
 */
public final class AdamW extends BaseOptimizer {
    private final AdamConfig config;

    /**
     * @param parameters the parameters by name, e.g. {@code model.parameters()}; {@link Tensor#variable} leaves
     * @param config     the hyperparameters; {@code weightDecay} is the decoupled decay λ
     * @throws io.github.flows4j.core.InvalidConfigException if there are no parameters, one is not a variable leaf,
     *     or config is null
     */
    public AdamW(Map<String, Tensor> parameters, AdamConfig config) {
        super("adamw", parameters, nonNull("config", config).lr(), "exp_avg", "exp_avg_sq");
        this.config = config;
    }

    /**
     * @param parameters the parameters by name
     * @param lr         a constant learning rate, &gt; 0; weight decay 0.01 and the other values are PyTorch's
     *                   defaults
     * @return the optimizer
     */
    public static AdamW of(Map<String, Tensor> parameters, double lr) {
        return new AdamW(parameters, AdamConfig.builder().lr(lr).weightDecay(0.01).build());
    }

    /** @return the hyperparameters */
    public AdamConfig config() {
        return config;
    }

    @Override
    void update(INDArray p, INDArray g, INDArray[] slots, double lr, long t) {
        UpdateKernels.adam(p, g, slots[0], slots[1], lr, config.beta1(), config.beta2(), config.eps(),
                config.weightDecay(), true, t);
    }
}
