package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.random.Rng;
import java.util.List;
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
     * Evidence: held-out NLL and 95 % coverage of SDE-BNN, mean-field BNN and ODE-net at seeds 1 and 2 (seed 0 is
     * {@link #heldOutRowsAsMeasured}), the numbers docs/sde-bnn.md reports for {@code sde-bnn --task regression
     * --steps 400 --samples 2000 --seed 1|2}: each NLL within 5 %, each coverage within one held-out point (1/40).
     * The issue asks for these numbers, not for an ordering; the SDE-BNN is below the ODE-net at seed 1 and above it
     * at seed 2.
     */
    @Test
    @Tag("slow")
    void heldOutRowsAtSeedsOneAndTwoAsMeasured() {
        double[][] nll = {{307.3, 417.0, 322.3}, {348.0, 252.6, 264.7}};
        double[][] coverage = {{0.125, 0.000, 0.300}, {0.000, 0.000, 0.075}};
        for (int seed = 1; seed <= 2; seed++) {
            List<RegressionToy.Row> rows = RegressionToy.run(seed, 400, 2000 / 40); // the command's --samples 2000
            for (int i = 0; i < rows.size(); i++) {
                RegressionToy.Row r = rows.get(i);
                double want = nll[seed - 1][i];
                assertTrue(Math.abs(r.heldOut().nll() - want) <= 0.05 * want, "seed " + seed + " " + r + " vs " + want);
                assertEquals(coverage[seed - 1][i], r.heldOut().coverage(), 1.0 / 40 + 1e-9, "seed " + seed + " " + r);
            }
        }
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
