package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way the {@code ncl-*} commands train: flow-core's {@link Trainer} with Adam, a cosine learning rate over
 * the step budget (or over the time budget when one is set), global-norm clipping, a checkpoint at the end (and every
 * {@code --checkpoint-every} steps, {@code --resume} and {@code --metrics} through the shared
 * {@link CheckpointOptions} when the command mixes them in), the progress bar as a {@link TrainingListener}, and
 * the loss curve recorded for the plots (on a resumed run: the steps after the checkpoint).
 *
 * <pre>{@code
 * NclTraining.Run run = NclTraining.fit("ncl-hodge", model, loss, 500, 0, 1e-3, true, out.resolve("model.f4j"),
 *         checkpoints, rng);
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
            double lr, boolean progress, Path checkpoint, CheckpointOptions checkpoints, Rng rng) throws IOException {
        TrainerConfig.Builder config = TrainerConfig.builder().maxSteps(steps).clipNorm(10.0);
        if (checkpoints == null) {
            config.checkpoint(checkpoint);
        } else {
            checkpoints.configure(config, checkpoint);
        }
        if (timeBudgetSeconds > 0) {
            config.timeBudgetSeconds(timeBudgetSeconds).schedule(LrSchedule.cosineByProgress(lr, 0));
        } else {
            config.schedule(LrSchedule.cosine(lr, steps, 0));
        }
        List<double[]> curve = new ArrayList<>();
        try (Progress bar = Progress.start(task, steps, progress)) {
            Trainer.Builder<M> trainer = Trainer.builder(model).config(config.build()).loss(loss)
                    .listener(new TrainingListener() {
                        @Override
                        public void onStep(long step, double value, double rate) {
                            curve.add(new double[] {step, value});
                            bar.step(value);
                        }
                    });
            Rng data = rng.split();
            Rng noise = rng.split();
            TrainResult result = checkpoints == null ? trainer.build().fit(data, noise)
                    : checkpoints.run(trainer, data, noise);
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
