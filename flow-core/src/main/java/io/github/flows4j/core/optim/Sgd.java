package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional momentum (Polyak's heavy ball, or Nesterov's as in Sutskever et al.,
 * 2013) and L2 weight decay, as PyTorch's {@code torch.optim.SGD} at each parameter's step {@code t}:
 *
 * <pre>
 *   g ← ∇ + λ p
 *   b ← g if t = 1, else μ b + (1 − dampening) g
 *   g ← g + μ b (Nesterov)   or   g ← b
 *   p ← p − η g
 * </pre>
 *
 * <p>With momentum the state holds one {@code momentum_buffer} per parameter.
 *
 * <pre>{@code
 * Optimizer opt = new Sgd(model.parameters(), SgdConfig.builder().lr(0.1).momentum(0.9).build());
 * }</pre>
 */
public final class Sgd extends BaseOptimizer {
    private final SgdConfig config;

    /**
     * @param parameters the parameters by name, e.g. {@code model.parameters()}; {@link Tensor#variable} leaves
     * @param config     the hyperparameters
     * @throws InvalidConfigException if there are no parameters, one is not a variable leaf, or config is null
     */
    public Sgd(Map<String, Tensor> parameters, SgdConfig config) {
        super("sgd", parameters, nonNull("config", config).lr(), slots(config));
        this.config = config;
    }

    private static String[] slots(SgdConfig config) {
        return config.momentum() != 0 ? new String[] {"momentum_buffer"} : new String[0];
    }

    /**
     * @param parameters the parameters by name
     * @param lr         a constant learning rate, &gt; 0; no momentum, no decay
     * @return the optimizer
     */
    public static Sgd of(Map<String, Tensor> parameters, double lr) {
        return new Sgd(parameters, SgdConfig.builder().lr(lr).build());
    }

    /** @return the hyperparameters */
    public SgdConfig config() {
        return config;
    }

    @Override
    void update(INDArray p, INDArray g, INDArray[] slots, double lr, long t) {
        UpdateKernels.sgd(p, g, slots.length > 0 ? slots[0] : null, lr, config.momentum(), config.dampening(),
                config.nesterov(), config.weightDecay(), t);
    }
}
