package io.github.flows4j.core.ode.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The named factories of {@link ButcherTableau}: what each builds, and typed errors for bad shapes. */
class ButcherTableauTest {
    private static final double[] C = {0, 1};
    private static final double[][] A = {{}, {1}};
    private static final double[] B = {0.5, 0.5};

    @Test
    void explicitHasNoErrorEstimateAndHermiteDenseOutput() {
        ButcherTableau heun = ButcherTableau.explicit(C, A, B, 2);
        assertEquals(2, heun.stages());
        assertEquals(2, heun.order());
        assertEquals(0, heun.errorOrder());
        assertNull(heun.errorWeights());
        assertNull(heun.errorWeights2());
        assertNull(heun.dense());
        assertEquals(Heun.TABLEAU, heun);
        assertFalse(new ExplicitRungeKutta("Heun", heun).hasErrorEstimate());
    }

    @Test
    void embeddedCarriesItsErrorWeightsAndOrders() {
        ButcherTableau pair = ButcherTableau.embedded(C, A, B, new double[] {-0.5, 0.5}, 2, 1);
        assertArrayEquals(new double[] {-0.5, 0.5}, pair.errorWeights());
        assertEquals(1, pair.errorOrder());
        assertEquals(AdaptiveHeun.TABLEAU.withLastStageReuse(false), pair);
        assertTrue(AdaptiveHeun.TABLEAU.reusesLastStage() && !pair.reusesLastStage());
        assertTrue(new ExplicitRungeKutta("Heun-Euler", pair).hasErrorEstimate());
    }

    @Test
    void withDenseAndSecondWeightsReturnNewTableaus() {
        ButcherTableau pair = ButcherTableau.embedded(C, A, B, new double[] {-0.5, 0.5}, 2, 1);
        DenseWeights linear = theta -> new double[] {theta / 2, theta / 2};
        ButcherTableau dense = pair.withDense(linear);
        assertSame(linear, dense.dense());
        assertNull(pair.dense(), "the original is unchanged");
        ButcherTableau two = dense.withSecondErrorWeights(new double[] {-1, 1});
        assertArrayEquals(new double[] {-1, 1}, two.errorWeights2());
        assertSame(linear, two.dense());
        assertTrue(Dopri8.TABLEAU.errorWeights2() != null && Dopri5.TABLEAU.dense() != null);
        assertEquals(13, Dopri8.TABLEAU.stages());
    }

    @Test
    void aTableauFromTheFactoriesStepsLikeTheNamedSolver() {
        Tensor a = Tensor.constant(Nd4j.createFromArray(new double[][] {{-1, 2}, {-2, -1}}));
        Term term = Term.of((t, y) -> y.matmul(a));
        State y0 = State.of(Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 0.5}})));
        Solver mine = new ExplicitRungeKutta("RK4", ButcherTableau.explicit(new double[] {0, 0.5, 0.5, 1},
                new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, 4));
        double[] got = mine.step(term, 0, 0.1, y0, null).y1().get(0).value().toDoubleVector();
        double[] want = new Rk4().step(term, 0, 0.1, y0, null).y1().get(0).value().toDoubleVector();
        assertArrayEquals(want, got, 0.0);
        assertEquals(DataType.DOUBLE, y0.get(0).dtype());
    }

    @Test
    void badShapesAreTypedErrorsNamingTheField() {
        assertMessage("c.length", () -> ButcherTableau.explicit(new double[] {0}, A, B, 2));
        assertMessage("a.length", () -> ButcherTableau.explicit(C, new double[][] {{}}, B, 2));
        assertMessage("a[1].length", () -> ButcherTableau.explicit(C, new double[][] {{}, {0.5, 0.5}}, B, 2));
        assertMessage("sum of a[1]", () -> ButcherTableau.explicit(C, new double[][] {{}, {0.5}}, B, 2));
        assertMessage("c[0]", () -> ButcherTableau.explicit(new double[] {0.5, 1}, A, B, 2));
        assertMessage("sum of b", () -> ButcherTableau.explicit(C, A, new double[] {0.5, 0.6}, 2));
        assertMessage("b.length", () -> ButcherTableau.explicit(new double[0], new double[0][], new double[0], 1));
        assertMessage("order", () -> ButcherTableau.explicit(C, A, B, 0));
        assertMessage("errorWeights", () -> ButcherTableau.embedded(C, A, B, null, 2, 1));
        assertMessage("errorWeights.length", () -> ButcherTableau.embedded(C, A, B, new double[] {1}, 2, 1));
        assertMessage("errorOrder", () -> ButcherTableau.embedded(C, A, B, new double[] {-0.5, 0.5}, 2, 0));
        ButcherTableau heun = ButcherTableau.explicit(C, A, B, 2);
        assertMessage("errorWeights2", () -> heun.withSecondErrorWeights(new double[] {-1, 1}));
        ButcherTableau pair = ButcherTableau.embedded(C, A, B, new double[] {-0.5, 0.5}, 2, 1);
        assertMessage("errorWeights2.length", () -> pair.withSecondErrorWeights(new double[] {1, 2, 3}));
        assertMessage("dense.weights(1).length", () -> heun.withDense(theta -> new double[] {theta}));
        assertMessage("dense", () -> heun.withDense(null));
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable bad) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, bad);
        assertTrue(e.getMessage().startsWith(field + " must be"), e.getMessage());
    }
}
