package io.github.flows4j.examples.gfn;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The parts of the {@code gflownet} command that every one of its runs reads: the command (for its output stream and
 * usage errors), the shared training, output and checkpoint options, and whether to draw the progress bar.
 *
 * @param spec        the parsed command
 * @param train       {@code --steps}, {@code --batch}, {@code --lr}, {@code --hidden}, {@code --seed},
 *                    {@code --time-budget}
 * @param output      {@code --out}
 * @param checkpoints {@code --checkpoint-every}, {@code --resume}, {@code --metrics}
 * @param progress    whether the progress bar is drawn
 */
record CommandParts(CommandSpec spec, MlpTrainingOptions train, OutputOptions output, CheckpointOptions checkpoints,
        boolean progress) {
    /**
     * @param out       the output folder; the checkpoint is its {@code gflownet.ckpt}
     * @param schedule  the learning rate
     * @param evalEvery steps between evaluations (the last weights are kept, not the best-scored)
     * @return the run's trainer configuration builder: steps, time budget, schedule, evaluations, checkpoints
     * @throws IOException if the checkpoint's folder cannot be made
     */
    TrainerConfig.Builder trainerConfig(Path out, LrSchedule schedule, int evalEvery) throws IOException {
        return checkpoints.configure(train.trainerConfig().schedule(schedule).validateEvery(evalEvery).keepBest(false),
                out.resolve("gflownet.ckpt"));
    }
}
