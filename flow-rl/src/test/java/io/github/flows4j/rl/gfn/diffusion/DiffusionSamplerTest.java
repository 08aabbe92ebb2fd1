package io.github.flows4j.rl.gfn.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DiffusionSamplerTest {
    /** R(x) = exp(-|x|² / (2 s²)): the terminal law of Brownian motion with σ = s, log Z = (d/2) log(2π s²). */
    private record Gaussian(int dim, double s) implements UnnormalizedDensity {
        @Override
        public INDArray logReward(INDArray x) {
            return x.mul(x).sum(true, 1).divi(-2 * s * s);
        }

        @Override
        public double logPartition() {
            return 0.5 * dim * Math.log(2 * Math.PI * s * s);
        }
    }

    private static DiffusionSampler zeroDrift(double sigma, int steps) {
        DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(steps).sigma(sigma).hidden(8)
                .dtype(DataType.DOUBLE).build(Rng.seeded(0));
        for (Map.Entry<String, Tensor> e : s.parameters().entrySet()) {
            e.getValue().value().assign(0);
        }
        return s;
    }

    @Test
    void brownianMotionIsTheExactSamplerOfItsGaussianAndTbVanishes() {
        Gaussian target = new Gaussian(2, 1.5);
        DiffusionSampler s = zeroDrift(1.5, 10);
        s.setLogZ(target.logPartition());
        DiffusionPaths p = s.sample(64, Rng.seeded(1), 1.0);
        DiffusionTrajectoryBalance tb = new DiffusionTrajectoryBalance(target, 64, 1.0);
        assertEquals(0, tb.loss(s, p).item(), 1e-18);
        // off-policy paths (wider noise) are still balanced: the identity holds path by path
        assertEquals(0, tb.loss(s, s.sample(64, Rng.seeded(2), 2.0)).item(), 1e-18);
        // every importance weight equals Z, so the estimate is exact
        assertEquals(target.logPartition(), s.logZEstimate(target, 100, Rng.seeded(3)), 1e-9);
        for (double w : s.logImportanceWeights(target, 20, Rng.seeded(4))) {
            assertEquals(target.logPartition(), w, 1e-9); // the ELBO is tight
        }
        s.setLogZ(target.logPartition() + 0.3);
        assertEquals(0.09, tb.loss(s, p).item(), 1e-12);
    }

    @Test
    void logForwardGradientMatchesFiniteDifferences() {
        DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(4).sigma(1).hidden(5).logZScale(2)
                .dtype(DataType.DOUBLE).build(Rng.seeded(4));
        DiffusionPaths p = s.sample(6, Rng.seeded(5), 1.5);
        DiffusionTrajectoryBalance tb = new DiffusionTrajectoryBalance(GaussianGrid.standard(), 6, 1.0);
        GradCheck.checkParameters(() -> tb.loss(s, p), s.parameters(), 1e-6, 1e-5);
    }

    @Test
    void learnedVarianceGradientMatchesFiniteDifferences() {
        DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(4).sigma(1).hidden(5).logZScale(2)
                .varianceRange(3).dtype(DataType.DOUBLE).build(Rng.seeded(14));
        DiffusionPaths p = s.sample(6, Rng.seeded(15), 1.5);
        DiffusionTrajectoryBalance tb = new DiffusionTrajectoryBalance(Funnel.standard(), 6, 1.0);
        GradCheck.checkParameters(() -> tb.loss(s, p), s.parameters(), 1e-6, 1e-5);
    }

    /**
     * With zero weights except the output bias, the drift is b_f and the log-variance factor r·tanh(b_s): one step
     * from 0 is N(Δt b_f, σ² Δt e^{r tanh b_s}) per coordinate; sampling and log P_F both follow it.
     */
    @Test
    void learnedVarianceScalesTheForwardTransition() {
        double r = 2;
        DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(1).sigma(1.5).hidden(4).varianceRange(r)
                .dtype(DataType.DOUBLE).build(Rng.seeded(16));
        assertEquals(r, s.varianceRange(), 0);
        for (Map.Entry<String, Tensor> e : s.parameters().entrySet()) {
            e.getValue().value().assign(0);
        }
        INDArray bias = s.parameters().get("drift.layers.1.layer.bias").value();
        double[] b = {0.5, -1.0, 0.8, -0.4};                  // drift (0.5, -1), log-variance heads (0.8, -0.4)
        for (int j = 0; j < 4; j++) {
            bias.putScalar(j, b[j]);
        }
        double[] var = {2.25 * Math.exp(r * Math.tanh(0.8)), 2.25 * Math.exp(r * Math.tanh(-0.4))};
        DiffusionPaths p = s.sample(20_000, Rng.seeded(17), 1.0);
        INDArray x = p.terminal(DataType.DOUBLE);
        for (int j = 0; j < 2; j++) {
            INDArray c = x.getColumn(j);
            assertEquals(b[j], c.meanNumber().doubleValue(), 4 * Math.sqrt(var[j] / 20_000));
            assertEquals(var[j], c.varNumber().doubleValue(), 0.05 * var[j]);
        }
        DiffusionPaths one = DiffusionPaths.of(org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 1, 2),
                org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1.0, 0.2}}));
        double expected = 0;
        double[] pt = {1.0, 0.2};
        for (int j = 0; j < 2; j++) {
            double d = pt[j] - b[j];
            expected += -0.5 * Math.log(2 * Math.PI * var[j]) - d * d / (2 * var[j]);
        }
        assertEquals(expected, s.logForward(one).item(), 1e-12);
        assertThrows(InvalidConfigException.class, () -> DiffusionSampler.builder().varianceRange(-1)
                .build(Rng.seeded(0)));
    }

    /**
     * Defensive weights: for Brownian motion (the reference itself) and its Gaussian every weight is log Z whatever α;
     * α = 0 is the on-policy estimator draw for draw; α = 1 is the reference alone, exact here whatever the drift.
     */
    @Test
    void defensiveWeightsAreExactWhereTheProposalIsExact() {
        Gaussian target = new Gaussian(2, 1.5);
        DiffusionSampler bm = zeroDrift(1.5, 6);
        for (double alpha : new double[] {0, 0.3, 1}) {
            for (double w : bm.logDefensiveWeights(target, 50, Rng.seeded(30), alpha)) {
                assertEquals(target.logPartition(), w, 1e-9, "alpha " + alpha);
            }
        }
        DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(6).sigma(1.5).hidden(8).dtype(DataType.DOUBLE)
                .build(Rng.seeded(31));
        org.junit.jupiter.api.Assertions.assertArrayEquals(s.logImportanceWeights(target, 40, Rng.seeded(32)),
                s.logDefensiveWeights(target, 40, Rng.seeded(32), 0), 0);
        for (double w : s.logDefensiveWeights(target, 40, Rng.seeded(33), 1)) {
            assertEquals(target.logPartition(), w, 1e-9);
        }
        assertThrows(InvalidConfigException.class, () -> s.logDefensiveWeights(target, 10, Rng.seeded(0), 1.5));
        assertThrows(InvalidConfigException.class, () -> s.logDefensiveWeights(target, 0, Rng.seeded(0), 0.5));
    }

    /**
     * A sampler whose drift carries every path 4 std away from its Gaussian target misses the target's mass: the
     * on-policy estimate falls far below log Z, while with half the paths from the reference every weight is at
     * most 2 R P_B / P_ref = 2 Z here and the estimate is close to log Z.
     */
    @Test
    void defensiveWeightsRecoverTheMassAnOffTargetSamplerMisses() {
        Gaussian target = new Gaussian(2, 1.5);
        DiffusionSampler s = zeroDrift(1.5, 6);
        INDArray bias = s.parameters().get("drift.layers.1.layer.bias").value();
        bias.assign(6);                                           // drift 6: terminal mean (6, 6), std 1.5
        double onPolicy = DiffusionSampler.logMeanExp(s.logImportanceWeights(target, 4000, Rng.seeded(34)));
        double[] w = s.logDefensiveWeights(target, 4000, Rng.seeded(35), 0.5);
        double defensive = DiffusionSampler.logMeanExp(w);
        assertTrue(target.logPartition() - onPolicy > 1, "on-policy " + onPolicy + " vs " + target.logPartition());
        assertEquals(target.logPartition(), defensive, 0.05);
        for (double v : w) {
            assertTrue(v <= target.logPartition() + Math.log(2) + 1e-9, "weight " + v);
        }
    }

    @Test
    void gaussianGridHasTheExactPartitionAndModes() {
        GaussianGrid g = GaussianGrid.standard();
        assertEquals(Math.log(25 * 2 * Math.PI * 0.16), g.logPartition(), 1e-12);
        assertEquals(0, g.mean(12)[0], 0);
        assertEquals(-4, g.mean(0)[0], 0);
        assertEquals(4, g.mean(24)[1], 0);
        assertEquals(24, g.nearestMode(3.7, 4.4));
        // at a mean, R ≈ 1 (neighbours are 5 std away)
        double logR = g.logReward(org.nd4j.linalg.factory.Nd4j.create(new double[][] {{2, -2}})).getDouble(0);
        assertEquals(0, logR, 1e-4);
        assertThrows(InvalidConfigException.class, () -> new GaussianGrid(0, 1, 1));
        assertThrows(InvalidConfigException.class, () -> new GaussianGrid(5, 2, 0));
        assertThrows(InvalidConfigException.class, () -> DiffusionSampler.builder().sigma(-1).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> new DiffusionTrajectoryBalance(g, 0, 1));
    }

    @Test
    void trainerLowersTheBalanceLossAndLearnsLogZ() {
        GaussianGrid g = new GaussianGrid(2, 3, 0.4);
        Rng rng = Rng.seeded(6);
        DiffusionSampler s = DiffusionSampler.builder().steps(10).sigma(2).hidden(64, 64).build(rng.split());
        DiffusionTrajectoryBalance tb = new DiffusionTrajectoryBalance(g, 128, 1.0);
        DiffusionTrajectoryBalance eval = new DiffusionTrajectoryBalance(g, 1024, 1.0);
        s.setLogZ(g.logPartition());
        double before = eval.loss(s, Rng.seeded(7)).item();
        s.setLogZ(0);
        TrainerConfig config = TrainerConfig.builder().maxSteps(200).schedule(LrSchedule.constant(2e-3)).build();
        Trainer.builder(s).config(config).loss(tb).build().fit(rng.split(), rng.split());
        double learnedLogZ = s.logZ().item();
        s.setLogZ(g.logPartition());
        double after = eval.loss(s, Rng.seeded(7)).item();
        assertTrue(after < before / 2, "TB loss at the true log Z: " + before + " -> " + after);
        double estimate = s.logZEstimate(g, 4000, Rng.seeded(8));
        System.out.println("TB " + before + " -> " + after + "; learned log Z " + learnedLogZ + ", IS estimate "
                + estimate + ", true " + g.logPartition());
        // learned log Z tracks E[log R + log P_B - log P_F] (an ELBO) from below
        assertTrue(learnedLogZ < g.logPartition() + 0.1);
        assertEquals(g.logPartition(), estimate, 0.5);
    }

    @Test
    void elboOfBrownianMotionIsTheExactGaussianLogLikelihood() {
        DiffusionSampler s = zeroDrift(1.5, 12);
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{0.3, -1.2}, {2.0, 0.5}});
        DiffusionPaths p = s.bridge(x, Rng.seeded(9));
        assertEquals(0, p.state(0, DataType.DOUBLE).norm2Number().doubleValue(), 0);
        assertEquals(x, p.terminal(DataType.DOUBLE));
        // the bridge is the exact posterior of Brownian motion: log P_F(τ) - log P_B(τ | x) = log N(x; 0, σ² I)
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double r2 = x.getDouble(i, 0) * x.getDouble(i, 0) + x.getDouble(i, 1) * x.getDouble(i, 1);
            expected[i] = -r2 / (2 * 2.25) - Math.log(2 * Math.PI * 2.25);
        }
        INDArray gap = s.logForward(p).value().sub(s.logBackward(p));
        assertEquals(expected[0], gap.getDouble(0), 1e-9);
        assertEquals(expected[1], gap.getDouble(1), 1e-9);
    }

    @Test
    void maximumLikelihoodThroughTheTrainerRaisesTheElbo() {
        Rng rng = Rng.seeded(10);
        DiffusionSampler s = DiffusionSampler.builder().steps(10).sigma(3).hidden(64, 64).build(rng.split());
        DiffusionMaximumLikelihood mle = new DiffusionMaximumLikelihood(
                io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS, 128);
        INDArray test = io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS.sample(2000, Rng.seeded(11), DataType.FLOAT);
        double before = mle.elbo(s, test, Rng.seeded(12));
        TrainerConfig config = TrainerConfig.builder().maxSteps(200).schedule(LrSchedule.constant(2e-3)).build();
        Trainer.builder(s).config(config).loss(mle).build().fit(rng.split(), rng.split());
        double after = mle.elbo(s, test, Rng.seeded(12));
        System.out.println("MLE ELBO " + before + " -> " + after);
        assertTrue(after > before + 0.15, before + " -> " + after);
    }

    @Test
    void tbConsistencyVanishesForBrownianMotionAndIsPositiveOtherwise() {
        INDArray x = io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS.sample(16, Rng.seeded(20), DataType.DOUBLE);
        // the bridge is Brownian motion's exact posterior: g is log N(x; 0, σ² I) on every path, variance 0
        assertEquals(0, DiffusionMaximumLikelihood.consistencyViolation(zeroDrift(1.5, 8), x, 4, Rng.seeded(21)),
                1e-18);
        DiffusionSampler s = DiffusionSampler.builder().steps(8).sigma(1.5).hidden(16).dtype(DataType.DOUBLE)
                .build(Rng.seeded(22));
        double violation = DiffusionMaximumLikelihood.consistencyViolation(s, x, 4, Rng.seeded(21));
        assertTrue(violation > 1e-6, "violation " + violation);
        // the step loss is -ELBO + β · violation over the same paths
        DiffusionMaximumLikelihood mle = new DiffusionMaximumLikelihood(
                io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS, 16, 0.5, 4);
        INDArray copies = org.nd4j.linalg.factory.Nd4j.concat(0, x, x, x, x);
        double negElbo = DiffusionMaximumLikelihood.negativeElbo(s, s.bridge(copies, Rng.seeded(21))).item();
        Tensor loss = mle.loss(new io.github.flows4j.core.train.StepContext<>(0, s, s.parameters(), Rng.seeded(20),
                Rng.seeded(21), 1e-3, 0));
        assertEquals(negElbo + 0.5 * violation, loss.item(), 1e-9);
    }

    @Test
    void tbConsistencyRegulariserLowersTheViolationThroughTheTrainer() {
        INDArray test = io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS.sample(256, Rng.seeded(31), DataType.FLOAT);
        double[] violation = new double[2];
        double[] elbo = new double[2];
        double[] betas = {0, 1};
        for (int i = 0; i < 2; i++) {
            Rng rng = Rng.seeded(30);
            DiffusionSampler s = DiffusionSampler.builder().steps(8).sigma(3).hidden(32, 32).build(rng.split());
            DiffusionMaximumLikelihood mle = new DiffusionMaximumLikelihood(
                    io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS, 32, betas[i], 4);
            TrainerConfig config = TrainerConfig.builder().maxSteps(150).schedule(LrSchedule.constant(2e-3)).build();
            Trainer.builder(s).config(config).loss(mle).build().fit(rng.split(), rng.split());
            violation[i] = DiffusionMaximumLikelihood.consistencyViolation(s, test, 8, Rng.seeded(32));
            elbo[i] = mle.elbo(s, test, Rng.seeded(33));
        }
        System.out.println("TB violation beta 0: " + violation[0] + ", beta 1: " + violation[1] + "; ELBO "
                + elbo[0] + ", " + elbo[1]);
        assertTrue(violation[1] < 0.8 * violation[0], violation[0] + " -> " + violation[1]);
    }

    @Test
    void badMaximumLikelihoodSettingsNameTheField() {
        io.github.flows4j.core.data.Toy2d d = io.github.flows4j.core.data.Toy2d.EIGHT_GAUSSIANS;
        assertTrue(assertThrows(InvalidConfigException.class, () -> new DiffusionMaximumLikelihood(d, 8, -1, 2))
                .getMessage().contains("consistency"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> new DiffusionMaximumLikelihood(d, 8, 0.1, 1))
                .getMessage().contains("pathsPerPoint"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> new DiffusionMaximumLikelihood(d, 0))
                .getMessage().contains("batchSize"));
    }

    @Test
    void funnelIsNormalisedAndValidates() {
        Funnel f = Funnel.standard();
        // ∫∫ R du dv on a grid in (v, w) with u = w e^{v/2}, du = e^{v/2} dw (Riemann sum, all points in one call)
        double h = 0.02;
        int nv = 3001;
        int nw = 801;
        double[][] pts = new double[nv * nw][];
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nw; j++) {
                double v = -30 + i * h;
                pts[i * nw + j] = new double[] {v, (-8 + j * h) * Math.exp(v / 2)};
            }
        }
        double[] logR = f.logReward(org.nd4j.linalg.factory.Nd4j.create(pts)).toDoubleVector();
        double z = 0;
        double atZero = 0; // the marginal density of v at 0: N(0; 0, 9)
        for (int i = 0; i < nv; i++) {
            double inner = 0;
            for (int j = 0; j < nw; j++) {
                inner += Math.exp(logR[i * nw + j] + (-30 + i * h) / 2) * h;
            }
            z += inner * h;
            atZero = i == 1500 ? inner : atZero;
        }
        assertEquals(1 / Math.sqrt(2 * Math.PI * 9), atZero, 1e-9);
        assertEquals(0, f.logPartition());
        assertEquals(1, z, 1e-4);
        assertTrue(assertThrows(InvalidConfigException.class, () -> new Funnel(0)).getMessage().contains("scale"));
    }
}
