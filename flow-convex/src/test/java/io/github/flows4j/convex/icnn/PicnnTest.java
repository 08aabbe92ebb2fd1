package io.github.flows4j.convex.icnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.testing.Hessians;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A PICNN is convex in x for every fixed context (and need not be in the context). */
class PicnnTest {

    static Picnn network(long seed, boolean actNorm) {
        PicnnConfig c = PicnnConfig.builder().inputDim(2).contextDim(3).width(12).depth(3)
                .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).actNorm(actNorm).symmetricFirst(true)
                .dtype(DataType.DOUBLE).build();
        Picnn g = new Picnn(c, Rng.seeded(seed));
        // move every weight, including the zero-initialised gates, so the context really changes the function
        Rng rng = Rng.seeded(seed + 1);
        for (Tensor p : g.parameters().values()) {
            p.value().addi(rng.normal(DataType.DOUBLE, p.shape()).muli(0.7));
        }
        g.initialize(rng.normal(DataType.DOUBLE, 64, 2).muli(2), rng.normal(DataType.DOUBLE, 64, 3));
        return g;
    }

    @Test
    void convexInXForEveryFixedContext() {
        for (boolean actNorm : new boolean[] {false, true}) {
            Picnn g = network(1, actNorm);
            Rng rng = Rng.seeded(2);
            INDArray x = rng.normal(DataType.DOUBLE, 30, 2).muli(3);
            INDArray c = rng.normal(DataType.DOUBLE, 30, 3).muli(2);
            Tensor ctx = Tensor.constant(c);
            double[][][] h = Hessians.of(in -> g.forward(in, ctx), x);
            double largest = 0;
            for (double[][] hb : h) {
                for (double l : Hessians.eigenvalues(hb)) {
                    assertTrue(l > -1e-10, "negative curvature in x: " + l);
                    largest = Math.max(largest, l);
                }
            }
            assertTrue(largest > 1e-4, "vacuous: affine in x");
            // midpoint inequality in x with the context held fixed
            INDArray a = rng.normal(DataType.DOUBLE, 30, 2).muli(4);
            INDArray b = rng.normal(DataType.DOUBLE, 30, 2).muli(4);
            double[] ga = HostArrays.toDoubles(g.forward(Tensor.constant(a), ctx).value());
            double[] gb = HostArrays.toDoubles(g.forward(Tensor.constant(b), ctx).value());
            double[] gm = HostArrays.toDoubles(g.forward(Tensor.constant(a.add(b).muli(0.5)), ctx).value());
            for (int i = 0; i < ga.length; i++) {
                assertTrue(gm[i] <= 0.5 * (ga[i] + gb[i]) + 1e-12, "midpoint violated at " + i);
            }
        }
    }

    @Test
    void theContextMatters() {
        Picnn g = network(3, false);
        INDArray x = Rng.seeded(4).normal(DataType.DOUBLE, 1, 2).repeat(0, 2);
        INDArray c = Rng.seeded(5).normal(DataType.DOUBLE, 2, 3);
        double[] out = HostArrays.toDoubles(g.forward(Tensor.constant(x), Tensor.constant(c)).value());
        assertTrue(Math.abs(out[0] - out[1]) > 1e-3, "same x, different contexts, same output");
    }

    @Test
    void gradientsInXAndContext() {
        Picnn g = network(6, true);
        Rng rng = Rng.seeded(7);
        GradCheck.checkOrder(2, in -> g.forward(in[0], in[1]), rng.normal(DataType.DOUBLE, 3, 2),
                rng.normal(DataType.DOUBLE, 3, 3));
    }

    @Test
    void aMissingOrMisshapenContextIsAShapeError() {
        Picnn g = network(8, false);
        Tensor x = Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 4, 2));
        ShapeMismatchException none = assertThrows(ShapeMismatchException.class, () -> g.forward(x, null));
        assertEquals("context must have shape [4, 3]; got null", none.getMessage());
        ShapeMismatchException rows = assertThrows(ShapeMismatchException.class,
                () -> g.forward(x, Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 5, 3))));
        assertEquals("context must have shape [4, 3]; got [5, 3]", rows.getMessage());
    }
}
