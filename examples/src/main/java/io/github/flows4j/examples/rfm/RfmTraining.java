package io.github.flows4j.examples.rfm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.Ema;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Progress;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loop the RFM examples share: Adam (cosine-decayed over the steps, or constant under a wall-time
 * budget) on the {@link RfmLoss}, one {@link TensorScope} per step, and an exponential moving average of the weights
 * that is copied into the model at the end (the averaged weights are the ones evaluated and checkpointed).
 *
 * <pre>{@code
 * RfmTraining.Result r = new RfmTraining(3000, 0, 2e-3, 0.999).run(field, loss, rng -> batch(rng), rng, "rfm", true);
 * }</pre>
 *
 * @param steps      training steps, &ge; 1
 * @param timeBudget seconds after which training stops early; 0 for none
 * @param lr         the peak learning rate, &gt; 0
 * @param emaDecay   the EMA decay in [0, 1)
 */
public record RfmTraining(int steps, double timeBudget, double lr, double emaDecay) {
    /** Validates the settings. */
    public RfmTraining {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        if (!(timeBudget >= 0)) {
            throw InvalidConfigException.of("timeBudget", ">= 0 seconds", timeBudget);
        }
        if (!(lr > 0)) {
            throw InvalidConfigException.of("lr", "> 0", lr);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw InvalidConfigException.of("emaDecay", "in [0, 1)", emaDecay);
        }
    }

    /**
     * What a run did.
     *
     * @param optimizer    the optimizer, for checkpoints
     * @param stepsDone    steps taken (fewer than asked under a time budget)
     * @param trainSeconds wall time of the loop
     * @param lastLoss     the mean loss over the last 100 steps
     */
    public record Result(Adam optimizer, int stepsDone, double trainSeconds, double lastLoss) {
    }

    /**
     * @param field    the model (its weights end as the EMA)
     * @param loss     the RFM loss
     * @param batches  draws one data batch, [batch, D], from a stream
     * @param rng      the random stream (advanced)
     * @param label    the progress bar's label
     * @param progress whether to draw the bar
     * @return what was done
     */
    public Result run(TangentMlpField field, RfmLoss loss, Function<Rng, INDArray> batches, Rng rng, String label,
            boolean progress) {
        return run(field, (batch, g) -> loss.loss(field, batch, g), batches, rng, label, progress);
    }

    /**
     * The loop for any model and loss, e.g. a {@code MeshTangentField} with a {@code MeshRfmLoss}.
     *
     * @param field    the model (its weights end as the EMA)
     * @param loss     the loss of one data batch, drawing its own noise from the stream
     * @param batches  draws one data batch, [batch, D], from a stream
     * @param rng      the random stream (advanced)
     * @param label    the progress bar's label
     * @param progress whether to draw the bar
     * @return what was done
     */
    public Result run(Module field, BiFunction<INDArray, Rng, Tensor> loss, Function<Rng, INDArray> batches,
            Rng rng, String label, boolean progress) {
        LrSchedule schedule = timeBudget > 0 ? LrSchedule.constant(lr) : LrSchedule.cosine(lr, steps, 0.0);
        Adam adam = new Adam(field.parameters(), AdamConfig.builder().lr(schedule).build());
        Ema ema = new Ema(field.parameters(), emaDecay);
        Rng data = rng.split();
        long start = System.nanoTime();
        double[] recent = new double[100];
        int done = 0;
        try (Progress bar = Progress.start(label, steps, progress)) {
            for (int step = 0; step < steps; step++) {
                double value;
                try (TensorScope scope = TensorScope.open()) {
                    adam.zeroGrad();
                    Tensor l = loss.apply(batches.apply(data), rng);
                    l.backward();
                    adam.step();
                    value = l.item();
                }
                ema.update();
                recent[step % recent.length] = value;
                done = step + 1;
                bar.step(value);
                if (timeBudget > 0 && (System.nanoTime() - start) / 1e9 >= timeBudget) {
                    break;
                }
            }
        }
        ema.copyTo(field.parameters());
        double sum = 0;
        int n = Math.min(done, recent.length);
        for (int i = 0; i < n; i++) {
            sum += recent[i];
        }
        return new Result(adam, done, (System.nanoTime() - start) / 1e9, sum / n);
    }
}
