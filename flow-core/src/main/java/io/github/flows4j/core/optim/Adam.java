package io.github.flows4j.core.optim;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1) with PyTorch's {@code torch.optim.Adam} rule at each parameter's step
 * {@code t}, weight decay as an L2 term on the gradient:
 *
 * <pre>
 *   g ← ∇ + λ p
 *   m ← β1 m + (1 − β1) g          v ← β2 v + (1 − β2) g²
 *   p ← p − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 *
 * <p>Dense FLOAT and DOUBLE parameters update in one Java loop in their own precision; state buffers
 * {@code exp_avg} and {@code exp_avg_sq} are kept per parameter (see {@link OptimizerState}). For decay decoupled
 * from the gradient use {@link AdamW}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), AdamConfig.builder().lr(1e-3).build());
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
public final class Adam extends BaseOptimizer {
    private final AdamConfig config;

    /**
     * @param parameters the parameters by name, e.g. {@code model.parameters()}; {@link Tensor#variable} leaves
     * @param config     the hyperparameters
     * @throws io.github.flows4j.core.InvalidConfigException if there are no parameters, one is not a variable leaf,
     *     or config is null
     */
    public Adam(Map<String, Tensor> parameters, AdamConfig config) {
        super("adam", parameters, nonNull("config", config).lr(), "exp_avg", "exp_avg_sq");
        this.config = config;
    }

    /**
     * @param parameters the parameters by name
     * @param lr         a constant learning rate, &gt; 0; other values are PyTorch's defaults
     * @return the optimizer
     */
    public static Adam of(Map<String, Tensor> parameters, double lr) {
        return new Adam(parameters, AdamConfig.builder().lr(lr).build());
    }

    /** @return the hyperparameters */
    public AdamConfig config() {
        return config;
    }

    @Override
    void update(INDArray p, INDArray g, INDArray[] slots, double lr, long t) {
        UpdateKernels.adam(p, g, slots[0], slots[1], lr, config.beta1(), config.beta2(), config.eps(),
                config.weightDecay(), false, t);
    }
}
