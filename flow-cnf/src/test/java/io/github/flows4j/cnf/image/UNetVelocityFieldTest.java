package io.github.flows4j.cnf.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UNetVelocityFieldTest {

    private static UNetVelocityField tiny(int c, int h, int w) {
        return UNetVelocityField.builder().image(c, h, w).base(4).multipliers(1, 2).groups(2).embeddingDim(4)
                .dtype(DataType.DOUBLE).build(Rng.seeded(7));
    }

    @Test
    void flattenedAndImageOutputsHaveTheInputShapeAndAgree() {
        UNetVelocityField v = UNetVelocityField.builder().image(3, 8, 12).base(8).multipliers(1, 2, 2).groups(4)
                .build(Rng.seeded(1));
        assertEquals(3 * 8 * 12, v.dim());
        assertArrayEquals(new int[] {3, 8, 12}, v.imageShape());
        INDArray x = Rng.seeded(2).normal(DataType.FLOAT, 5, 3 * 8 * 12);
        INDArray t = Rng.seeded(3).uniform(DataType.FLOAT, 5, 1);
        Tensor flat = v.velocity(Tensor.constant(x), Tensor.constant(t));
        assertArrayEquals(new long[] {5, 288}, flat.shape());
        Tensor image = v.velocityImage(Tensor.constant(x.reshape(5, 3, 8, 12)), Tensor.constant(t));
        assertArrayEquals(new long[] {5, 3, 8, 12}, image.shape());
        assertArrayEquals(flat.value().data().asFloat(), image.value().dup('c').data().asFloat(), 1e-6f);
        assertTrue(v.parameters().containsKey("down.0.norm1.weight"), v.parameters().keySet().toString());
        assertTrue(v.parameters().containsKey("up.1.skip.weight"), "the up blocks map 2·width to width");
    }

    @Test
    void timeChangesTheOutputAndSamplesStayIndependent() {
        UNetVelocityField v = tiny(1, 4, 4);
        INDArray x = Rng.seeded(4).normal(DataType.DOUBLE, 3, 16);
        INDArray a = v.velocity(Tensor.constant(x), 0.1).value();
        INDArray b = v.velocity(Tensor.constant(x), 0.9).value();
        assertNotEquals(0.0, a.sub(b).amaxNumber().doubleValue(), "the time embedding reaches the output");
        // GroupNorm normalises per sample: row 0 alone gives the same velocity as inside the batch
        INDArray alone = v.velocity(Tensor.constant(x.getRow(0, true)), 0.1).value();
        assertArrayEquals(a.getRow(0).toDoubleVector(), alone.getRow(0).toDoubleVector(), 1e-12);
    }

    @Test
    void inputGradientMatchesFiniteDifferencesToSecondOrder() {
        UNetVelocityField v = tiny(1, 4, 4);
        INDArray x = Rng.seeded(5).normal(DataType.DOUBLE, 2, 16);
        INDArray t = Nd4j.createFromArray(new double[][] {{0.3}, {0.7}});
        // the second order is what the gradient of a Hutchinson divergence needs
        GradCheck.checkOrder(2, in -> v.velocity(in[0], Tensor.constant(t)), x);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        UNetVelocityField v = tiny(2, 4, 4);
        Rng rng = Rng.seeded(6);
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 2, 32));
        Tensor t = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.2}, {0.6}}));
        Tensor r = Tensor.constant(rng.normal(DataType.DOUBLE, 2, 32));
        Map<String, Tensor> some = Map.of("time1.bias", v.parameters().get("time1.bias"),
                "down.1.conv1.bias", v.parameters().get("down.1.conv1.bias"),
                "middle.norm2.weight", v.parameters().get("middle.norm2.weight"),
                "up.0.skip.weight", v.parameters().get("up.0.skip.weight"),
                "upsample.0.bias", v.parameters().get("upsample.0.bias"),
                "out.weight", v.parameters().get("out.weight"));
        GradCheck.checkParameters(() -> v.velocity(x, t).mul(r).sum(), some, 1e-6, 1e-6);
    }

    @Test
    void upsamplingRepeatsEachPixelTwiceInBothDirections() {
        INDArray x = Nd4j.createFromArray(new double[] {1, 2, 3, 4, 5, 6}).reshape(1, 1, 2, 3);
        INDArray y = UNetVelocityField.upsample2(Tensor.constant(x)).value();
        assertArrayEquals(new long[] {1, 1, 4, 6}, y.shape());
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3}, y.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).toDoubleVector(), 0.0);
        assertEquals(6.0, y.getDouble(0, 0, 3, 5), 0.0);
        GradCheck.checkOrder(2, in -> UNetVelocityField.upsample2(in[0]).square(), x);
    }

    @Test
    void sinusoidalEmbeddingIsSinesThenCosines() {
        SinusoidalTimeEmbedding emb = new SinusoidalTimeEmbedding(4, 10);
        INDArray e = emb.embed(0.5, 2, DataType.DOUBLE).value();
        assertArrayEquals(new double[] {Math.sin(5), Math.sin(5 / 100.0), Math.cos(5), Math.cos(5 / 100.0)},
                e.getRow(1).toDoubleVector(), 1e-12);
        assertThrows(InvalidConfigException.class, () -> new SinusoidalTimeEmbedding(3, 1));
        assertThrows(ShapeMismatchException.class, () -> emb.embed(Tensor.zeros(DataType.DOUBLE, 2, 2)));
    }

    @Test
    void wrongImageSizeOrChannelsAreShapeErrors() {
        UNetVelocityField v = tiny(1, 4, 4);
        ShapeMismatchException flat = assertThrows(ShapeMismatchException.class,
                () -> v.velocity(Tensor.zeros(DataType.DOUBLE, 2, 25), 0.5));
        assertTrue(flat.getMessage().contains("[batch, 16]") && flat.getMessage().contains("1×4×4"),
                flat.getMessage());
        ShapeMismatchException channels = assertThrows(ShapeMismatchException.class,
                () -> v.velocityImage(Tensor.zeros(DataType.DOUBLE, 2, 3, 4, 4), Tensor.zeros(DataType.DOUBLE, 2, 1)));
        assertTrue(channels.getMessage().contains("[batch, 1, 4, 4]"), channels.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> v.velocityImage(Tensor.zeros(DataType.DOUBLE, 2, 1, 8, 8), Tensor.zeros(DataType.DOUBLE, 2, 1)));
        assertThrows(ShapeMismatchException.class,
                () -> v.velocityImage(Tensor.zeros(DataType.DOUBLE, 2, 1, 4, 4), Tensor.zeros(DataType.DOUBLE, 3, 1)));
    }

    @Test
    void badConfigurationsAreTypedErrorsNamingTheValue() {
        InvalidConfigException size = assertThrows(InvalidConfigException.class,
                () -> UNetVelocityField.builder().image(1, 28, 30).multipliers(1, 2, 2, 2).build(Rng.seeded(0)));
        assertTrue(size.getMessage().contains("height") && size.getMessage().contains("28"), size.getMessage());
        InvalidConfigException groups = assertThrows(InvalidConfigException.class,
                () -> UNetVelocityField.builder().image(1, 8, 8).base(12).groups(8).build(Rng.seeded(0)));
        assertTrue(groups.getMessage().contains("groups"), groups.getMessage());
        assertThrows(InvalidConfigException.class, () -> UNetVelocityField.builder().build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> UNetVelocityField.builder().image(1, 8, 8).multipliers().build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> UNetVelocityField.builder().image(1, 8, 8).embeddingDim(5).build(Rng.seeded(0)));
    }
}
