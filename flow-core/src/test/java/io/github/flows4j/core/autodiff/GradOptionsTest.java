package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The options form of {@link Autodiff#grad} against the array form, and the allowUnused semantics. */
class GradOptionsTest {

    private static final Rng RNG = Rng.seeded(23);

    @Test
    void optionsFormEqualsTheArrayFormUpToThirdOrder() {
        INDArray xv = RNG.uniform(-1, 1, DataType.DOUBLE, 4, 3);
        INDArray vv = RNG.uniform(-1, 1, DataType.DOUBLE, 4, 3);
        Tensor x = Tensor.variable(xv);
        Tensor v = Tensor.constant(vv);
        Tensor y = x.tanh().mul(x.sin());

        Tensor longForm1 = Autodiff.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {v}, true)[0];
        Tensor short1 = Autodiff.grad(y, x, GradOptions.builder().gradOutputs(v).createGraph(true).build());
        assertArrayEquals(longForm1.toDoubleArray(), short1.toDoubleArray(), 0.0);

        Tensor longForm2 = Autodiff.grad(new Tensor[] {longForm1.sum()}, new Tensor[] {x}, null, true)[0];
        Tensor short2 = Autodiff.grad(short1.sum(), x, GradOptions.builder().createGraph(true).build());
        assertArrayEquals(longForm2.toDoubleArray(), short2.toDoubleArray(), 0.0);

        Tensor longForm3 = Autodiff.grad(new Tensor[] {longForm2.sum()}, new Tensor[] {x}, null, false)[0];
        Tensor short3 = Autodiff.grad(short2.sum(), x, GradOptions.defaults());
        assertArrayEquals(longForm3.toDoubleArray(), short3.toDoubleArray(), 0.0);
        assertTrue(short3.isLeaf(), "without createGraph the result records nothing");
    }

    @Test
    void severalOutputsAndInputs() {
        Tensor a = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor b = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor y1 = a.mul(b).sum();
        Tensor y2 = a.square().sum();
        Tensor[] lng = Autodiff.grad(new Tensor[] {y1, y2}, new Tensor[] {a, b}, null, false);
        Tensor[] shrt = Autodiff.grad(new Tensor[] {y1, y2}, new Tensor[] {a, b}, GradOptions.defaults());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(lng[i].toDoubleArray(), shrt[i].toDoubleArray(), 0.0);
        }
    }

    @Test
    void anUnusedInputIsAnErrorNamingItsIndex() {
        Tensor x = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor unused = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 2));
        Tensor y = x.square().sum();
        UnusedInputException e = assertThrows(UnusedInputException.class,
                () -> Autodiff.grad(y, new Tensor[] {x, unused}, GradOptions.defaults()));
        assertEquals(1, e.inputIndex());
        assertTrue(e.getMessage().contains("inputs[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());

        Tensor constant = Tensor.constant(RNG.uniform(-1, 1, DataType.DOUBLE, 2));
        UnusedInputException c = assertThrows(UnusedInputException.class,
                () -> Autodiff.grad(y, constant, GradOptions.defaults()));
        assertEquals(0, c.inputIndex());
        assertTrue(c.getMessage().contains("does not require a gradient"), c.getMessage());
    }

    @Test
    void allowUnusedGivesNullLikeBackward() {
        Tensor x = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor unused = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 2));
        Tensor y = x.square().sum();
        Tensor[] g = Autodiff.grad(y, new Tensor[] {x, unused}, GradOptions.builder().allowUnused(true).build());
        assertNotNull(g[0]);
        assertNull(g[1]);

        y.backward();
        assertNotNull(x.grad());
        assertNull(unused.grad(), "backward() leaves an unused leaf's grad null, as grad(allowUnused) does");
        assertArrayEquals(g[0].toDoubleArray(), x.grad().dup().data().asDouble(), 0.0);
    }

    @Test
    void materializeGradsGivesZerosAsTheArrayFormDoes() {
        Tensor x = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor unused = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 2));
        Tensor y = x.square().sum();
        GradOptions o = GradOptions.builder().materializeGrads(true).build();
        assertTrue(o.allowUnused());
        Tensor[] g = Autodiff.grad(y, new Tensor[] {x, unused}, o);
        Tensor[] legacy = Autodiff.grad(y, x, unused);
        assertArrayEquals(new double[2], g[1].toDoubleArray(), 0.0);
        assertArrayEquals(legacy[1].toDoubleArray(), g[1].toDoubleArray(), 0.0);
    }

    @Test
    void retainGraphIsAcceptedAndTheGraphCanBeWalkedTwice() {
        Tensor x = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor y = x.exp().sum();
        GradOptions keep = GradOptions.builder().retainGraph(true).build();
        Tensor g1 = Autodiff.grad(y, x, keep);
        Tensor g2 = Autodiff.grad(y, x, GradOptions.defaults());
        assertArrayEquals(g1.toDoubleArray(), g2.toDoubleArray(), 0.0);
        assertArrayEquals(x.exp().toDoubleArray(), g1.toDoubleArray(), 1e-15);
    }

    @Test
    void gradOutputsOfTheWrongShapeAreRejected() {
        Tensor x = Tensor.variable(RNG.uniform(-1, 1, DataType.DOUBLE, 3));
        Tensor y = x.square();
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class, () -> Autodiff.grad(y, x,
                GradOptions.defaults()));
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class, () -> Autodiff.grad(y, x,
                GradOptions.builder().gradOutputs(Tensor.ones(DataType.DOUBLE, 2)).build()));
    }
}
