package io.github.flows4j.cnf.divfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.optim.LrSchedule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class MixtureConservationLawTest {
    private static MixtureConservationLaw law(int d, int k, double gain, long seed) {
        MixtureConservationLaw law = MixtureConservationLaw.builder().dim(d).components(k).hidden(16, 16)
                .activation(Activation.TANH).dtype(DataType.DOUBLE).build(Rng.seeded(seed));
        Rng rng = Rng.seeded(seed + 1000);
        law.parameters().get("mean1").value().addi(rng.normal(DataType.DOUBLE, k, d));
        law.parameters().get("logScale0").value().addi(rng.uniform(-0.4, 0.4, DataType.DOUBLE, k, d));
        law.parameters().get("logScale1").value().addi(rng.uniform(-0.4, 0.4, DataType.DOUBLE, k, d));
        law.parameters().get("gain").value().assign(gain);
        return law;
    }

    @Test
    void initializationPairsTheComponentsByOptimalTransport() {
        // K = 5 samples per side, so every sample becomes a component mean; the targets are the sources moved by
        // (10, -3), listed in another order: the optimal pairing moves every component by exactly that shift
        int k = 5;
        INDArray x0 = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 2}, {-2, 1}, {3, -1}, {-1, -3}});
        int[] order = {3, 0, 4, 1, 2};
        INDArray x1 = Nd4j.create(DataType.DOUBLE, k, 2);
        for (int i = 0; i < k; i++) {
            x1.putRow(i, x0.getRow(order[i]).add(Nd4j.createFromArray(10.0, -3.0)));
        }
        MixtureConservationLaw law = MixtureConservationLaw.builder().dim(2).components(k).hidden(4)
                .dtype(DataType.DOUBLE).build(Rng.seeded(0));
        law.initializeFrom(x0, x1, Rng.seeded(1));
        INDArray shift = law.parameters().get("mean1").value().sub(law.parameters().get("mean0").value());
        for (int i = 0; i < k; i++) {
            assertEquals(10.0, shift.getDouble(i, 0), 1e-12, "component " + i);
            assertEquals(-3.0, shift.getDouble(i, 1), 1e-12, "component " + i);
        }
    }

    @Test
    @SuppressWarnings("try")
    void satisfiesTheContinuityEquationByFiniteDifferences() {
        for (int d = 2; d <= 3; d++) {
            MixtureConservationLaw law = law(d, 3, 0.3, 40 + d);
            Rng rng = Rng.seeded(50 + d);
            int n = 8;
            INDArray t = rng.uniform(0.1, 0.9, DataType.DOUBLE, n, 1);
            INDArray x = law.sample(n, 0.5, rng);
            double h = 1e-4;
            try (GradMode.Scope off = GradMode.noGrad()) {
                INDArray dRho = rho(law, x, t.add(h)).sub(rho(law, x, t.sub(h))).divi(2 * h);
                INDArray divJ = Nd4j.zeros(DataType.DOUBLE, n, 1);
                INDArray scale = absolute(dRho);
                for (int i = 0; i < d; i++) {
                    INDArray xp = x.dup();
                    INDArray xm = x.dup();
                    xp.getColumn(i).addi(h);
                    xm.getColumn(i).addi(-h);
                    INDArray di = flux(law, xp, t).getColumn(i).sub(flux(law, xm, t).getColumn(i)).divi(2 * h)
                            .reshape(n, 1);
                    divJ.addi(di);
                    scale.addi(absolute(di));
                }
                // the learned part must contribute: its divergence alone is not small termwise
                INDArray learned = law.fluxNetwork().velocity(Tensor.constant(x), Tensor.constant(t)).value();
                assertTrue(learned.amaxNumber().doubleValue() > 1e-3);
                INDArray residual = dRho.add(divJ);
                for (int b = 0; b < n; b++) {
                    double r = Math.abs(residual.getDouble(b, 0));
                    double s = scale.getDouble(b, 0);
                    assertTrue(r <= 1e-6 * Math.max(s, 1e-3), "d=" + d + " row " + b + ": residual " + r
                            + " against term scale " + s);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void densityIsPositiveAndNormalisedOnAGrid() {
        MixtureConservationLaw law = law(2, 4, 0.5, 7);
        int g = 161;
        double lo = -8;
        double step = 16.0 / (g - 1);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, (long) g * g, 2);
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                x.putScalar((long) i * g + j, 0, lo + i * step);
                x.putScalar((long) i * g + j, 1, lo + j * step);
            }
        }
        for (double t : new double[] {0, 0.3, 1}) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                INDArray rho = rho(law, x, Nd4j.valueArrayOf(new long[] {(long) g * g, 1}, t, DataType.DOUBLE));
                assertTrue(rho.minNumber().doubleValue() >= 0, "rho must be >= 0 at t=" + t);
                double mass = rho.sumNumber().doubleValue() * step * step;
                assertEquals(1.0, mass, 1e-3, "mass at t=" + t);
            }
        }
    }

    @Test
    void transportFollowsTheVelocityFromRhoZeroToRhoOne() {
        MixtureConservationLaw law = law(2, 2, 0.5, 9);
        MixtureConservationLaw noFlux = law(2, 2, 0.0, 9);
        Rng rng = Rng.seeded(10);
        INDArray x0 = law.sample(400, 0, rng);
        INDArray x1 = law.transport(x0, 0, 1, SolveSettings.defaults());
        INDArray y1 = noFlux.transport(x0, 0, 1, SolveSettings.defaults());
        // both arrive distributed as rho_1: compare with the exact mean of rho_1 and the mean log-density
        INDArray exact = law.sample(20_000, 1, rng.split());
        INDArray mean = exact.mean(0);
        assertTrue(x1.mean(0).sub(mean).amaxNumber().doubleValue() < 0.25, "pushed mean " + x1.mean(0) + " vs " + mean);
        double lpExact = meanLogDensity(law, exact);
        double lpPushed = meanLogDensity(law, x1);
        assertEquals(lpExact, lpPushed, 0.2);
        assertEquals(lpExact, meanLogDensity(law, y1), 0.2);
        assertTrue(x1.sub(y1).amaxNumber().doubleValue() > 1e-3, "the learned flux must move the samples");
    }

    @Test
    @SuppressWarnings("try")
    void kineticEnergyOfOneGaussianIsTheClosedFormW2() {
        MixtureConservationLaw law = law(2, 1, 0.0, 11);
        INDArray dm = law.parameters().get("mean1").value().sub(law.parameters().get("mean0").value());
        INDArray ds = Transforms.exp(law.parameters().get("logScale1").value(), true)
                .sub(Transforms.exp(law.parameters().get("logScale0").value(), true));
        double w2 = dm.mul(dm).sumNumber().doubleValue() + ds.mul(ds).sumNumber().doubleValue();
        double ke;
        try (GradMode.Scope off = GradMode.noGrad()) {
            ke = law.kineticEnergy(40_000, Rng.seeded(12)).item();
        }
        assertEquals(w2, ke, 0.03 * w2, "for straight Gaussian paths E|v|^2 is the closed-form W2^2");
    }

    @Test
    void gradientsPassFiniteDifferenceChecks() {
        MixtureConservationLaw law = MixtureConservationLaw.builder().dim(2).components(2).hidden(4)
                .activation(Activation.TANH).dtype(DataType.DOUBLE).build(Rng.seeded(13));
        law.parameters().get("gain").value().assign(0.2);
        law.parameters().get("mean1").value().addi(1.0);
        INDArray x0 = Rng.seeded(14).normal(DataType.DOUBLE, 5, 2);
        INDArray x1 = Rng.seeded(15).normal(DataType.DOUBLE, 5, 2).addi(1);
        GradCheck.checkParameters(() -> law.kineticEnergy(6, Rng.seeded(16)).add(law.endpointNll(x0, x1)),
                law.parameters(), 1e-6, 1e-5);
    }

    @Test
    void shortTrainingLowersTheTransportLoss() {
        MixtureConservationLaw law = MixtureConservationLaw.builder().dim(2).components(1).hidden(16)
                .dtype(DataType.DOUBLE).build(Rng.seeded(17));
        Rng data = Rng.seeded(18);
        INDArray src = data.normal(DataType.DOUBLE, 256, 2);
        INDArray dst = data.normal(DataType.DOUBLE, 256, 2).muli(0.5).addi(2.0);
        double[] first = new double[1];
        Trainer<MixtureConservationLaw> trainer = Trainer.builder(law)
                .config(TrainerConfig.builder().maxSteps(60).schedule(LrSchedule.constant(5e-2)).build())
                .loss(ctx -> ctx.model().endpointNll(src, dst).add(ctx.model().kineticEnergy(64, ctx.noise()).mul(0.1)))
                .listener(new io.github.flows4j.core.train.TrainingListener() {
                    @Override
                    public void onStep(long step, double loss, double lr) {
                        if (step == 1) {
                            first[0] = loss;
                        }
                    }
                })
                .build();
        TrainResult r = trainer.fit(Rng.seeded(19), Rng.seeded(20));
        assertTrue(r.finalLoss() < first[0] - 1.0, "loss " + first[0] + " -> " + r.finalLoss());
    }

    @Test
    void badInputRaisesTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> MixtureConservationLaw.builder().dim(1).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> MixtureConservationLaw.builder().dim(2).components(0).build(Rng.seeded(0)));
        MixtureConservationLaw law = law(2, 2, 0, 1);
        Tensor x = Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 3));
        Tensor t = Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 1));
        assertThrows(ShapeMismatchException.class, () -> law.logDensity(x, t));
        assertThrows(ShapeMismatchException.class,
                () -> law.logDensity(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 2)),
                        Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 2, 1))));
        assertThrows(InvalidConfigException.class, () -> law.sample(4, 1.5, Rng.seeded(0)));
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 2, 2);
        nan.putScalar(0, 0, Double.NaN);
        assertThrows(NonFiniteException.class, () -> law.transport(nan, 0, 1, SolveSettings.defaults()));
        assertThrows(NonFiniteException.class, () -> law.endpointNll(nan, nan));
    }

    private static INDArray rho(MixtureConservationLaw law, INDArray x, INDArray t) {
        return law.density(Tensor.constant(x), Tensor.constant(t)).value().dup();
    }

    private static INDArray flux(MixtureConservationLaw law, INDArray x, INDArray t) {
        return law.flux(Tensor.constant(x), Tensor.constant(t)).value().dup();
    }

    @SuppressWarnings("try")
    private static double meanLogDensity(MixtureConservationLaw law, INDArray x) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray t = Nd4j.ones(DataType.DOUBLE, x.size(0), 1);
            return law.logDensity(Tensor.constant(x), Tensor.constant(t)).value().meanNumber().doubleValue();
        }
    }

    private static INDArray absolute(INDArray a) {
        return Transforms.abs(a, true);
    }
}
