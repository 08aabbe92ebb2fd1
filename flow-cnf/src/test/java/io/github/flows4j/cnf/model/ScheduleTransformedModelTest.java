package io.github.flows4j.cnf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.CosineScheduler;
import io.github.flows4j.cnf.path.scheduler.LinearVPScheduler;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.VEScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A change of schedule at sampling time: the right marginal velocity, the same samples, typed errors. */
class ScheduleTransformedModelTest {
    private static final double[] MEAN = {1.5, -0.5};
    private static final double SCALE = 0.5;

    /**
     * The exact marginal velocity of data N(MEAN, SCALE² I) from N(0, I) under a schedule, with independent
     * coupling: u = α' m + A (x − α m), A = (α' α c² + σ' σ) / (α² c² + σ²).
     */
    private record GaussianField(Scheduler scheduler) implements VelocityField {
        @Override
        public Tensor velocity(Tensor x, Tensor t) {
            double[] ts = HostArrays.toDoubles(t.value());
            double[] xs = HostArrays.toDoubles(x.value());
            double[] u = new double[xs.length];
            for (int i = 0; i < ts.length; i++) {
                ScalarSchedulerValues v = scheduler.at(ts[i]);
                double c2 = SCALE * SCALE;
                double var = v.alpha() * v.alpha() * c2 + v.sigma() * v.sigma();
                double a = (v.dAlpha() * v.alpha() * c2 + v.dSigma() * v.sigma()) / var;
                for (int j = 0; j < 2; j++) {
                    u[2 * i + j] = v.dAlpha() * MEAN[j] + a * (xs[2 * i + j] - v.alpha() * MEAN[j]);
                }
            }
            return Tensor.constant(HostArrays.fromDoubles(u, x.dtype(), ts.length, 2));
        }

        @Override
        public int dim() {
            return 2;
        }
    }

    private static INDArray column(double r, int n) {
        return HostArrays.fromDoubles(filled(r, n), DataType.DOUBLE, n, 1);
    }

    private static double[] filled(double r, int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, r);
        return v;
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void theTransformedFieldIsTheNewSchedulesMarginalVelocity() {
        INDArray x = Rng.seeded(3).normal(DataType.DOUBLE, 16, 2).mul(1.5);
        Scheduler[][] pairs = {{new CondOTScheduler(), new CosineScheduler()},
            {new CondOTScheduler(), new PolynomialConvexScheduler(2)},
            {new CosineScheduler(), new CondOTScheduler()}, {new CosineScheduler(), new PolynomialConvexScheduler(2)}};
        for (Scheduler[] p : pairs) {
            VelocityField moved = new ScheduleTransformedModel(new GaussianField(p[0]), p[0], p[1]);
            GaussianField exact = new GaussianField(p[1]);
            for (int i = 0; i <= 20; i++) {
                double r = i / 20.0;
                Tensor rr = Tensor.constant(column(r, 16));
                INDArray got = moved.velocity(Tensor.constant(x), rr).value();
                INDArray want = exact.velocity(Tensor.constant(x), rr).value();
                assertTrue(maxDiff(got, want) < 1e-9 * Math.max(1, want.amaxNumber().doubleValue()),
                        p[0] + " -> " + p[1] + " at r = " + r + ": " + maxDiff(got, want));
            }
        }
    }

    @Test
    void samplingUnderAnotherScheduleGivesTheSameSamples() {
        Rng rng = Rng.seeded(11);
        INDArray x0 = rng.normal(DataType.DOUBLE, 64, 2);
        FlowSampler sampler = FlowSampler.builder()
                .solve(new Dopri5(), SolveOptions.of(PIController.of(1e-9, 1e-9))).build();
        VelocityField mlp = MlpVelocityField.builder().dim(2).hidden(32, 32).activation(Activation.SILU)
                .dtype(DataType.DOUBLE).build(rng.split());
        Scheduler condOt = new CondOTScheduler();
        for (VelocityField model : new VelocityField[] {new GaussianField(condOt), mlp}) {
            INDArray reference = sampler.sample(model, x0, null).x1();
            for (Scheduler target : new Scheduler[] {new CosineScheduler(), new PolynomialConvexScheduler(2)}) {
                ScheduleTransformedModel moved = new ScheduleTransformedModel(model, condOt, target);
                INDArray samples = sampler.sample(moved, x0, null).x1();
                double d = maxDiff(reference, samples);
                assertTrue(d < 1e-6, model.getClass().getSimpleName() + " under " + target + ": max diff " + d);
            }
        }
        // and the Gaussian field's samples are the exact map m + c x0
        INDArray exact = x0.mul(SCALE).addRowVector(HostArrays.fromDoubles(MEAN, DataType.DOUBLE, 1, 2));
        assertTrue(maxDiff(exact, sampler.sample(new GaussianField(condOt), x0, null).x1()) < 1e-6);
    }

