package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.Event;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.SolverFailedException;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.Sphere;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.MeshShapes;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ManifoldLikelihood} and {@link MeshLikelihood} take a {@code Solver} + {@code SolveOptions}, and those reach
 * the solve: the step count of a fixed-step solver, the tolerance and the budget.
 */
class EvaluatorSolveSettingsTest {
    private static final Sphere S2 = new Sphere(3);

    private static SolveOptions pi(double tol) {
        return SolveOptions.builder().controller(PIController.of(tol, tol)).build();
    }

    private static SolveOptions fixed(int steps) {
        return SolveOptions.builder().controller(ConstantStepSize.steps(1, 0, steps)).build();
    }

    /** A smooth tangent field on S². */
    private static TangentMlpField sphereField() {
        return TangentMlpField.builder(S2).hidden(8).dtype(DataType.DOUBLE).build(Rng.seeded(11));
    }

    /** The unit square as a mesh, with the in-plane contraction v = a (x − c), c = (1/2, 1/2, 0). */
    private static final TriangleMesh SQUARE = MeshShapes.grid(4, 4, 1, 1);

    private static final VelocityField CONTRACTION = new VelocityField() {
        @Override
        public Tensor velocity(Tensor x, Tensor t) {
            int n = (int) x.size(0);
            double[] c = new double[3 * n];
            double[] s = new double[3 * n];
            for (int i = 0; i < n; i++) {
                c[3 * i] = 0.5;
                c[3 * i + 1] = 0.5;
                s[3 * i] = 0.6;
                s[3 * i + 1] = 0.6;
            }
            DataType type = x.value().dataType();
            return x.sub(Tensor.constant(HostArrays.fromDoubles(c, type, n, 3)))
                    .mul(Tensor.constant(HostArrays.fromDoubles(s, type, n, 3)))
                    .mul(t.add(1.0));
        }

        @Override
        public int dim() {
            return 3;
        }
    };

    private static INDArray squarePoints() {
        return FaceDistribution.uniform(SQUARE).sample(Rng.seeded(12), 16).points(DataType.DOUBLE);
    }

    @Test
    void aFixedStepSolverTakesExactlyItsSteps() {
        INDArray x = S2.randomBase(Rng.seeded(13), DataType.DOUBLE, 16);
        LogLikelihood ll = ManifoldLikelihood.builder(S2).solve(new Rk4(), fixed(12)).build()
                .evaluate(sphereField(), x);
        assertEquals(12, ll.stats().acceptedSteps());
        assertEquals(4 * 12, ll.stats().functionEvaluations(), "four stages per RK4 step");
        LogLikelihood mesh = MeshLikelihood.builder(MeshLocator.of(SQUARE)).solve(new Euler(), fixed(15)).build()
                .evaluate(CONTRACTION, squarePoints());
        assertEquals(15, mesh.stats().functionEvaluations(), "one per Euler step");
    }

    @Test
    void aTighterToleranceCostsMoreEvaluations() {
        INDArray x = S2.randomBase(Rng.seeded(14), DataType.DOUBLE, 16);
        int loose = ManifoldLikelihood.builder(S2).solve(new Dopri5(), pi(1e-3)).build()
                .evaluate(sphereField(), x).stats().functionEvaluations();
        int tight = ManifoldLikelihood.builder(S2).solve(new Dopri5(), pi(1e-9)).build()
                .evaluate(sphereField(), x).stats().functionEvaluations();
        assertTrue(tight > 2 * loose, "sphere evaluations at 1e-9: " + tight + ", at 1e-3: " + loose);
        MeshLocator loc = MeshLocator.of(SQUARE);
        int mLoose = MeshLikelihood.builder(loc).solve(new Dopri5(), pi(1e-3)).build()
                .evaluate(CONTRACTION, squarePoints()).stats().functionEvaluations();
        int mTight = MeshLikelihood.builder(loc).solve(new Dopri5(), pi(1e-9)).build()
                .evaluate(CONTRACTION, squarePoints()).stats().functionEvaluations();
        assertTrue(mTight > 2 * mLoose, "mesh evaluations at 1e-9: " + mTight + ", at 1e-3: " + mLoose);
    }

    @Test
    void theDefaultIsTheSharedSettingsAndGivesTheSameNumbers() {
        ManifoldLikelihood byDefault = ManifoldLikelihood.builder(S2).build();
        assertSame(SolveSettings.defaults(), byDefault.settings());
        assertSame(SolveSettings.defaults(), MeshLikelihood.builder(MeshLocator.of(SQUARE)).build().settings());
        INDArray x = S2.randomBase(Rng.seeded(15), DataType.DOUBLE, 16);
        LogLikelihood a = byDefault.evaluate(sphereField(), x);
        LogLikelihood b = ManifoldLikelihood.builder(S2).solve(new Dopri5(), pi(1e-5)).build()
                .evaluate(sphereField(), x);
        assertArrayEquals(HostArrays.toDoubles(b.logProb()), HostArrays.toDoubles(a.logProb()), 0.0);
        assertEquals(b.stats(), a.stats());
    }

    @Test
    void theStepBudgetReachesTheSolve() {
        SolveOptions two = SolveOptions.builder().controller(PIController.of(1e-9, 1e-9)).maxSteps(2).build();
        INDArray x = S2.randomBase(Rng.seeded(16), DataType.DOUBLE, 4);
        assertThrows(SolverFailedException.class,
                () -> ManifoldLikelihood.builder(S2).solve(new Dopri5(), two).build().evaluate(sphereField(), x));
        SolveOptions fewFixed = fixed(10).toBuilder().maxSteps(5).build();
        assertThrows(SolverFailedException.class, () -> MeshLikelihood.builder(MeshLocator.of(SQUARE))
                .solve(new Rk4(), fewFixed).build().evaluate(CONTRACTION, squarePoints()));
    }

    @Test
    void badSettingsAreTypedErrors() {
        assertThrows(InvalidConfigException.class,
                () -> ManifoldLikelihood.builder(S2).solve(new Euler(), SolveOptions.defaults()));
        assertThrows(InvalidConfigException.class,
                () -> MeshLikelihood.builder(MeshLocator.of(SQUARE)).solve(null, SolveOptions.defaults()));
        SolveOptions withEvent = SolveOptions.builder()
                .event(Event.of((t, y) -> y.get(0).value().getDouble(0, 0))).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ManifoldLikelihood.builder(S2).solve(new Dopri5(), withEvent).build());
        assertTrue(e.getMessage().startsWith("options.event must be absent"), e.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> MeshLikelihood.builder(MeshLocator.of(SQUARE)).solve(new Dopri5(), withEvent).build());
    }
}
