package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;

/**
 * Layers applied in order, {@code y = f_n(… f_1(x))}. A layer that is also a {@link Module} is registered under its
 * position, so parameters are named like PyTorch's {@code nn.Sequential}: {@code 0.weight}, {@code 2.weight}, …
 * (activations take positions but own nothing).
 *
 * <pre>{@code
 * Sequential net = Sequential.of(new Linear(2, 16, true, DataType.FLOAT, rng), Activation.TANH,
 *                                new Linear(16, 1, true, DataType.FLOAT, rng));
 * Tensor y = net.forward(x);                 // x: [batch, 2] -> y: [batch, 1]
 * }</pre>
 */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers;

    private Sequential(List<Layer> layers) {
        this.layers = layers;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Module m) {
                registerModule(Integer.toString(i), m);
            }
        }
    }

    /**
     * @param layers the layers, first applied first; at least one, none null
     * @return the composition
     * @throws InvalidConfigException if there is no layer or one is null
     */
    public static Sequential of(Layer... layers) {
        if (layers == null || layers.length == 0) {
            throw InvalidConfigException.of("layers", "at least one layer", 0);
        }
        for (int i = 0; i < layers.length; i++) {
            Checks.notNull("layers[" + i + "]", layers[i]);
        }
        return new Sequential(List.of(layers));
    }

    /**
     * @param x the first layer's input
     * @return the last layer's output
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }

    /** @return the layers in order (unmodifiable) */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the number of layers */
    public int size() {
        return layers.size();
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
