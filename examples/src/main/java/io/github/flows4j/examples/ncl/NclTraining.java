package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way the {@code ncl-*} commands train: flow-core's {@link Trainer} with Adam, a cosine learning rate over
 * the step budget (or over the time budget when one is set), global-norm clipping, a checkpoint at the end, the
 * progress bar as a {@link TrainingListener}, and the loss curve recorded for the plots.
 *
 * <pre>{@code
 * NclTraining.Run run = NclTraining.fit("ncl-hodge", model, loss, 500, 0, 1e-3, true, out.resolve("model.f4j"), rng);
 * double finalLoss = run.result().finalLoss();
 * }</pre>
 */
final class NclTraining {
    private NclTraining() {
    }

    /** The outcome and the per-step losses. */
    record Run(TrainResult result, double[] steps, double[] losses) {
    }

    @SuppressWarnings("try")
    static <M extends Module> Run fit(String task, M model, StepLoss<M> loss, int steps, double timeBudgetSeconds,
            double lr, boolean progress, Path checkpoint, Rng rng) {
        TrainerConfig.Builder config = TrainerConfig.builder().maxSteps(steps).clipNorm(10.0).checkpoint(checkpoint);
        if (timeBudgetSeconds > 0) {
            config.timeBudgetSeconds(timeBudgetSeconds).schedule(LrSchedule.cosineByProgress(lr, 0));
        } else {
            config.schedule(LrSchedule.cosine(lr, steps, 0));
        }
        List<double[]> curve = new ArrayList<>();
        try (Progress bar = Progress.start(task, steps, progress)) {
            Trainer<M> trainer = Trainer.builder(model).config(config.build()).loss(loss)
                    .listener(new TrainingListener() {
                        @Override
                        public void onStep(long step, double value, double rate) {
                            curve.add(new double[] {step, value});
                            bar.step(value);
                        }
                    }).build();
            TrainResult result = trainer.fit(rng.split(), rng.split());
            double[] s = new double[curve.size()];
            double[] l = new double[curve.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = curve.get(i)[0];
                l[i] = curve.get(i)[1];
            }
            return new Run(result, s, l);
        }
    }
}
