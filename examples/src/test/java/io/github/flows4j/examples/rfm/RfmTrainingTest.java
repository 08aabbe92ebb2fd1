package io.github.flows4j.examples.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.CliRun;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.manifold.manifold.Sphere;
import io.github.flows4j.manifold.rfm.GeodesicPath;
import io.github.flows4j.manifold.rfm.KappaScheduler;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The RFM training settings' learning-rate schedules, validation checkpoint selection and the new CLI options. */
class RfmTrainingTest {

    @Test
    void scheduleMapsAutoCosineAndConstantOntoProgressSchedulesWithScaledWarmup() {
        // the progress a Trainer passes is max(step / steps, elapsed / budget)
        RfmTraining cos = RfmTraining.of(1000, 100, 2.0, 0.9).withSchedule(10, RfmTraining.Schedule.COSINE, 0);
        assertEquals(2.0 / 11, cos.lrSchedule().valueAt(0, 0.0), 1e-12);
        assertEquals(2.0 * 10 / 11 * 0.5 * (1 + Math.cos(Math.PI * 9 / 1000)), cos.lrSchedule().valueAt(9, 0.009),
                1e-12);
        assertEquals(1.0, cos.lrSchedule().valueAt(20, 0.5), 1e-12, "half the budget decays like half the steps");
        assertEquals(0.0, cos.lrSchedule().valueAt(20, 1.0), 1e-12, "the budget spent");
        RfmTraining auto = RfmTraining.of(1000, 100, 2.0, 0.9);
        assertEquals(2.0, auto.lrSchedule().valueAt(500, 0.5), 1e-12, "AUTO under a budget is constant");
        RfmTraining autoSteps = RfmTraining.of(1000, 0, 2.0, 0.9);
        assertEquals(1.0, autoSteps.lrSchedule().valueAt(500, 0.5), 1e-12, "AUTO without a budget is cosine");
        RfmTraining constant = RfmTraining.of(1000, 0, 2.0, 0.9).withSchedule(0, RfmTraining.Schedule.CONSTANT, 0);
        assertEquals(2.0, constant.lrSchedule().valueAt(999, 0.999), 1e-12);
        assertThrows(InvalidConfigException.class,
                () -> RfmTraining.of(10, 0, 1, 0.9).withSchedule(-1, RfmTraining.Schedule.AUTO, 0));
        assertThrows(InvalidConfigException.class, () -> RfmTraining.of(10, 0, 1, 0.9).withSchedule(0, null, 0));
        assertThrows(InvalidConfigException.class,
                () -> RfmTraining.of(10, 0, 1, 0.9).withSchedule(0, RfmTraining.Schedule.AUTO, -5));
    }

    @Test
    void selectionKeepsTheEmaSnapshotWithTheBestValidationScore() throws Exception {
        Sphere s2 = new Sphere(3);
        TangentMlpField field = TangentMlpField.builder(s2).hidden(16, 16).build(Rng.seeded(1));
        RfmLoss loss = new RfmLoss(s2, new GeodesicPath(s2, KappaScheduler.linear()));
        double[] scores = {3, 1, 2, 5};
        List<Map<String, INDArray>> seen = new ArrayList<>();
        RfmTraining training = RfmTraining.of(40, 0, 1e-2, 0.5).withSchedule(0, RfmTraining.Schedule.CONSTANT, 10);
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g),
                g -> s2.randomBase(g, DataType.FLOAT, 32), Rng.seeded(2), "test", false, f -> {
                    Map<String, INDArray> copy = new LinkedHashMap<>();
                    f.parameters().forEach((k, v) -> copy.put(k, v.value().dup()));
                    seen.add(copy);
                    return scores[seen.size() - 1];
                }, new CheckpointOptions(), null);
        assertEquals(4, seen.size(), "scored at steps 10, 20, 30 and 40");
        assertEquals(20, r.bestStep());
        assertEquals(1.0, r.bestScore(), 0);
        assertEquals(40, r.stepsDone());
        for (Map.Entry<String, Tensor> p : field.parameters().entrySet()) {
            assertEquals(seen.get(1).get(p.getKey()), p.getValue().value(), "kept weights = step-20 EMA");
        }
        String any = seen.get(1).keySet().iterator().next();
        assertFalse(seen.get(1).get(any).equalsWithEps(seen.get(3).get(any), 1e-9), "the final EMA differs");
    }

    @Test
    void cliRejectsBadNewOptionsAndReportsTheKeptStep() {
        CliRun bad = CliRun.of("rfm", "--lr-schedule", "sideways", "--no-plots");
        assertEquals(2, bad.exitCode(), bad.err());
        CliRun scale = CliRun.of("rfm", "--fourier", "8", "--fourier-scale", "0", "--no-plots");
        assertEquals(2, scale.exitCode());
        assertTrue(scale.err().contains("--fourier-scale"), scale.err());
        CliRun probes = CliRun.of("rfm-torus", "--hutchinson", "-1", "--no-plots");
        assertEquals(2, probes.exitCode());
        assertTrue(probes.err().contains("--hutchinson"), probes.err());
        CliRun help = CliRun.of("rfm", "--help");
        assertTrue(help.out().contains("--select-every") && help.out().contains("--fourier-scale"), help.out());
    }
}
