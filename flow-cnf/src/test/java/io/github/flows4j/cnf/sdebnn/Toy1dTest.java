package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class Toy1dTest {

    @SuppressWarnings("try")
    private static double meanLoss(Toy1dSde model, long seed) {
        double sum = 0;
        try (GradMode.Scope g = GradMode.noGrad(); TensorScope s = TensorScope.open()) {
            Rng rng = Rng.seeded(seed);
            for (int i = 0; i < 6; i++) {
                sum += model.loss(Toy1dExperiment.BATCH, Toy1dExperiment.KL_WEIGHT, rng.split()).item() / 6;
            }
        }
        return sum;
    }

    @Test
    void aShortRunOfTheAnchorsCodePathImprovesTheBound() {
        Toy1dExperiment.Run run = Toy1dExperiment.run(3, 10, 200);
        Rng rng = Rng.seeded(3);
        Toy1dSde fresh = new Toy1dSde(DataType.DOUBLE, rng.split());
        double before = meanLoss(fresh, 42);
        double after = meanLoss(run.model(), 42);
        assertTrue(after < before, "loss before " + before + ", after 10 steps " + after);
        Toy1dExperiment.Result r = run.result();
        assertEquals(200, r.samples().length);
        assertEquals(Toy1dSde.STEPS + 1, r.times().length);
        assertTrue(r.fracPos() > 0 && r.fracPos() < 1, "frac " + r.fracPos());
        assertTrue(r.medianPos() > 0 && r.medianNeg() < 0);
    }

    @Test
    void medianOfSortedValues() {
        assertEquals(2.0, Toy1dExperiment.median(new double[] {1, 2, 3}), 0.0);
        assertEquals(2.5, Toy1dExperiment.median(new double[] {1, 2, 3, 4}), 0.0);
        assertTrue(Double.isNaN(Toy1dExperiment.median(new double[0])));
    }

    /**
     * The anchor's setting: data {−5, +5}, Cauchy likelihood, OU prior, 99 Euler–Maruyama steps on [0, 3], 300 Adam
     * steps; anchor: medians +4.39 / −4.87, 42 % of samples above 0. Reproduces the rows
     * sdebnn/toy1d,median_pos|median_neg|frac_pos (seed 0, 2000 samples: 4.807, −4.569, 0.663;
     * {@code flows4j sde-bnn --task toy1d --seed 0 --samples 2000}).
     */
    @Test
    @Tag("slow")
    void anchorSettingGivesABimodalPosterior() {
        Toy1dExperiment.Result r = Toy1dExperiment.run(0, Toy1dExperiment.STEPS, 2000).result();
        System.out.printf("toy1d seed 0: median_pos %.3f median_neg %.3f frac_pos %.3f%n", r.medianPos(),
                r.medianNeg(), r.fracPos());
        assertEquals(4.807, r.medianPos(), 0.02);
        assertEquals(-4.569, r.medianNeg(), 0.02);
        assertEquals(0.663, r.fracPos(), 0.01);
        assertEquals(4.39, r.medianPos(), 1.0, "within a unit of the anchor's mode");
        assertEquals(-4.87, r.medianNeg(), 1.0, "within a unit of the anchor's mode");
    }
}
