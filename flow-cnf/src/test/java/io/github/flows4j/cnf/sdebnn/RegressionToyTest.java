package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RegressionToyTest {

    @Test
    void aShortRunTrainsAllThreeModelsAndReportsFiniteMetrics() {
        List<RegressionToy.Row> rows = RegressionToy.run(1, 5, 4);
        assertEquals(List.of("sde-bnn", "mean-field-bnn", "ode-net"), rows.stream().map(RegressionToy.Row::model)
                .toList());
        for (RegressionToy.Row r : rows) {
            assertTrue(Double.isFinite(r.heldOut().nll()), r.toString());
            assertTrue(r.heldOut().coverage() >= 0 && r.heldOut().coverage() <= 1, r.toString());
        }
        int steps = RegressionToy.sdeBnnConfig().steps();
        assertEquals(steps, rows.get(0).cost().steps(), "SDE-BNN: one Euler-Maruyama step per grid interval");
        assertTrue(rows.get(0).cost().functionEvaluations() >= steps, rows.get(0).cost().toString());
        assertEquals(new Stats(0, 0, 0), rows.get(1).cost(), "the mean-field BNN solves nothing");
        assertEquals(steps, rows.get(2).cost().steps(), "ODE-net: Euler steps of the same size");
        assertTrue(rows.get(2).cost().functionEvaluations() >= steps, rows.get(2).cost().toString());
    }

    /** Predictive standard deviation over 32 passes at each input: {@code [inputs]}. */
    private static double[] spread(SdeBnnConfig config, double... xs) {
        SdeBnn model = new SdeBnn(config, Rng.seeded(0));
        INDArray x = Nd4j.createFromArray(xs).reshape(xs.length, 1).castTo(DataType.DOUBLE);
        INDArray mu = Predictive.samples((t, r) -> model.sample(t, r).output(), Tensor.constant(x), 32, Rng.seeded(1));
        return mu.reshape(32, xs.length).std(0).toDoubleVector();
    }

    /**
     * The predictive spread is non-zero everywhere and grows away from the data: with the toy's softplus hidden field
     * the weight noise moves the output in proportion to the hidden state, so the spread at x = 100 is several times
     * the spread at x = 10. With a tanh hidden field (what the toy used before) the spread saturates — about 1.0x
     * between the same two inputs — which is why the held-out band stayed at the noise level (coverage 0.00).
     */
    @Test
    void predictiveSpreadIsPositiveAndGrowsAwayFromTheData() {
        double[] soft = spread(RegressionToy.sdeBnnConfig(), 0, 10, 100);
        for (double sd : soft) {
            assertTrue(sd > 0.01, java.util.Arrays.toString(soft));
        }
        assertTrue(soft[2] > 3 * soft[1], "softplus: " + java.util.Arrays.toString(soft));
        double[] tanh = spread(RegressionToy.sdeBnnConfig().toBuilder().activation(Activation.TANH).build(), 0, 10,
                100);
        assertTrue(tanh[2] < 1.5 * tanh[1], "tanh saturates: " + java.util.Arrays.toString(tanh));
    }

    /** Each predictive pass draws its own Brownian path, and each row of a pass its own weight path. */
    @Test
    void predictivePassesAndRowsDrawIndependentWeightPaths() {
        SdeBnn model = new SdeBnn(RegressionToy.sdeBnnConfig(), Rng.seeded(0));
        Tensor x = Tensor.constant(Nd4j.valueArrayOf(new long[] {4, 1}, 1.25).castTo(DataType.DOUBLE));
        INDArray mu = Predictive.samples((t, r) -> model.sample(t, r).output(), x, 2, Rng.seeded(1));
        INDArray first = mu.slice(0).reshape(4);
        INDArray second = mu.slice(1).reshape(4);
        assertTrue(first.sub(second).amaxNumber().doubleValue() > 1e-3, first + " vs " + second);
        for (int i = 1; i < 4; i++) {
            assertTrue(Math.abs(first.getDouble(i) - first.getDouble(0)) > 1e-4, "rows of one pass: " + first);
        }
        INDArray again = Predictive.samples((t, r) -> model.sample(t, r).output(), x, 2, Rng.seeded(1));
        assertEquals(0, mu.sub(again).amaxNumber().doubleValue(), 0.0, "same rng, same paths");
    }

    /**
     * Evidence: held-out NLL and 95 % coverage, SDE-BNN vs mean-field BNN vs ODE-net (rows sdebnn/regression). The
     * issue's claim, SDE-BNN held-out NLL below the ODE-net's (same softplus architecture), holds at seeds 0 and 1
     * (255.6 vs 283.7, 307.3 vs 322.3) but not at seed 2 (348.0 vs 264.7), nor in the three-seed mean (303.6 vs
     * 290.2; mean-field BNN 262.0); neither band covers more than a few held-out points. Asserts the three-seed mean.
     */
    @Test
    @Tag("slow")
    @Disabled("the claim is not robust: at 400 steps the SDE-BNN's held-out NLL is below the ODE-net's at seeds 0 and "
            + "1 but not at seed 2 (348.0 vs 264.7) nor in the 3-seed mean (303.6 vs 290.2); docs/sde-bnn.md")
    void heldOutNllAndCoverage() {
        double sde = 0;
        double ode = 0;
        for (long seed = 0; seed < 3; seed++) {
            List<RegressionToy.Row> rows = RegressionToy.run(seed, 400, 50);
            for (RegressionToy.Row r : rows) {
                System.out.printf("regression seed %d %s: held-out nll %.3f coverage %.3f rmse %.3f%n", seed, r.model(),
                        r.heldOut().nll(), r.heldOut().coverage(), r.heldOut().rmse());
            }
            sde += rows.get(0).heldOut().nll() / 3;
            ode += rows.get(2).heldOut().nll() / 3;
        }
        assertTrue(sde < ode, "3-seed mean held-out NLL: SDE-BNN " + sde + " vs ODE-net " + ode);
    }

    /**
     * Evidence as measured (rows sdebnn/regression, the command {@code sde-bnn --task regression --steps 400
     * --samples 2000 --seed 0}): the held-out NLL of each model within 5 %, the coverage of its 95 % band within one
     * held-out point (1/40).
     */
    @Test
    @Tag("slow")
    void heldOutRowsAsMeasured() {
        List<RegressionToy.Row> rows = RegressionToy.run(0, 400, 2000 / 40); // the command's --samples 2000
        double[] measured = {255.5719, 116.2634, 283.7017};
        double[] coverage = {0.000, 0.200, 0.000};
        for (int i = 0; i < measured.length; i++) {
            double nll = rows.get(i).heldOut().nll();
            assertTrue(Math.abs(nll - measured[i]) <= 0.05 * measured[i], rows.get(i) + " vs " + measured[i]);
            assertEquals(coverage[i], rows.get(i).heldOut().coverage(), 1.0 / 40 + 1e-9, rows.get(i).toString());
        }
    }
}
