package io.github.flows4j.rl.sac;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Layer;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two soft Q-functions of SAC (clipped double Q, Fujimoto et al. 2018; Haarnoja et al. 2018 §5): MLPs
 * Q₁, Q₂ : [s, a] ↦ ℝ. {@link #minQ(Tensor, Tensor, boolean)} can run with <em>frozen</em> weights — values used,
 * no gradient recorded into them — which is how the actor's loss sees the critics.
 *
 * <pre>{@code
 * TwinCritic q = new TwinCritic(3, 1, new int[] {256, 256}, DataType.FLOAT, rng);
 * Tensor[] both = q.forward(obs, action);        // two [b, 1]
 * Tensor m = q.minQ(obs, action, true);          // min(Q₁, Q₂), gradient only into the action
 * }</pre>
 */
public final class TwinCritic extends Module {
    private static final int POLYAK_CHUNK = 4096;
    private static final ThreadLocal<float[][]> POLYAK_SCRATCH =
            ThreadLocal.withInitial(() -> new float[2][POLYAK_CHUNK]);

    private final Mlp q1;
    private final Mlp q2;
    private final int obsDim;
    private final int actionDim;

    /**
     * @param obsDim    observation size
     * @param actionDim action size
     * @param hidden    hidden widths (ReLU)
     * @param dtype     FLOAT or DOUBLE
     * @param rng       draws the initial weights
     */
    public TwinCritic(int obsDim, int actionDim, int[] hidden, DataType dtype, Rng rng) {
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        int[] sizes = SquashedGaussianActor.sizes(obsDim + actionDim, hidden, 1);
        q1 = registerModule("q1", Mlp.builder().sizes(sizes).activation(Activation.RELU).dtype(dtype).build(rng));
        q2 = registerModule("q2", Mlp.builder().sizes(sizes).activation(Activation.RELU).dtype(dtype).build(rng));
    }

    /**
     * @param obs    [b, obsDim]
     * @param action [b, actionDim]
     * @return {Q₁, Q₂}, each [b, 1]
     */
    public Tensor[] forward(Tensor obs, Tensor action) {
        Tensor x = input(obs, action);
        return new Tensor[] {q1.forward(x), q2.forward(x)};
    }

    /**
     * @param obs    [b, obsDim]
     * @param action [b, actionDim]
     * @param frozen whether to use the weights as constants (gradients still flow into obs and action)
     * @return min(Q₁, Q₂), [b, 1]
     */
    public Tensor minQ(Tensor obs, Tensor action, boolean frozen) {
        Tensor x = input(obs, action);
        Tensor a = frozen ? frozenForward(q1, x) : q1.forward(x);
        Tensor b = frozen ? frozenForward(q2, x) : q2.forward(x);
        return Tensor.concat(1, a, b).min(1, true);
    }

    /**
     * Polyak averaging toward another critic, in place: θ ← (1 − τ) θ + τ θ_source.
     *
     * @param source a critic of the same architecture
     * @param tau    the rate in (0, 1]
     */
    public void polyak(TwinCritic source, double tau) {
        Map<String, Tensor> mine = parameters();
        Map<String, Tensor> theirs = source.parameters();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            polyak(e.getValue().value(), theirs.get(e.getKey()).value(), tau);
        }
    }

    /**
     * Copies another critic's weights into this one.
     *
     * @param source a critic of the same architecture
     */
    public void copyFrom(TwinCritic source) {
        Map<String, Tensor> theirs = source.parameters();
        for (Map.Entry<String, Tensor> e : parameters().entrySet()) {
            e.getValue().value().assign(theirs.get(e.getKey()).value());
        }
    }

    /**
     * target ← (1 − τ)·target + τ·source in place, element by element in the arrays' own precision (the same rounding
     * as ND4J's {@code target.muli(1 − τ).addi(source.mul(τ))}, without allocating the scaled copy).
     */
    static void polyak(INDArray target, INDArray source, double tau) {
        if (target.dataType() == DataType.FLOAT && source.dataType() == DataType.FLOAT && Buffers.isDense(target)
                && Buffers.isDense(source) && target.length() == source.length()) {
            FloatBuffer t = Buffers.floats(target);
            FloatBuffer s = Buffers.floats(source);
            float keep = (float) (1 - tau);
            float take = (float) tau;
            // chunks through heap arrays, which the JIT vectorises (per-element buffer access it does not)
            int chunk = POLYAK_CHUNK;
            float[][] scratch = POLYAK_SCRATCH.get();
            float[] ta = scratch[0];
            float[] sa = scratch[1];
            for (int off = 0, n = t.limit(); off < n; off += chunk) {
                int len = Math.min(chunk, n - off);
                t.get(off, ta, 0, len);
                s.get(off, sa, 0, len);
                for (int i = 0; i < len; i++) {
                    ta[i] = ta[i] * keep + sa[i] * take;
                }
                t.put(off, ta, 0, len);
            }
        } else if (target.dataType() == DataType.DOUBLE && source.dataType() == DataType.DOUBLE
                && Buffers.isDense(target) && Buffers.isDense(source) && target.length() == source.length()) {
            DoubleBuffer t = Buffers.doubles(target);
            DoubleBuffer s = Buffers.doubles(source);
            double keep = 1 - tau;
            for (int i = 0, n = t.limit(); i < n; i++) {
                t.put(i, t.get(i) * keep + s.get(i) * tau);
            }
        } else {
            target.muli(1 - tau).addi(source.mul(tau));
        }
    }

    private Tensor input(Tensor obs, Tensor action) {
        if (obs.rank() != 2 || obs.size(1) != obsDim) {
            throw ShapeMismatchException.of("obs", "[batch, " + obsDim + "]", obs.shape());
        }
        if (action.rank() != 2 || action.size(1) != actionDim || action.size(0) != obs.size(0)) {
            throw ShapeMismatchException.of("action", "[" + obs.size(0) + ", " + actionDim + "]", action.shape());
        }
        return Tensor.concat(1, obs, action);
    }

    private static Tensor frozenForward(Mlp net, Tensor x) {
        Tensor h = x;
        for (Layer l : net.layers().layers()) {
            if (l instanceof Linear lin) {
                h = Tensor.linear(h, lin.weight().detach(), lin.bias() == null ? null : lin.bias().detach());
            } else {
                h = l.forward(h);
            }
        }
        return h;
    }
}
