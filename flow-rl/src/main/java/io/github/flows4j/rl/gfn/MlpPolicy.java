package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learned policy: an MLP (ReLU) from a state's encoding to one logit per action, soft-maxed over the valid actions.
 * Serves as P_F or as a learned P_B. Its parameters are {@code net.layers.*}.
 *
 * <pre>{@code
 * MlpPolicy pf = new MlpPolicy(env.featureDim(), new int[] {256, 256}, env.forwardActionCount(), DataType.FLOAT,
 *         rng.split());
 * Tensor logp = pf.logProbs(features, mask);       // [n, A]
 * }</pre>
 */
public final class MlpPolicy extends Module implements ForwardPolicy, BackwardPolicy {
    private final Mlp net;
    private final int actions;

    /**
     * @param featureDim the encoding size, &ge; 1
     * @param hidden     the hidden widths, at least one, each &ge; 1
     * @param actions    the number of actions, &ge; 1
     * @param type       FLOAT or DOUBLE
     * @param rng        the source of the initial weights
     * @throws InvalidConfigException naming the argument if a size is below 1 or there is no hidden layer
     */
    public MlpPolicy(int featureDim, int[] hidden, int actions, DataType type, Rng rng) {
        this.net = registerModule("net", mlp(featureDim, hidden, actions, type, rng));
        this.actions = actions;
    }

    static Mlp mlp(int featureDim, int[] hidden, int out, DataType type, Rng rng) {
        if (featureDim < 1) {
            throw InvalidConfigException.of("featureDim", ">= 1", featureDim);
        }
        if (hidden == null || hidden.length == 0) {
            throw InvalidConfigException.of("hidden", "at least one hidden width", hidden == null ? null : "[]");
        }
        if (out < 1) {
            throw InvalidConfigException.of("actions", ">= 1", out);
        }
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = featureDim;
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw InvalidConfigException.of("hidden[" + i + "]", ">= 1", hidden[i]);
            }
            sizes[i + 1] = hidden[i];
        }
        sizes[hidden.length + 1] = out;
        return Mlp.builder().sizes(sizes).activation(Activation.RELU).dtype(type).build(rng);
    }

    /** @return the number of actions */
    public int actions() {
        return actions;
    }

    @Override
    public Tensor logProbs(Tensor features, INDArray mask) {
        return MaskedSoftmax.logProbs(net.forward(features), mask);
    }
}
