package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.BouncingBalls;
import io.github.flows4j.cnf.compression.CoupledOscillators;
import io.github.flows4j.cnf.compression.JumpProcess;
import io.github.flows4j.cnf.compression.SequenceSource;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Choices;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code compress} commands' data options ({@code --data}, {@code --size}, {@code --fps}, {@code --duration}),
 * shared by {@code train} and {@code curves} so both draw the same sequences.
 *
 * <pre>{@code
 * @Mixin
 * private CompressData data;
 * SequenceSource source = data.source();
 * }</pre>
 */
public final class CompressData {
    /** The data generators. */
    enum Data {
        BOUNCING_BALLS, JUMP, OSCILLATORS
    }

    @Option(names = "--data", defaultValue = "bouncing-balls", converter = DataChoices.class,
            completionCandidates = DataChoices.class,
            description = "Sequences: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Data data;

    @Option(names = "--size", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "bouncing-balls: frame side in pixels; jump, oscillators: values per frame "
                    + "(default ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--fps", defaultValue = "10", converter = Bounds.Positive.class,
            description = "Frame rate of the training and test renders (default ${DEFAULT-VALUE}).")
    private double fps;

    @Option(names = "--duration", defaultValue = "2", converter = Bounds.Positive.class,
            description = "Sequence length in seconds (default ${DEFAULT-VALUE}).")
    private double duration;

    /** @return the generator's name as the command line spells it */
    String name() {
        return data.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the frame rate of the training and test renders */
    double fps() {
        return fps;
    }

    /** @return the generator the options describe */
    SequenceSource source() {
        return switch (data) {
            case BOUNCING_BALLS -> BouncingBalls.builder().size(size).radius(size / 6.4).speeds(size / 8.0, size * 1.5)
                    .duration(duration).build();
            case JUMP -> JumpProcess.builder().dim(size).duration(duration).build();
            case OSCILLATORS -> CoupledOscillators.builder().count(size).duration(duration).build();
        };
    }

    /** The generators' names. */
    static final class DataChoices extends Choices<Data> {
        DataChoices() {
            super(Data.values(), e -> Choices.lower(e).replace('_', '-'));
        }
    }
}
