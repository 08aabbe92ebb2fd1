package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.random.Rng;

/**
 * A distribution over continuous-time sequences: each draw is a {@link ContinuousSequence} that can be rendered at
 * any frame rate.
 *
 * <pre>{@code
 * SequenceSource source = JumpProcess.builder().dim(4).build();
 * Sequence s = source.sample(Rng.seeded(3)).render(20);
 * }</pre>
 */
@FunctionalInterface
public interface SequenceSource {
    /**
     * @param rng the generator of the draw (it advances)
     * @return one sequence
     */
    ContinuousSequence sample(Rng rng);
}
