package io.github.flows4j.cnf.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PixelTransformTest {

    @Test
    void logDetMatchesFiniteDifferencesAndInverseRoundTrips() {
        INDArray y = Rng.seeded(1).uniform(0.01, 0.99, DataType.DOUBLE, 3, 5);
        for (PixelTransform t : new PixelTransform[] {PixelTransform.centered(), PixelTransform.logit(0.05)}) {
            double h = 1e-6;
            INDArray slope = t.forward(y.add(h)).sub(t.forward(y.sub(h))).divi(2 * h);
            double[] expected = org.nd4j.linalg.ops.transforms.Transforms.log(slope, false).sum(1).toDoubleVector();
            assertArrayEquals(expected, t.logDet(y).reshape(3).toDoubleVector(), 1e-6, t.toString());
            assertArrayEquals(y.data().asDouble(), t.inverse(t.forward(y)).data().asDouble(), 1e-12, t.toString());
        }
        assertEquals(-1.0, PixelTransform.centered().forward(Nd4j.zeros(DataType.DOUBLE, 1, 1)).getDouble(0), 0.0);
        assertThrows(InvalidConfigException.class, () -> PixelTransform.logit(0.5));
    }

    @Test
    void dequantisationStaysInsideEachPixelsInterval() {
        INDArray pixels = Nd4j.createFromArray(new double[][] {{0, 255, 17}, {3, 128, 254}});
        INDArray y = DequantizedBitsPerDim.dequantize(pixels, 256, Rng.seeded(2));
        INDArray cell = y.mul(256).subi(pixels);
        assertTrue(cell.minNumber().doubleValue() >= 0 && cell.maxNumber().doubleValue() < 1, cell.toString());
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> DequantizedBitsPerDim.dequantize(Nd4j.createFromArray(new double[][] {{0.5, 256}}), 256,
                        Rng.seeded(0)));
        assertTrue(bad.getMessage().contains("pixels") && bad.getMessage().contains("255"), bad.getMessage());
    }

    /**
     * The zero field leaves the source N(0, I) unchanged, so with the centred transform the bound is
     * {@code E_u[−log N(2y − 1) − D·log 2 + D·log 256] / (D·ln 2)} in closed form.
     */
    @Test
    void bitsPerDimOfTheStandardNormalFlowMatchesTheClosedForm() {
        VelocityField zero = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                return x.mul(0.0);
            }

            @Override
            public int dim() {
                return 4;
            }
        };
        INDArray pixels = Nd4j.createFromArray(new double[][] {{0, 255, 128, 7}, {64, 64, 200, 3}, {1, 2, 3, 4}});
        DequantizedBitsPerDim bpd = new DequantizedBitsPerDim(CnfLikelihood.builder().build(),
                PixelTransform.centered(), 256);
        DequantizedBitsPerDim.Result r = bpd.evaluate(zero, pixels, 3, Rng.seeded(3));
        INDArray z = PixelTransform.centered().forward(DequantizedBitsPerDim.dequantize(pixels, 256, Rng.seeded(3)));
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double logp = 0;
            for (int d = 0; d < 4; d++) {
                double v = z.getDouble(i, d);
                logp += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
            }
            expected += -(logp + 4 * Math.log(2) - 4 * Math.log(256)) / (4 * Math.log(2)) / 3;
        }
        assertEquals(expected, r.bitsPerDim(), 1e-4, "one batch: the same draws of u");
        assertEquals(1, r.solves());
        assertEquals(2, bpd.evaluate(zero, pixels, 2, Rng.seeded(3)).solves());
        assertTrue(r.meanNfe() > 0);
        assertThrows(ShapeMismatchException.class,
                () -> bpd.evaluate(zero, Nd4j.zeros(DataType.DOUBLE, 2, 5), 2, Rng.seeded(0)));
    }
}
