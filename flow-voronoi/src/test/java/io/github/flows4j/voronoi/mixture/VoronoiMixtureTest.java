package io.github.flows4j.voronoi.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VoronoiMixtureTest {

    @Test
    void kMeansFindsSeparatedCentres() {
        Rng rng = Rng.seeded(1);
        INDArray data = rng.normal(DataType.DOUBLE, 300, 2).muli(0.1);
        double[][] centres = {{-5, 0}, {5, 0}, {0, 5}};
        for (int i = 0; i < 300; i++) {
            data.putScalar(i, 0, data.getDouble(i, 0) + centres[i % 3][0]);
            data.putScalar(i, 1, data.getDouble(i, 1) + centres[i % 3][1]);
        }
        double[] c = HostArrays.toDoubles(KMeans.fit(data, 3, 10, rng.split()));
        for (double[] want : centres) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 3; j++) {
                best = Math.min(best, Math.hypot(c[2 * j] - want[0], c[2 * j + 1] - want[1]));
            }
            assertTrue(best < 0.05, "no centre near " + want[0] + ", " + want[1]);
        }
        assertThrows(InvalidConfigException.class, () -> KMeans.fit(Nd4j.zeros(DataType.DOUBLE, 5, 2), 2, 1, rng));
    }

    @Test
    @SuppressWarnings("try")
    void densityIntegratesToOneOverTheBoxAndSamplesScoreFinite() {
        Rng rng = Rng.seeded(2);
        INDArray data = Toy2d.byName("8gaussians").sample(500, rng.split(), DataType.DOUBLE);
        VoronoiMixture m = VoronoiMixture.create(data, 6, 3, NormalizingFlow.builder().layers(2).hidden(16),
                rng.split());
        double[] lo = HostArrays.toDoubles(m.cells().tessellation().lower().value());
        double[] hi = HostArrays.toDoubles(m.cells().tessellation().upper().value());
        int g = 300;
        double[] pts = new double[g * g * 2];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                pts[2 * (i * g + j)] = lo[0] + (hi[0] - lo[0]) * (i + 0.5) / g;
                pts[2 * (i * g + j) + 1] = lo[1] + (hi[1] - lo[1]) * (j + 0.5) / g;
            }
        }
        double mass;
        try (GradMode.Scope ng = GradMode.noGrad()) {
            Tensor lp = m.logProb(Tensor.constant(HostArrays.fromDoubles(pts, DataType.DOUBLE, g * g, 2)));
            mass = lp.exp().sum().item() * (hi[0] - lo[0]) * (hi[1] - lo[1]) / (g * g);
            INDArray s = m.sample(200, rng.split());
            for (double v : m.logProb(Tensor.constant(s)).toDoubleArray()) {
                assertTrue(Double.isFinite(v));
            }
        }
        assertEquals(1.0, mass, 0.02, "∫ p over the box");
    }

    @Test
    void trainingLowersTheNllAndOutsideTheBoxIsATypedError() {
        Rng rng = Rng.seeded(3);
        INDArray data = Toy2d.byName("8gaussians").sample(2000, rng.split(), DataType.FLOAT);
        VoronoiMixture m = VoronoiMixture.create(data, 8, 4, NormalizingFlow.builder().layers(2).hidden(32, 32),
                rng.split());
        Tensor test = Tensor.constant(data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 500),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup());
        double before = nll(m, test);
        TrainerConfig cfg = TrainerConfig.builder().maxSteps(60).schedule(LrSchedule.constant(3e-3)).build();
        Trainer.builder(m).config(cfg).loss(ctx -> {
            int[] rows = new int[128];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = ctx.data().nextInt(2000);
            }
            return ctx.model().logProb(Tensor.constant(data).indexSelect(rows)).mean().neg();
        }).build().fit(rng.split(), rng.split());
        double after = nll(m, test);
        assertTrue(after < before - 0.1, "nll " + before + " -> " + after);
        INDArray far = Nd4j.createFromArray(new float[][] {{100f, 0f}});
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> m.logProb(Tensor.constant(far)));
        assertTrue(e.getMessage().contains("x[0][0]"), e.getMessage());
    }

    @SuppressWarnings("try")
    private static double nll(VoronoiMixture m, Tensor x) {
        try (GradMode.Scope ng = GradMode.noGrad()) {
            return -m.logProb(x).mean().item();
        }
    }
}
