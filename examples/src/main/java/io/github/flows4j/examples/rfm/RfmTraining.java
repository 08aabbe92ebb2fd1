package io.github.flows4j.examples.rfm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.Ema;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Progress;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loop the RFM examples share: Adam on the {@link RfmLoss}, one {@link TensorScope} per step, and an
 * exponential moving average (EMA) of the weights; the averaged weights end in the model and are the ones
 * evaluated and checkpointed.
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
 * RfmTraining t = new RfmTraining(20_000, 600, 3e-3, 0.999, 500, RfmTraining.Schedule.COSINE, 2_000);
 * RfmTraining.Result r = t.run(field, loss, rng -> batch(rng), rng, "rfm", true, f -> valNll(f));
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
     * Without EMA warm-up.
     *
     * @param steps       training steps, &ge; 1
     * @param timeBudget  seconds, 0 for none
     * @param lr          the peak rate
     * @param emaDecay    the EMA decay
     * @param warmup      linear learning-rate warm-up steps
     * @param schedule    the decay after the warm-up
     * @param selectEvery steps between validation scores, 0 for none
     */
    public RfmTraining(int steps, double timeBudget, double lr, double emaDecay, int warmup, Schedule schedule,
            int selectEvery) {
        this(steps, timeBudget, lr, emaDecay, warmup, schedule, selectEvery, false);
    }

    /**
     * The original recipe: no warm-up, {@link Schedule#AUTO}, the final EMA kept.
     *
     * @param steps      training steps, &ge; 1
     * @param timeBudget seconds, 0 for none
     * @param lr         the peak rate
     * @param emaDecay   the EMA decay
     */
    public RfmTraining(int steps, double timeBudget, double lr, double emaDecay) {
        this(steps, timeBudget, lr, emaDecay, 0, Schedule.AUTO, 0, false);
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
     * @param optimizer    the optimizer, for checkpoints
     * @param stepsDone    steps taken (fewer than asked under a time budget)
     * @param trainSeconds wall time of the loop, validation scoring included
     * @param lastLoss     the mean loss over the last 100 steps
     * @param bestStep     the step whose EMA weights were kept (= stepsDone without selection)
     * @param bestScore    their validation score, NaN without selection
     */
    public record Result(Adam optimizer, int stepsDone, double trainSeconds, double lastLoss, int bestStep,
            double bestScore) {
    }

    /**
     * The learning rate at a step, given the elapsed fraction of the time budget.
     *
     * @param step           the step index, &ge; 0
     * @param budgetFraction elapsed / timeBudget (0 without a budget)
     * @return the rate
     */
    double rateAt(long step, double budgetFraction) {
        double warm = warmup > 0 && step < warmup ? (step + 1.0) / (warmup + 1.0) : 1.0;
        boolean decay = schedule == Schedule.COSINE || (schedule == Schedule.AUTO && timeBudget == 0);
        if (!decay) {
            return lr * warm;
        }
        double f = Math.min(1.0, Math.max((double) step / steps, schedule == Schedule.COSINE ? budgetFraction : 0));
        return lr * warm * 0.5 * (1 + Math.cos(Math.PI * f));
    }

    /**
     * Trains without checkpoint selection.
     *
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
        return run(field, loss, batches, rng, label, progress, null);
    }

    /**
     * @param field      the model (its weights end as the kept EMA snapshot)
     * @param loss       the RFM loss
     * @param batches    draws one data batch, [batch, D], from a stream
     * @param rng        the random stream (advanced)
     * @param label      the progress bar's label
     * @param progress   whether to draw the bar
     * @param validation scores the model's current weights, lower is better (e.g. validation NLL); null, or
     *                   {@code selectEvery} = 0, for no selection
     * @return what was done
     */
    public Result run(TangentMlpField field, RfmLoss loss, Function<Rng, INDArray> batches, Rng rng, String label,
            boolean progress, ToDoubleFunction<TangentMlpField> validation) {
        return run(field, (batch, g) -> loss.loss(field, batch, g), batches, rng, label, progress, validation);
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
        return run(field, loss, batches, rng, label, progress, null);
    }

    /**
     * The loop for any model and loss, with optional selection of the best EMA snapshot.
     *
     * @param <M>        the model's type
     * @param field      the model (its weights end as the kept EMA snapshot)
     * @param loss       the loss of one data batch, drawing its own noise from the stream
     * @param batches    draws one data batch, [batch, D], from a stream
     * @param rng        the random stream (advanced)
     * @param label      the progress bar's label
     * @param progress   whether to draw the bar
     * @param validation scores the model's current weights, lower is better; null, or {@code selectEvery} = 0, for
     *                   no selection
     * @return what was done
     */
    @SuppressWarnings("try") // the scope releases what the block allocates
    public <M extends Module> Result run(M field, BiFunction<INDArray, Rng, Tensor> loss,
            Function<Rng, INDArray> batches, Rng rng, String label, boolean progress,
            ToDoubleFunction<? super M> validation) {
        long start = System.nanoTime();
        LrSchedule schedule = step -> rateAt(step,
                timeBudget > 0 ? (System.nanoTime() - start) / 1e9 / timeBudget : 0.0);
        Adam adam = new Adam(field.parameters(), AdamConfig.builder().lr(schedule).build());
        Ema ema = emaWarmup ? Ema.withWarmup(field.parameters(), emaDecay) : new Ema(field.parameters(), emaDecay);
        boolean select = validation != null && selectEvery > 0;
        Map<String, INDArray> best = null;
        double bestScore = Double.NaN;
        int bestStep = 0;
        Rng data = rng.split();
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
                boolean last = done == steps || (timeBudget > 0 && (System.nanoTime() - start) / 1e9 >= timeBudget);
                if (select && (done % selectEvery == 0 || last)) {
                    double score;
                    try (Ema.Swap swap = ema.swapIn()) {
                        score = validation.applyAsDouble(field);
                    }
                    if (progress) {
                        System.err.printf(Locale.ROOT, "%n%s step %d: validation %.4f%n", label, done, score);
                    }
                    if (best == null || score < bestScore) {
                        best = ema.averages();
                        bestScore = score;
                        bestStep = done;
                    }
                }
                if (last) {
                    break;
                }
            }
        }
        if (best != null) {
            for (Map.Entry<String, Tensor> p : field.parameters().entrySet()) {
                p.getValue().value().assign(best.get(p.getKey()));
            }
        } else {
            ema.copyTo(field.parameters());
            bestStep = done;
        }
        double sum = 0;
        int n = Math.min(done, recent.length);
        for (int i = 0; i < n; i++) {
            sum += recent[i];
        }
        return new Result(adam, done, (System.nanoTime() - start) / 1e9, sum / n, bestStep, bestScore);
    }
}
