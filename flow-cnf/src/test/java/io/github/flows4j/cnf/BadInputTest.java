package io.github.flows4j.cnf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One test per bad input of issue #24's list: the typed exception, and a message that names the argument. */
class BadInputTest {
    private static final MlpVelocityField FLOAT_MODEL = MlpVelocityField.builder().dim(2).hidden(8)
            .activation(Activation.SILU).dtype(DataType.FLOAT).build(Rng.seeded(0));
    private static final CnfLikelihood LIKELIHOOD = CnfLikelihood.builder().build();
    private static final FlowSampler SAMPLER = FlowSampler.builder().build();
    private static final FlowMatchingLoss FM = FlowMatchingLoss.builder()
            .path(new AffinePath(new CondOTScheduler())).build();

    private static void says(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void doubleDataOnAFloatModelIsNamed() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2);
        says(assertThrows(DTypeMismatchException.class, () -> LIKELIHOOD.evaluate(FLOAT_MODEL, x)),
                "x is DOUBLE", "the model is FLOAT");
        says(assertThrows(DTypeMismatchException.class, () -> SAMPLER.sample(FLOAT_MODEL, x, null)),
                "x0 is DOUBLE", "the model is FLOAT");
        says(assertThrows(DTypeMismatchException.class, () -> FM.loss(FLOAT_MODEL, x, Rng.seeded(1))),
                "x1 is DOUBLE", "the model is FLOAT");
    }

    @Test
    void intDataOnAFloatModelIsNamed() {
        INDArray x = Nd4j.zeros(DataType.INT32, 4, 2);
        says(assertThrows(DTypeMismatchException.class, () -> LIKELIHOOD.evaluate(FLOAT_MODEL, x)),
                "x is INT", "the model is FLOAT");
        says(assertThrows(DTypeMismatchException.class, () -> SAMPLER.sample(FLOAT_MODEL, x, null)),
                "x0 is INT", "the model is FLOAT");
        says(assertThrows(DTypeMismatchException.class, () -> FM.loss(FLOAT_MODEL, x, Rng.seeded(1))),
                "x1 is INT", "the model is FLOAT");
    }

    @Test
    void anEmptyBatchIsRejectedByName() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 0, 2);
        says(assertThrows(ShapeMismatchException.class, () -> LIKELIHOOD.evaluate(FLOAT_MODEL, x)), "x", "[0, 2]");
        says(assertThrows(ShapeMismatchException.class, () -> SAMPLER.sample(FLOAT_MODEL, x, null)), "x0", "[0, 2]");
        says(assertThrows(ShapeMismatchException.class, () -> FM.loss(FLOAT_MODEL, x, Rng.seeded(1))), "x1",
                "[0, 2]");
    }

    @Test
    void nullInputsAreNamed() {
        says(assertThrows(InvalidConfigException.class, () -> LIKELIHOOD.evaluate(FLOAT_MODEL, null)), "x");
        says(assertThrows(InvalidConfigException.class, () -> SAMPLER.sample(FLOAT_MODEL, null, null)), "x0");
        says(assertThrows(InvalidConfigException.class, () -> FM.loss(FLOAT_MODEL, null, Rng.seeded(1))), "x1");
        says(assertThrows(InvalidConfigException.class, () -> LIKELIHOOD.evaluate(null,
                Nd4j.zeros(DataType.FLOAT, 2, 2))), "field");
        says(assertThrows(InvalidConfigException.class, () -> Ode.solve(Term.of((t, y) -> y), new Dopri5(),
                TimeSpan.of(0, 1), (Tensor) null)), "y0");
    }

    @Test
    void aVectorFieldReturningNullIsNamed() {
        Term term = Term.of((t, y) -> null);
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 2, 2));
        Exception e = assertThrows(IllegalStateException.class, () -> Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1),
                y0));
        says(e, "vector field", "null");
    }

    @Test
    void equalEndsOfATimeSpanAreNamed() {
        says(assertThrows(InvalidConfigException.class, () -> TimeSpan.of(1, 1)), "t0 and t1 are equal");
    }

    @Test
    void aHugeFiniteInputSaysItIsOutOfRange() {
        INDArray x = Nd4j.createFromArray(new float[][] {{0f, 0f}, {1e30f, 0f}});
        Exception e = assertThrows(NonFiniteException.class, () -> LIKELIHOOD.evaluate(FLOAT_MODEL, x));
        says(e, "x", "out of range");
        assertTrue(!e.getMessage().contains("rtol"), e.getMessage());
    }
}
