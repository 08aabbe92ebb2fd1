package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Hyperbolic;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.manifold.Sphere;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The geodesic path's target, the projected solver, the base likelihood and input validation. */
class RfmPathAndSolverTest {
    private static final List<DifferentiableManifold> SIMPLE = List.of(new Sphere(3), new FlatTorus(2));

    @Test
    void targetIsTheFiniteDifferenceTimeDerivativeOfTheGeodesicPath() {
        for (DifferentiableManifold m : SIMPLE) {
            Rng rng = Rng.seeded(1);
            INDArray x0 = m.randomBase(rng, DataType.DOUBLE, 64);
            INDArray x1 = m.randomBase(rng, DataType.DOUBLE, 64);
            GeodesicPath path = new GeodesicPath(m, KappaScheduler.linear());
            INDArray t = rng.uniform(0.05, 0.95, DataType.DOUBLE, 64, 1);
            PathSample s = path.sample(x0, x1, t);
            double h = 1e-6;
            INDArray plus = path.sample(x0, x1, t.add(h)).xt();
            INDArray minus = path.sample(x0, x1, t.sub(h)).xt();
            // central difference in normal coordinates at x_t (on the torus the angles wrap mod 2π)
            INDArray fd = m.logmap(s.xt(), plus).sub(m.logmap(s.xt(), minus)).div(2 * h);
            double err = Transforms.abs(fd.sub(s.dxt())).maxNumber().doubleValue();
            assertTrue(err < 1e-6, m + ": max |u_t − finite difference| = " + err);
            // closed form for κ = 1 − t: u_t = log_{x_t}(x₁)/(1 − t)
            INDArray closed = m.logmap(s.xt(), x1).divColumnVector(t.rsub(1.0));
            double errClosed = Transforms.abs(closed.sub(s.dxt())).maxNumber().doubleValue();
            assertTrue(errClosed < 1e-8, m + ": max |u_t − log_{x_t}(x₁)/(1 − t)| = " + errClosed);
            m.checkPoints("xt", s.xt());
            assertTrue(Transforms.abs(m.proju(s.xt(), s.dxt()).sub(s.dxt())).maxNumber().doubleValue() < 1e-10,
                    m + ": u_t is tangent at x_t");
        }
    }

