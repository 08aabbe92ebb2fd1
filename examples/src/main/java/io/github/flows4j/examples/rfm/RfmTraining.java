package io.github.flows4j.examples.rfm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.Ema;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.manifold.rfm.RfmLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training settings the RFM examples share, run through a {@link Trainer}: Adam on the {@link RfmLoss} and an
 * exponential moving average (EMA) of the weights; the averaged weights end in the model and are the ones
 * evaluated. The trainer's checkpoint holds the training weights, the EMA and the kept snapshot, so a run resumes
 * exactly.
 *
 * <p><b>Learning rate.</b> {@link Schedule#AUTO} is cosine decay over {@code steps} without a time budget and a
 * constant rate under one; {@link Schedule#COSINE} decays to 0 over whichever runs out first — the step count or the
 * wall-time budget (the decay follows max(step/steps, elapsed/budget), so a budgeted run still ends at a small
 * rate); {@link Schedule#CONSTANT} never decays. A linear warm-up of {@code warmup} steps goes in front of any of them.
 *
 * <p><b>Checkpoint selection.</b> With {@code selectEvery} &gt; 0 and a validation scorer, the EMA weights are scored
 * (a validation NLL, lower is better) every {@code selectEvery} steps and at the end, and the best-scoring snapshot
 * is the one left in the model — model selection on the validation split, never on the test split.
 *
 * <pre>{@code
 * RfmTraining t = RfmTraining.of(20_000, 600, 3e-3, 0.999).withSchedule(500, RfmTraining.Schedule.COSINE, 2_000);
 * RfmTraining.Result r = t.run(field, (x1, g) -> loss.loss(field, x1, g), g -> batch(g), rng, "rfm", true,
 *         f -> valNll(f), checkpointOptions, out.resolve("rfm.ckpt"));
 * }</pre>
 *
 * @param steps       training steps, &ge; 1
 * @param timeBudget  seconds after which training stops early; 0 for none
 * @param lr          the peak learning rate, &gt; 0
 * @param emaDecay    the EMA decay in [0, 1)
 * @param warmup      linear warm-up steps, &ge; 0
 * @param schedule    the decay after the warm-up
 * @param selectEvery steps between validation scores of the EMA weights; 0 = keep the final EMA
 * @param emaWarmup   warm the EMA decay up ({@link Ema#withWarmup}); without it a short run's average keeps a share
 *                    emaDecay^steps of the random initial weights
 */
public record RfmTraining(int steps, double timeBudget, double lr, double emaDecay, int warmup, Schedule schedule,
        int selectEvery, boolean emaWarmup) {

    /** The learning-rate decay; see the class comment. */
    public enum Schedule {
        /** Cosine over the steps without a time budget, constant under one (the original behaviour). */
        AUTO,
        /** Cosine to 0 over max(step/steps, elapsed/budget). */
        COSINE,
        /** No decay. */
        CONSTANT
    }

    /**
     * Validates the settings.
     *
     * @throws InvalidConfigException naming the first setting that breaks its rule
     */
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
        if (warmup < 0) {
            throw InvalidConfigException.of("warmup", ">= 0 steps", warmup);
        }
        if (schedule == null) {
            throw InvalidConfigException.of("schedule", "AUTO, COSINE or CONSTANT", null);
        }
        if (selectEvery < 0) {
            throw InvalidConfigException.of("selectEvery", ">= 0 steps", selectEvery);
        }
    }

    /**
     * The original recipe: no warm-up, {@link Schedule#AUTO}, the final EMA kept, no EMA warm-up.
     *
     * @param steps      training steps, &ge; 1
     * @param timeBudget seconds, 0 for none
     * @param lr         the peak rate
     * @param emaDecay   the EMA decay
     * @return the settings
     * @throws InvalidConfigException naming the first setting that breaks its rule
     */
    public static RfmTraining of(int steps, double timeBudget, double lr, double emaDecay) {
        return new RfmTraining(steps, timeBudget, lr, emaDecay, 0, Schedule.AUTO, 0, false);
    }

    /**
     * These settings with another learning-rate schedule and checkpoint selection.
     *
     * @param warmupSteps linear learning-rate warm-up steps, &ge; 0
     * @param decay       the decay after the warm-up
     * @param selectEvery steps between validation scores of the EMA weights; 0 = keep the final EMA
     * @return the new settings
     * @throws InvalidConfigException naming the first setting that breaks its rule
     */
    public RfmTraining withSchedule(int warmupSteps, Schedule decay, int selectEvery) {
        return new RfmTraining(steps, timeBudget, lr, emaDecay, warmupSteps, decay, selectEvery, emaWarmup);
    }

    /**
     * The original recipe with a command's {@link TrainingOptions}: steps, budget, rate, EMA decay and warm-up.
     *
     * @param opts the parsed options
     * @return the settings
     * @throws InvalidConfigException naming the first option that breaks its rule
     */
    public static RfmTraining of(TrainingOptions opts) {
        return new RfmTraining(opts.steps(), opts.timeBudget(), opts.lr(), opts.ema(), 0, Schedule.AUTO, 0,
                opts.emaWarmup());
    }

    /**
     * What a run did.
     *
     * @param train what the {@link Trainer} reports
     */
    public record Result(TrainResult train) {
        /** @return steps taken (fewer than asked under a time budget) */
        public int stepsDone() {
            return (int) train.steps();
        }

        /** @return wall time of the loop, validation scoring included */
        public double trainSeconds() {
            return train.seconds();
        }

        /** @return the mean loss over the last 100 steps */
        public double lastLoss() {
            return train.meanLoss();
        }

        /** @return the step whose EMA weights were kept (= stepsDone without selection) */
        public int bestStep() {
            return (int) train.bestStep();
        }

        /** @return their validation score, NaN without selection */
        public double bestScore() {
            return train.bestScore();
        }
    }

    /** @return the learning-rate schedule: the decay, a linear warm-up scaled in front of it */
    LrSchedule lrSchedule() {
        boolean decay = schedule == Schedule.COSINE || (schedule == Schedule.AUTO && timeBudget == 0);
        LrSchedule base = decay ? LrSchedule.cosineByProgress(lr, 0) : LrSchedule.constant(lr);
        return warmup > 0 ? base.withScaledWarmup(warmup) : base;
    }

    /**
     * The trainer settings: steps, budget, schedule, EMA and (with a scorer) validation every {@code selectEvery}
     * steps and at the end.
     *
     * @param validating whether a validation scorer is given
     * @return the builder, for checkpoint settings to be added
     */
    TrainerConfig.Builder config(boolean validating) {
        return TrainerConfig.builder().maxSteps(steps).timeBudgetSeconds(timeBudget).schedule(lrSchedule())
                .ema(emaDecay).emaWarmup(emaWarmup).validateEvery(validating ? selectEvery : 0);
    }

    /**
     * Trains any model on any loss through a {@link Trainer}: data batches from {@code rng.split()}, the loss's noise
     * from {@code rng} itself.
     *
     * @param <M>        the model's type
     * @param field      the model (its weights end as the kept EMA snapshot)
     * @param loss       the loss of one data batch, drawing its own noise from the stream
     * @param batches    draws one data batch, [batch, D], from a stream
     * @param rng        the random stream (advanced)
     * @param label      the progress bar's label
     * @param progress   whether to draw the bar and print validation scores
     * @param validation scores the model's current weights, lower is better; null, or {@code selectEvery} = 0, for
     *                   no selection
     * @param checkpoints {@code --checkpoint-every}, {@code --resume} and {@code --metrics}
     * @param checkpoint  the checkpoint file the trainer writes; null for none
     * @return what was done
     * @throws IOException if a checkpoint or the metrics file cannot be read or written
     * @throws io.github.flows4j.core.train.TrainingDivergedException if a loss or gradient stops being finite
     */
    public <M extends Module> Result run(M field, BiFunction<INDArray, Rng, Tensor> loss,
            Function<Rng, INDArray> batches, Rng rng, String label, boolean progress,
            ToDoubleFunction<? super M> validation, CheckpointOptions checkpoints, Path checkpoint)
            throws IOException {
        boolean select = validation != null && selectEvery > 0;
        TrainerConfig config = checkpoints.configure(config(select), checkpoint).build();
        try (ProgressListener bar = ProgressListener.start(label, steps, progress)) {
            Trainer.Builder<M> trainer = Trainer.builder(field).config(config)
                    .loss(ctx -> loss.apply(batches.apply(ctx.data()), ctx.noise())).listener(bar);
            if (select) {
                trainer.validation(validation);
            }
            return new Result(checkpoints.run(trainer, rng.split(), rng));
        }
    }
}
