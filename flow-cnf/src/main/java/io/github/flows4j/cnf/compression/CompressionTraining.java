package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training data and the step loss of a {@link LatentDiscretization} for the library's one training loop,
 * {@link io.github.flows4j.core.train.Trainer}: every step draws a fresh batch of sequences from a source,
 * renders them at a frame rate and returns {@code R + lambda D}.
 *
 * <pre>{@code
 * SequenceSource source = CoupledOscillators.builder().count(6).build();
 * LatentDiscretization model = new LatentDiscretization(CompressionConfig.builder().frameSize(6).build(),
 *         Rng.seeded(0));
 * Trainer<LatentDiscretization> trainer = Trainer.builder(model)
 *         .config(TrainerConfig.builder().maxSteps(200).schedule(LrSchedule.constant(3e-3)).build())
 *         .loss(CompressionTraining.loss(source, 10, 8))
 *         .build();
 * trainer.fit(Rng.seeded(1), Rng.seeded(2));
 * }</pre>
 */
public final class CompressionTraining {
    private CompressionTraining() {
    }

    /**
     * A batch of sequences rendered at one frame rate.
     *
     * @param frames {@code [batch, n, frameSize]}
     * @param times  the n shared frame times
     */
    public record Batch(INDArray frames, double[] times) {
    }

    /**
     * Draws and renders a batch.
     *
     * @param source the sequence distribution
     * @param fps    frames per second, &gt; 0
     * @param size   sequences, &gt;= 1
     * @param rng    the generator (split once per sequence)
     * @return the batch
     */
    public static Batch batch(SequenceSource source, double fps, int size, Rng rng) {
        Checks.notNull("source", source);
        Checks.notNull("rng", rng);
        if (size < 1) {
            throw InvalidConfigException.of("batch", ">= 1", size);
        }
        List<Sequence> seqs = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            seqs.add(source.sample(rng.split()).render(fps));
        }
        return new Batch(LatentDiscretization.frames(seqs), seqs.get(0).times());
    }

    /**
     * The step loss: a fresh batch from {@code ctx.data()}, transmit draws and quantisation noise from
     * {@code ctx.noise()}.
     *
     * @param source the sequence distribution
     * @param fps    frames per second
     * @param size   sequences per step
     * @return the loss for {@code Trainer.builder(model).loss(...)}
     */
    public static StepLoss<LatentDiscretization> loss(SequenceSource source, double fps, int size) {
        Checks.notNull("source", source);
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw InvalidConfigException.of("fps", "finite and > 0", fps);
        }
        return ctx -> {
            Batch b = batch(source, fps, size, ctx.data());
            return ctx.model().objective(b.frames(), b.times(), ctx.noise()).loss();
        };
    }
}
