package io.github.flows4j.examples.rfm;

import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.NameChoices;
import io.github.flows4j.manifold.data.BenchmarkMesh;
import io.github.flows4j.manifold.data.EarthDataset;
import java.util.List;

/**
 * The fixed value sets of the RFM commands' options, as picocli converters and completion candidates: unknown values
 * are usage errors that list the valid names.
 *
 * <pre>{@code
 * @Option(names = "--lr-schedule", defaultValue = "auto", converter = RfmChoices.Schedules.class,
 *         completionCandidates = RfmChoices.Schedules.class)
 * RfmTraining.Schedule lrSchedule;
 * }</pre>
 */
final class RfmChoices {
    private RfmChoices() {
    }

    /** {@code --lr-schedule}: auto, cosine, constant. */
    static final class Schedules extends Choices<RfmTraining.Schedule> {
        Schedules() {
            super(RfmTraining.Schedule.values(), Choices::lower);
        }
    }

    /** {@code rfm --dataset}: an earth dataset, or all of them. */
    enum Earth {
        /** Volcano eruptions. */
        VOLCANO,
        /** Earthquakes. */
        EARTHQUAKE,
        /** Floods. */
        FLOOD,
        /** Fires. */
        FIRE,
        /** All four, one after another. */
        ALL;

        /** @return the datasets this choice names */
        List<EarthDataset> datasets() {
            return this == ALL ? List.of(EarthDataset.values()) : List.of(EarthDataset.valueOf(name()));
        }
    }

    /** The names volcano, earthquake, flood, fire, all. */
    static final class EarthNames extends Choices<Earth> {
        EarthNames() {
            super(Earth.values(), Choices::lower);
        }
    }

    /** {@code rfm-mesh --mesh}: bunny, spot. */
    static final class Meshes extends Choices<BenchmarkMesh> {
        Meshes() {
            super(BenchmarkMesh.values(), Choices::lower);
        }
    }

    /** {@code rfm-mesh --weight}: biharmonic, diffusion, commute. */
    static final class MeshWeights extends NameChoices {
        MeshWeights() {
            super("biharmonic", "diffusion", "commute");
        }
    }

    /** {@code rfm-maze --weight}: biharmonic, commute. */
    static final class MazeWeights extends NameChoices {
        MazeWeights() {
            super("biharmonic", "commute");
        }
    }

    /** {@code rfm-mesh --projection}: face, flux, edge-flux. */
    static final class Projections extends NameChoices {
        Projections() {
            super("face", "flux", "edge-flux");
        }
    }

    /** {@code --relocation}: project, walk. */
    static final class Relocations extends NameChoices {
        Relocations() {
            super("project", "walk");
        }
    }
}