    @Test
    void projectedSolverKeepsPointsOnTheSphereWhereThePlainOneDrifts() {
        Sphere s2 = new Sphere(3);
        Rng rng = Rng.seeded(2);
        VelocityField field = TangentMlpField.builder(s2).hidden(16).dtype(DataType.DOUBLE).build(rng);
        Term term = Term.of((t, y) -> field.velocity(y, t).mul(3.0));
        INDArray x0 = s2.randomBase(rng, DataType.DOUBLE, 32);
        SolveOptions coarse = SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, 10)).build();
        Solution plain = Ode.solve(term, new Euler(), TimeSpan.of(0, 1), State.of(Tensor.constant(x0)), coarse);
        Solution projected = Ode.solve(term, ProjectedSolver.of(new Euler(), s2), TimeSpan.of(0, 1),
                State.of(Tensor.constant(x0)), coarse);
        double plainDefect = normDefect(plain.last().get(0).value());
        double projectedDefect = normDefect(projected.last().get(0).value());
        assertTrue(plainDefect > 1e-2, "plain Euler should leave the sphere; defect " + plainDefect);
        assertTrue(projectedDefect < 1e-12, "projected Euler defect " + projectedDefect);
        Solution rk4 = Ode.solve(term, ProjectedSolver.of(new Rk4(), s2), TimeSpan.of(0, 1),
                State.of(Tensor.constant(x0)), coarse);
        s2.checkPoints("rk4 end", rk4.last().get(0).value());
        assertEquals(4, ProjectedSolver.of(new Rk4(), s2).order());
    }

    private static double normDefect(INDArray x) {
        return Transforms.abs(x.norm2(1).sub(1.0)).maxNumber().doubleValue();
    }

    @Test
    void zeroFieldGivesTheUniformDensity() {
        VelocityField zero = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                return x.mul(0.0);
            }

            @Override
            public int dim() {
                return 3;
            }
        };
        Sphere s2 = new Sphere(3);
        INDArray x = s2.randomBase(Rng.seeded(3), DataType.DOUBLE, 20);
        LogLikelihood ll = ManifoldLikelihood.builder(s2).build().evaluate(zero, x);
        double expected = -Math.log(4 * Math.PI);
        assertEquals(expected, ll.logProb().minNumber().doubleValue(), 1e-10);
        assertEquals(expected, ll.logProb().maxNumber().doubleValue(), 1e-10);
    }

    @Test
    void rotationFieldIsDivergenceFreeSoTheDensityStaysUniform() {
        Sphere s2 = new Sphere(3);
        INDArray axis = Nd4j.createFromArray(0.3, -0.5, 0.8).reshape(1, 3);
        VelocityField rotation = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                // ω × x, written as a tangent field evaluated at x/‖x‖
                Tensor p = s2.projx(x);
                Tensor[] c = Tensor.split(p, 1, 1, 1, 1);
                double[] w = axis.toDoubleVector();
                return Tensor.concat(1, c[2].mul(w[1]).sub(c[1].mul(w[2])), c[0].mul(w[2]).sub(c[2].mul(w[0])),
                        c[1].mul(w[0]).sub(c[0].mul(w[1])));
            }

            @Override
            public int dim() {
                return 3;
            }
        };
        INDArray x = s2.randomBase(Rng.seeded(4), DataType.DOUBLE, 20);
        LogLikelihood ll = ManifoldLikelihood.builder(s2).build().evaluate(rotation, x);
        assertEquals(-Math.log(4 * Math.PI), ll.mean(), 1e-6);
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        Sphere s2 = new Sphere(3);
        Rng rng = Rng.seeded(5);
        TangentMlpField field = TangentMlpField.builder(s2).hidden(8).dtype(DataType.DOUBLE).build(rng);
        RfmLoss loss = new RfmLoss(s2, new GeodesicPath(s2, KappaScheduler.linear()));
        INDArray off = rng.normal(DataType.DOUBLE, 8, 3).mul(3);
        assertThrows(OffManifoldException.class, () -> loss.loss(field, off, rng));
        INDArray wrongDim = new Sphere(4).randomBase(rng, DataType.DOUBLE, 8);
        assertThrows(ShapeMismatchException.class, () -> loss.loss(field, wrongDim, rng));
        ManifoldLikelihood lik = ManifoldLikelihood.builder(s2).build();
        assertThrows(OffManifoldException.class, () -> lik.evaluate(field, off));
        assertThrows(ShapeMismatchException.class, () -> lik.evaluate(field, wrongDim));
        assertThrows(ShapeMismatchException.class,
                () -> field.velocity(Tensor.constant(wrongDim), Tensor.zeros(DataType.DOUBLE, 8, 1)));
        INDArray on = s2.randomBase(rng, DataType.DOUBLE, 8);
        GeodesicPath path = new GeodesicPath(s2, KappaScheduler.linear());
        assertThrows(InvalidConfigException.class,
                () -> path.sample(on, on, Nd4j.valueArrayOf(new long[] {8, 1}, 1.5, DataType.DOUBLE)));
        assertThrows(ShapeMismatchException.class, () -> path.sample(on, on, Nd4j.zeros(DataType.DOUBLE, 8)));
        assertThrows(InvalidConfigException.class, () -> ManifoldLikelihood.builder(new Hyperbolic(3)).build());
        assertThrows(InvalidConfigException.class, () -> ProjectedSolver.of(null, s2));
        assertThrows(InvalidConfigException.class, () -> TangentMlpField.builder(s2).hidden(0).build(rng));
    }
}
