package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import org.nd4j.linalg.api.buffer.DataType;

/** Test helper: builds a model of each kind and trains it on a grid pmf through the library's Trainer. */
final class DequantTraining {
    private DequantTraining() {
    }

    static DequantizedModel model(String kind, int classes, DataType type, Rng rng) {
        Dequantizer q = switch (kind) {
            case "voronoi" -> VoronoiDequantizer.create(2, classes, 2, type,
                    NormalizingFlow.builder().layers(2).hidden(32, 32), rng.split());
            case "argmax" -> ArgmaxDequantizer.create(2, classes, type,
                    NormalizingFlow.builder().layers(2).hidden(32, 32), rng.split());
            case "simplex" -> SimplexDequantizer.create(2, classes, type,
                    NormalizingFlow.builder().layers(2).hidden(32, 32), rng.split());
            default -> new UniformDequantizer(2, classes, type);
        };
        NormalizingFlow p = NormalizingFlow.builder().dim(q.dim()).layers(8).hidden(32, 32).dtype(type)
                .build(rng.split());
        return new DequantizedModel(p, q);
    }

    static DequantizedModel train(String kind, GridPmf pmf, int steps, int batch, long seed) {
        Rng rng = Rng.seeded(seed);
        DequantizedModel m = model(kind, pmf.size(), DataType.FLOAT, rng.split());
        TrainerConfig cfg = TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(1e-3)).build();
        Trainer<DequantizedModel> t = Trainer.builder(m).config(cfg)
                .loss(ctx -> ctx.model().bound(pmf.sample(batch, ctx.data()), 1, ctx.noise()).mean().neg())
                .build();
        t.fit(rng.split(), rng.split());
        return m;
    }
}
