package io.github.flows4j.cnf.path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.CosineScheduler;
import io.github.flows4j.cnf.path.scheduler.LinearVPScheduler;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.VEScheduler;
import io.github.flows4j.cnf.path.scheduler.VPScheduler;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AffinePathTest {
    private final Rng rng = Rng.seeded(8);
    private final INDArray x0 = rng.normal(DataType.DOUBLE, 6, 3);
    private final INDArray x1 = rng.normal(DataType.DOUBLE, 6, 3);

    static Stream<Scheduler> schedulers() {
        return Stream.of(new CondOTScheduler(), new CondOTScheduler(1e-3), new CosineScheduler(), new VPScheduler(),
                new LinearVPScheduler(), new PolynomialConvexScheduler(2), new VEScheduler(0.01, 5));
    }

    private static INDArray times(double... t) {
        return Nd4j.createFromArray(t).reshape(t.length, 1);
    }

    private static INDArray constantTime(double t, int n) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, t, DataType.DOUBLE);
    }

    @Test
    void condOtEndpointsAreNoiseAndDataUpToSigmaMin() {
        AffinePath path = new AffinePath(new CondOTScheduler(1e-2));
        assertClose(x0, path.sample(x0, x1, constantTime(0, 6)).xt(), 1e-15);
        INDArray expected = x1.add(x0.mul(1e-2));
        assertClose(expected, path.sample(x0, x1, constantTime(1, 6)).xt(), 1e-15);
        // the CondOT target is x1 − (1 − σ_min) x0, independent of t
        assertClose(x1.sub(x0.mul(0.99)), path.sample(x0, x1, times(0.1, 0.2, 0.5, 0.6, 0.7, 0.9)).dxt(), 1e-14);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void targetIsTheTimeDerivativeOfThePath(Scheduler s) {
        AffinePath path = new AffinePath(s);
        double h = 1e-6;
        for (double t : new double[] {0.1, 0.37, 0.5, 0.81}) {
            INDArray plus = path.sample(x0, x1, constantTime(t + h, 6)).xt();
            INDArray minus = path.sample(x0, x1, constantTime(t - h, 6)).xt();
            INDArray fd = plus.sub(minus).div(2 * h);
            assertClose(fd, path.sample(x0, x1, constantTime(t, 6)).dxt(), 1e-6);
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void parameterisationsRoundTrip(Scheduler s) {
        AffinePath path = new AffinePath(s);
        INDArray t = times(0.1, 0.25, 0.4, 0.55, 0.7, 0.9);
        PathSample p = path.sample(x0, x1, t);
        Tensor xt = Tensor.constant(p.xt());
        Tensor tt = Tensor.constant(t);
        Tensor u = Tensor.constant(p.dxt());
        // the true endpoints map to the true velocity and back
        assertClose(p.dxt(), path.targetToVelocity(Tensor.constant(x1), xt, tt).value(), 1e-10);
        assertClose(p.dxt(), path.epsilonToVelocity(Tensor.constant(x0), xt, tt).value(), 1e-10);
        assertClose(x1, path.velocityToTarget(u, xt, tt).value(), 1e-9);
        assertClose(x0, path.velocityToEpsilon(u, xt, tt).value(), 1e-9);
        assertClose(x0, path.targetToEpsilon(Tensor.constant(x1), xt, tt).value(), 1e-10);
        assertClose(x1, path.epsilonToTarget(Tensor.constant(x0), xt, tt).value(), 1e-10);
    }

    @Test
    void badInputIsRejectedWithNamedArguments() {
        AffinePath path = new AffinePath(new CondOTScheduler());
        INDArray t = constantTime(0.5, 6);
        ShapeMismatchException dims = assertThrows(ShapeMismatchException.class,
                () -> path.sample(x0, rng.normal(DataType.DOUBLE, 6, 2), t));
        assertTrue(dims.getMessage().contains("x1"), dims.getMessage());
        assertThrows(ShapeMismatchException.class, () -> path.sample(x0, x1, constantTime(0.5, 5)));
        InvalidConfigException late = assertThrows(InvalidConfigException.class,
                () -> path.sample(x0, x1, constantTime(1.5, 6)));
        assertTrue(late.getMessage().contains("t must be in [0, 1]"), late.getMessage());
        INDArray nan = x1.dup();
        nan.putScalar(4, Double.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> path.sample(x0, nan, t));
        assertTrue(e.getMessage().startsWith("x1"), e.getMessage());
        assertThrows(DTypeMismatchException.class, () -> path.sample(x0, x1.castTo(DataType.FLOAT), t));
    }

    @Test
    void conversionsRejectMismatchedShapesAndSingularTimes() {
        AffinePath path = new AffinePath(new CondOTScheduler());
        Tensor xt = Tensor.constant(x1);
        Tensor u = Tensor.constant(x0);
        Tensor half = Tensor.constant(constantTime(0.5, 6));
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> path.targetToVelocity(Tensor.constant(rng.normal(DataType.DOUBLE, 6, 2)), xt, half));
        assertTrue(shape.getMessage().contains("x1Hat"), shape.getMessage());
        assertThrows(ShapeMismatchException.class, () -> path.velocityToEpsilon(u, xt,
                Tensor.constant(constantTime(0.5, 5))));
        // CondOT: α_0 = 0, so ε̂ ↔ velocity at t = 0 divides by zero; σ_1 = 0, so x̂₁ ↔ velocity at t = 1 does
        Tensor zero = Tensor.constant(constantTime(0, 6));
        Tensor one = Tensor.constant(constantTime(1, 6));
        InvalidConfigException eps = assertThrows(InvalidConfigException.class,
                () -> path.epsilonToVelocity(u, xt, zero));
        assertTrue(eps.getMessage().startsWith("t") && eps.getMessage().contains("alpha_t > 0"), eps.getMessage());
        assertThrows(InvalidConfigException.class, () -> path.velocityToEpsilon(u, xt, zero));
        assertThrows(InvalidConfigException.class, () -> path.epsilonToTarget(u, xt, zero));
        assertThrows(InvalidConfigException.class, () -> path.targetToVelocity(u, xt, one));
        assertThrows(InvalidConfigException.class, () -> path.velocityToTarget(u, xt, one));
        assertThrows(InvalidConfigException.class, () -> path.targetToEpsilon(u, xt, one));
        // the other ends are regular: x̂₁ at t = 0 and ε̂ at t = 1
        assertClose(x1.sub(x0), path.targetToVelocity(Tensor.constant(x1), Tensor.constant(x0), zero).value(), 1e-12);
        assertClose(x1.sub(x0), path.epsilonToVelocity(Tensor.constant(x0), Tensor.constant(x1), one).value(), 1e-12);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        double d = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(d <= tol * Math.max(1, expected.amaxNumber().doubleValue()), "max difference " + d);
    }
}
