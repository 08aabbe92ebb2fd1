package io.github.flows4j.convex.icnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.testing.Hessians;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An ICNN is convex in its input: PSD Hessians at random points and the midpoint inequality, every variant. */
class IcnnTest {

    static Stream<IcnnConfig> configs() {
        return Stream.of(
                IcnnConfig.builder().inputDim(3).width(16).depth(3).dtype(DataType.DOUBLE).build(),
                IcnnConfig.builder().inputDim(3).width(16).depth(4).activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO)
                        .augmented(true).actNorm(true).symmetricFirst(true).dtype(DataType.DOUBLE).build(),
                IcnnConfig.builder().inputDim(2).width(8).depth(1).activation(ConvexActivation.SOFTPLUS_ZERO)
                        .symmetricFirst(true).dtype(DataType.DOUBLE).build());
    }

    /** An ICNN with its ActNorms initialised from wide data and its weights spread, so curvature is not trivial. */
    static Icnn network(IcnnConfig c, long seed) {
        Icnn g = new Icnn(c, Rng.seeded(seed));
        Rng rng = Rng.seeded(seed + 100);
        for (Tensor p : g.parameters().values()) {
            p.value().addi(rng.normal(DataType.DOUBLE, p.shape()).muli(0.5));
        }
        g.initialize(rng.normal(DataType.DOUBLE, 64, c.inputDim()).muli(2), null);
        return g;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void hessianIsPositiveSemiDefiniteAtRandomPoints(IcnnConfig c) {
        Icnn g = network(c, 1);
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 40, c.inputDim()).muli(3);
        double[][][] h = Hessians.of(in -> g.forward(in, null), x);
        double largest = 0;
        for (double[][] hb : h) {
            assertTrue(Hessians.asymmetry(hb) < 1e-10, "Hessian must be symmetric");
            for (double l : Hessians.eigenvalues(hb)) {
                assertTrue(l > -1e-10, "negative curvature " + l + " in " + c);
                largest = Math.max(largest, l);
            }
        }
        assertTrue(largest > 1e-4, "the test is vacuous: the network is (nearly) affine");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void midpointInequality(IcnnConfig c) {
        Icnn g = network(c, 3);
        Rng rng = Rng.seeded(4);
        INDArray a = rng.normal(DataType.DOUBLE, 500, c.inputDim()).muli(4);
        INDArray b = rng.normal(DataType.DOUBLE, 500, c.inputDim()).muli(4);
        double[] ga = HostArrays.toDoubles(g.forward(Tensor.constant(a), null).value());
        double[] gb = HostArrays.toDoubles(g.forward(Tensor.constant(b), null).value());
        double[] gm = HostArrays.toDoubles(g.forward(Tensor.constant(a.add(b).muli(0.5)), null).value());
        for (int i = 0; i < ga.length; i++) {
            assertTrue(gm[i] <= 0.5 * (ga[i] + gb[i]) + 1e-12, "g((a+b)/2) = " + gm[i] + " > mean " + 0.5
                    * (ga[i] + gb[i]) + " at pair " + i);
        }
    }

    @Test
    void gradientsAgainstFiniteDifferences() {
        IcnnConfig c = configs().toList().get(1);
        Icnn g = network(c, 5);
        INDArray x = Rng.seeded(6).normal(DataType.DOUBLE, 4, c.inputDim());
        GradCheck.checkOrder(3, in -> g.forward(in[0], null), x);
    }

    @Test
    void actNormInitialisationStandardisesTheOutput() {
        IcnnConfig c = configs().toList().get(1);
        Icnn g = new Icnn(c, Rng.seeded(7));
        INDArray x = Rng.seeded(8).normal(DataType.DOUBLE, 256, 3);
        g.initialize(x, null);
        INDArray out = g.forward(Tensor.constant(x), null).value();
        assertEquals(0, out.meanNumber().doubleValue(), 1e-10);
        assertEquals(1, out.std(false, 0).getDouble(0), 1e-5, "population std");
    }

    @Test
    void sameSeedSameNetwork() {
        IcnnConfig c = configs().toList().get(1);
        INDArray x = Rng.seeded(9).normal(DataType.DOUBLE, 5, 3);
        double[] a = HostArrays.toDoubles(new Icnn(c, Rng.seeded(10)).forward(Tensor.constant(x), null).value());
        double[] b = HostArrays.toDoubles(new Icnn(c, Rng.seeded(10)).forward(Tensor.constant(x), null).value());
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void parameterNamesAreStable() {
        Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(4).depth(2).augmented(true).actNorm(true).build(),
                Rng.seeded(0));
        assertEquals(List.of("first.weight", "first.bias", "z.0.weight", "z.1.weight", "x.0.weight", "x.0.bias",
                "x.1.weight", "x.1.bias", "aug.0.weight", "aug.0.bias", "norm.0.log_scale", "norm.0.shift",
                "norm.1.log_scale", "norm.1.shift", "norm.2.log_scale", "norm.2.shift"),
                List.copyOf(g.parameters().keySet()));
    }

    @Test
    void badConfigurationsAndInputs() {
        InvalidConfigException odd = assertThrows(InvalidConfigException.class,
                () -> IcnnConfig.builder().inputDim(2).width(5).augmented(true).build());
        assertEquals("width must be even and >= 2 when augmented; got 5", odd.getMessage());
        assertThrows(InvalidConfigException.class, () -> IcnnConfig.builder().width(4).build());
        assertThrows(InvalidConfigException.class, () -> IcnnConfig.builder().inputDim(2).depth(0).build());
        assertThrows(InvalidConfigException.class,
                () -> IcnnConfig.builder().inputDim(2).dtype(DataType.INT32).build());
        Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(4).dtype(DataType.DOUBLE).build(), Rng.seeded(0));
        ShapeMismatchException x = assertThrows(ShapeMismatchException.class,
                () -> g.forward(Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 3, 5)), null));
        assertEquals("x must have shape [batch, 2]; got [3, 5]", x.getMessage());
        ShapeMismatchException ctx = assertThrows(ShapeMismatchException.class,
                () -> g.forward(Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 3, 2)),
                        Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 3, 1))));
        assertTrue(ctx.getMessage().startsWith("context must have shape null (this network takes no context)"),
                ctx.getMessage());
    }
}