    @Test
    void theTimeChangeStartsAndEndsAtTheSameTimesWithUnitScale() {
        ScheduleTransformedModel same = new ScheduleTransformedModel(new GaussianField(new CosineScheduler()),
                new CosineScheduler(), new CosineScheduler());
        for (double r : new double[] {0, 0.3, 0.7, 1}) {
            ScheduleTransformedModel.Transform c = same.transform(r);
            assertEquals(r, c.t(), 1e-12);
            assertEquals(1, c.s(), 1e-12);
            assertEquals(1, c.dt(), 1e-9);
            assertEquals(0, c.ds(), 1e-9);
        }
        ScheduleTransformedModel m = new ScheduleTransformedModel(new GaussianField(new CondOTScheduler()),
                new CondOTScheduler(), new CosineScheduler());
        assertEquals(new ScheduleTransformedModel.Transform(0, 1, Math.PI / 2, Math.PI / 2), m.transform(0));
        ScheduleTransformedModel.Transform end = m.transform(1);
        assertEquals(1, end.t(), 1e-15);
        assertEquals(1, end.s(), 1e-15);
        double h = 1e-6;
        for (double r : new double[] {0.1, 0.4, 0.8}) {
            ScheduleTransformedModel.Transform c = m.transform(r);
            double fdT = (m.transform(r + h).t() - m.transform(r - h).t()) / (2 * h);
            double fdS = (m.transform(r + h).s() - m.transform(r - h).s()) / (2 * h);
            assertEquals(fdT, c.dt(), 1e-7, "dt at " + r);
            assertEquals(fdS, c.ds(), 1e-7, "ds at " + r);
            // s_r = cos + sin for CondOT -> cosine, since t_r = tan / (1 + tan)
            double a = Math.PI / 2 * r;
            assertEquals(Math.cos(a) + Math.sin(a), c.s(), 1e-12);
        }
    }

    @Test
    void incompatibleSchedulesAndBadInputAreTypedErrors() {
        VelocityField f = new GaussianField(new CondOTScheduler());
        InvalidConfigException range = assertThrows(InvalidConfigException.class,
                () -> new ScheduleTransformedModel(f, new CondOTScheduler(0.01), new CosineScheduler()));
        assertTrue(range.getMessage().startsWith("target") && range.getMessage().contains("SNR"), range.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> new ScheduleTransformedModel(f, new VEScheduler(0.01, 10), new CosineScheduler()));
        InvalidConfigException singular = assertThrows(InvalidConfigException.class,
                () -> new ScheduleTransformedModel(f, new CondOTScheduler(), new LinearVPScheduler()));
        assertTrue(singular.getMessage().contains("finite"), singular.getMessage());
        InvalidConfigException none = assertThrows(InvalidConfigException.class,
                () -> new ScheduleTransformedModel(null, new CondOTScheduler(), new CosineScheduler()));
        assertTrue(none.getMessage().startsWith("model"), none.getMessage());
        ScheduleTransformedModel m = new ScheduleTransformedModel(f, new CondOTScheduler(), new CosineScheduler());
        Tensor x = Tensor.constant(Rng.seeded(1).normal(DataType.DOUBLE, 4, 2));
        ShapeMismatchException rows = assertThrows(ShapeMismatchException.class,
                () -> m.velocity(x, Tensor.constant(column(0.5, 3))));
        assertTrue(rows.getMessage().startsWith("t"), rows.getMessage());
        assertThrows(InvalidConfigException.class, () -> m.velocity(x, Tensor.constant(column(1.5, 4))));
    }
}
