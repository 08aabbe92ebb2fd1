package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.Buffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the parameters (Polyak averaging), the weights flow-matching and diffusion models
 * are usually evaluated with: after each optimizer step, {@code s ← d·s + (1 − d)·p}, starting from a copy of the
 * parameters.
 *
 * <p><b>Warm-up.</b> Started from the initial weights, the plain average keeps a share dⁿ of them after n updates
 * (0.999¹²⁰⁰ = 0.30: a model averaged over a short run is still 30 % random initialisation). {@link #withWarmup}
 * uses the decay min(d, (1 + n)/(10 + n)) at the n-th update (the num_updates rule of TensorFlow's
 * ExponentialMovingAverage), so the average follows the early weights closely and settles to d later.
 *
 * <p>To evaluate with the average, {@link #swapIn()} exchanges averages and parameters until the returned
 * {@link Swap} is closed; {@link #copyTo} overwrites another model's parameters with the averages.
 *
 * <pre>{@code
 * Ema ema = Ema.withWarmup(model.parameters(), 0.999);   // or new Ema(...) for the plain average
 * // training loop: optimizer.step(); ema.update();
 * try (Ema.Swap s = ema.swapIn()) {
 *     evaluate(model);                      // runs with the averaged weights
 * }                                         // training weights are back
 * }</pre>
 */
public final class Ema {
    private final double decay;
    private final boolean warmup;
    private final String[] names;
    private final Tensor[] params;
    private final INDArray[] shadow;
    private long updates;
    private Swap active;

    /**
     * @param parameters the parameters to average, by name (e.g. {@code model.parameters()})
     * @param decay      {@code d}, in [0, 1)
     * @throws InvalidConfigException if decay breaks its rule or there are no parameters
     */
    public Ema(Map<String, Tensor> parameters, double decay) {
        this(parameters, decay, false);
    }

    /**
     * An average whose decay warms up: min(d, (1 + n)/(10 + n)) at the n-th update (n from 0).
     *
     * @param parameters the parameters to average, by name
     * @param decay      the final decay {@code d}, in [0, 1)
     * @return the average
     * @throws InvalidConfigException if decay breaks its rule or there are no parameters
     */
    public static Ema withWarmup(Map<String, Tensor> parameters, double decay) {
        return new Ema(parameters, decay, true);
    }

    private Ema(Map<String, Tensor> parameters, double decay, boolean warmup) {
        if (!(decay >= 0 && decay < 1)) {
            throw InvalidConfigException.of("decay", "in [0, 1)", decay);
        }
        if (parameters == null || parameters.isEmpty()) {
            throw InvalidConfigException.of("parameters", "a non-empty map of parameters",
                    parameters == null ? null : "an empty map");
        }
        this.decay = decay;
        this.warmup = warmup;
        int n = parameters.size();
        this.names = new String[n];
        this.params = new Tensor[n];
        this.shadow = new INDArray[n];
        int i = 0;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            names[i] = e.getKey();
            params[i] = e.getValue();
            shadow[i] = e.getValue().value().dup('c');
            i++;
        }
    }

    /**
     * Moves every average towards its parameter: {@code s ← d·s + (1 − d)·p}, with d the {@link #currentDecay}.
     *
     * @throws IllegalStateException while the averages are swapped in
     */
    public void update() {
        if (active != null) {
            throw new IllegalStateException("Ema.update() while the averages are swapped in; close the Swap first");
        }
        double decay = currentDecay();
        for (int i = 0; i < params.length; i++) {
            INDArray p = params[i].value();
            INDArray s = shadow[i];
            if (Buffers.isDense(p) && p.dataType() == DataType.FLOAT) {
                FloatBuffer pb = Buffers.floats(p);
                FloatBuffer sb = Buffers.floats(s);
                float d = (float) decay;
                float w = (float) (1 - decay);
                for (int k = 0, n = sb.limit(); k < n; k++) {
                    sb.put(k, d * sb.get(k) + w * pb.get(k));
                }
            } else if (Buffers.isDense(p) && p.dataType() == DataType.DOUBLE) {
                DoubleBuffer pb = Buffers.doubles(p);
                DoubleBuffer sb = Buffers.doubles(s);
                double w = 1 - decay;
                for (int k = 0, n = sb.limit(); k < n; k++) {
                    sb.put(k, decay * sb.get(k) + w * pb.get(k));
                }
            } else {
                s.muli(decay).addi(p.mul(1 - decay));
            }
        }
        updates++;
    }

    /** @return the decay {@code d} */
    public double decay() {
        return decay;
    }

    /** @return the decay the next {@link #update()} uses: d, or min(d, (1 + n)/(10 + n)) with warm-up */
    public double currentDecay() {
        return warmup ? Math.min(decay, (1.0 + updates) / (10.0 + updates)) : decay;
    }

    /** @return whether the decay warms up ({@link #withWarmup}) */
    public boolean warmsUp() {
        return warmup;
    }

    /** @return how many times {@link #update()} has run */
    public long updateCount() {
        return updates;
    }

    /** @return a copy of every average, by parameter name, in order */
    public Map<String, INDArray> averages() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], shadow[i].dup('c'));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Restores averages and the update count saved from an average over the same parameters (e.g. by a
     * {@link io.github.flows4j.core.train.Trainer} checkpoint), so that a resumed run averages on exactly as before.
     * Nothing changes unless everything fits.
     *
     * @param averages    the averages by parameter name, as {@link #averages()} returned them
     * @param updateCount the {@link #updateCount()} they were taken at, &ge; 0
     * @throws InvalidConfigException if the names differ or updateCount &lt; 0
     * @throws ShapeMismatchException if a shape differs
     * @throws IllegalStateException while the averages are swapped in
     */
    public void restore(Map<String, INDArray> averages, long updateCount) {
        if (active != null) {
            throw new IllegalStateException("Ema.restore() while the averages are swapped in; close the Swap first");
        }
        if (updateCount < 0) {
            throw InvalidConfigException.of("updateCount", ">= 0", updateCount);
        }
        if (averages == null || !averages.keySet().equals(new java.util.LinkedHashSet<>(Arrays.asList(names)))) {
            throw new InvalidConfigException("averages must have the averaged parameters' names " + Arrays.asList(names)
                    + "; got " + (averages == null ? null : averages.keySet()));
        }
        for (int i = 0; i < names.length; i++) {
            INDArray src = averages.get(names[i]);
            if (!Arrays.equals(src.shape(), shadow[i].shape())) {
                throw ShapeMismatchException.of("averages '" + names[i] + "'", Arrays.toString(shadow[i].shape()),
                        src.shape());
            }
        }
        for (int i = 0; i < names.length; i++) {
            shadow[i].assign(averages.get(names[i]));
        }
        updates = updateCount;
    }

    /**
     * Overwrites parameters with the averages (e.g. those of a separate evaluation copy of the model).
     *
     * @param target parameters with exactly this average's names, shapes and types
     * @throws InvalidConfigException if the names differ
     * @throws ShapeMismatchException if a shape differs
     */
    public void copyTo(Map<String, Tensor> target) {
        if (target == null || !target.keySet().equals(new java.util.LinkedHashSet<>(Arrays.asList(names)))) {
            List<String> missing = new ArrayList<>(Arrays.asList(names));
            List<String> extra = new ArrayList<>();
            if (target != null) {
                missing.removeAll(target.keySet());
                extra.addAll(target.keySet());
                extra.removeAll(Arrays.asList(names));
            }
            throw new InvalidConfigException("target must have the averaged parameters' names; missing " + missing
                    + ", unexpected " + extra);
        }
        for (int i = 0; i < names.length; i++) {
            INDArray dst = target.get(names[i]).value();
            if (!Arrays.equals(dst.shape(), shadow[i].shape())) {
                throw ShapeMismatchException.of("target '" + names[i] + "'", Arrays.toString(shadow[i].shape()),
                        dst.shape());
            }
        }
        for (int i = 0; i < names.length; i++) {
            target.get(names[i]).value().assign(shadow[i]);
        }
    }

    /**
     * Exchanges averages and parameters in place, until the returned handle is closed.
     *
     * @return the handle that swaps back when closed
     * @throws IllegalStateException if the averages are already swapped in
     */
    public Swap swapIn() {
        if (active != null) {
            throw new IllegalStateException("the averages are already swapped in");
        }
        exchange();
        active = new Swap();
        return active;
    }

    private void exchange() {
        for (int i = 0; i < params.length; i++) {
            INDArray p = params[i].value();
            INDArray tmp = p.dup('c');
            p.assign(shadow[i]);
            shadow[i].assign(tmp);
            tmp.close();
        }
    }

    /** Puts the training parameters back when closed (once; later calls do nothing). */
    public final class Swap implements AutoCloseable {
        private boolean open = true;

        private Swap() {
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                exchange();
                active = null;
            }
        }
    }
}
