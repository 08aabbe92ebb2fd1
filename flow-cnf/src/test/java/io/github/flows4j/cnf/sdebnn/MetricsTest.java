package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {

    /** Three classes; the predicted distribution is the one the label is drawn from. */
    private static ClassificationMetrics synthetic(boolean calibrated, int n, long seed) {
        Rng rng = Rng.seeded(seed);
        double[][] p = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double top = 0.34 + 0.66 * rng.nextDouble();
            int arg = rng.nextInt(3);
            for (int c = 0; c < 3; c++) {
                p[i][c] = c == arg ? top : (1 - top) / 2;
            }
            double u = rng.nextDouble();
            // calibrated: the label follows p; overconfident: the label follows a flatter distribution
            double pTop = calibrated ? top : 0.5 * top + 0.5 / 3;
            labels[i] = u < pTop ? arg : (arg + 1 + (u < pTop + (1 - pTop) / 2 ? 0 : 1)) % 3;
        }
        return ClassificationMetrics.of(Nd4j.createFromArray(p), labels, 15);
    }

    @Test
    void eceOfAPerfectlyCalibratedPredictorIsNearZero() {
        ClassificationMetrics m = synthetic(true, 100_000, 1);
        assertTrue(m.ece() < 0.01, "ECE " + m.ece());
        ClassificationMetrics over = synthetic(false, 100_000, 1);
        assertTrue(over.ece() > 0.1, "overconfident ECE " + over.ece());
    }

    @Test
    void accuracyNllAndEceByHand() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}});
        int[] y = {0, 1, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(p, y, 15);
        assertEquals(0.75, m.accuracy(), 1e-12);
        assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7)) / 4, m.nll(), 1e-12);
        // bins: 0.9 -> [0.867, 0.933) hit; 0.8 -> [0.8, 0.867) hit; 0.6 -> [0.6, 0.667) miss; 0.7 -> [0.667, 0.733) hit
        double ece = (Math.abs(1 - 0.9) + Math.abs(1 - 0.8) + Math.abs(0 - 0.6) + Math.abs(1 - 0.7)) / 4;
        assertEquals(ece, m.ece(), 1e-12);
    }

    @Test
    void regressionMetricsOfAKnownMixture() {
        // two samples of the mean at ±1, noise 1: density at y = 0 is N(0; 1, 1)
        INDArray s = Nd4j.createFromArray(new double[] {1, -1}).reshape(2, 1, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        RegressionMetrics m = RegressionMetrics.of(s, y, 1.0);
        assertEquals(0.5 * Math.log(2 * Math.PI) + 0.5, m.nll(), 1e-12);
        assertEquals(1.0, m.coverage(), 0.0);
        assertEquals(0.0, m.rmse(), 1e-12);
        assertThrows(InvalidConfigException.class, () -> RegressionMetrics.of(s, y, 0.0));
    }
}
