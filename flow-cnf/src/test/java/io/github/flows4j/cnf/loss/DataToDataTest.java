package io.github.flows4j.cnf.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.coupling.PairedCoupling;
import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.PathStraightness;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.distributions.Empirical;
import io.github.flows4j.core.distributions.StandardNormal;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Any source as x₀; data-to-data Flow Matching learns; OT-CFM's flow is straighter than I-CFM's. */
class DataToDataTest {

    /** Trains 8 Gaussians → moons with a variant and returns {first-50 mean loss, last-50 mean loss}. */
    @SuppressWarnings("try")
    static double[] train(MlpVelocityField model, FlowMatchingLoss fm, int steps, Rng rng) {
        Adam adam = Adam.of(model.parameters(), 3e-3);
        Rng data = rng.split();
        double first = 0;
        double last = 0;
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                INDArray x0 = Toy2d.EIGHT_GAUSSIANS.sample(256, data, DataType.FLOAT);
                INDArray x1 = Toy2d.TWO_MOONS.sample(256, data, DataType.FLOAT);
                adam.zeroGrad();
                Tensor loss = fm.lossBetween(model, x0, x1, rng);
                loss.backward();
                adam.step();
                if (step < 50) {
                    first += loss.item() / 50;
                }
                if (step >= steps - 50) {
                    last += loss.item() / 50;
                }
            }
        }
        return new double[] {first, last};
    }

    private static MlpVelocityField mlp(Rng rng) {
        return MlpVelocityField.builder().dim(2).hidden(64, 64).activation(Activation.SILU).dtype(DataType.FLOAT)
                .build(rng);
    }

    @Test
    void otCfmLearnsATranslationWithStraighterPathsThanIcfm() {
        int steps = 400;
        Rng ot = Rng.seeded(1);
        MlpVelocityField otModel = mlp(ot.split());
        double[] otLoss = train(otModel, CfmVariant.OT_CFM.loss(0.0).build(), steps, ot);
        Rng ind = Rng.seeded(1);
        MlpVelocityField indModel = mlp(ind.split());
        double[] indLoss = train(indModel, CfmVariant.I_CFM.loss(0.0).build(), steps, ind);
        assertTrue(otLoss[1] < 0.5 * otLoss[0], "OT-CFM loss fell from " + otLoss[0] + " to " + otLoss[1]);
        assertTrue(indLoss[1] < indLoss[0], "I-CFM loss fell from " + indLoss[0] + " to " + indLoss[1]);
        INDArray x0 = Toy2d.EIGHT_GAUSSIANS.sample(512, Rng.seeded(9), DataType.FLOAT);
        PathStraightness s0 = PathStraightness.measure(otModel, x0, 50);
        PathStraightness s1 = PathStraightness.measure(indModel, x0, 50);
        // straighter: less kinetic energy above the displacement, and less energy overall
        assertTrue(s0.excess() < 0.5 * s1.excess(), "excess energy OT " + s0 + " vs I-CFM " + s1);
        assertTrue(s0.kineticEnergy() < s1.kineticEnergy(), "energy OT " + s0 + " vs I-CFM " + s1);
        assertTrue(s0.excess() > -0.05 && s1.excess() > -0.05, "energy below displacement: " + s0 + ", " + s1);
    }

    @Test
    void anySamplerIsTheSourceAndTheLikelihoodUsesItsDensity() {
        Rng rng = Rng.seeded(4);
        MlpVelocityField model = mlp(rng.split());
        INDArray data = Toy2d.TWO_MOONS.sample(64, rng, DataType.FLOAT);
        FlowMatchingLoss fromToy = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler()))
                .source(Toy2d.EIGHT_GAUSSIANS).build();
        FlowMatchingLoss.Draw d = fromToy.draw(data, Rng.seeded(2));
        // every x0 row is an 8-Gaussians point: at radius about 4/1.414 from the origin
        INDArray r = d.sample().x0().mul(d.sample().x0()).sum(1);
        assertTrue(r.minNumber().doubleValue() > 0.5 && r.maxNumber().doubleValue() < 30, "radii² " + r);
        FlowMatchingLoss fromData = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler()))
                .source(new Empirical(Nd4j.valueArrayOf(new long[] {3, 2}, 7.0, DataType.FLOAT))).build();
        assertEquals(7.0, fromData.draw(data, rng).sample().x0().minNumber().doubleValue(), 0.0);
        // a zero field transports nothing: log p₁(x) is the source's log-density at x
        MlpVelocityField zero = MlpVelocityField.builder().dim(2).hidden(4).dtype(DataType.DOUBLE).build(rng);
        zero.trainableTensors().forEach(p -> p.value().assign(0));
        INDArray x = Toy2d.EIGHT_GAUSSIANS.sample(5, rng, DataType.DOUBLE);
        INDArray lp = CnfLikelihood.builder().source(Toy2d.EIGHT_GAUSSIANS.distribution()).build()
                .evaluate(zero, x).logProb();
        assertTrue(lp.reshape(5).equalsWithEps(Toy2d.EIGHT_GAUSSIANS.logDensity(x), 1e-9), lp.toString());
        INDArray lp2 = FlowSampler.builder().logLikelihood(true).source(Toy2d.EIGHT_GAUSSIANS.distribution())
                .build().sample(zero, x, null).logProb();
        assertTrue(lp2.reshape(5).equalsWithEps(Toy2d.EIGHT_GAUSSIANS.logDensity(x), 1e-9), lp2.toString());
    }

    @Test
    void pairedCouplingKeepsThePairs() {
        Rng rng = Rng.seeded(6);
        INDArray x0 = rng.normal(DataType.FLOAT, 10, 2);
        INDArray x1 = x0.add(3.0);
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler()))
                .coupling(new PairedCoupling()).build();
        FlowMatchingLoss.Draw d = fm.draw(x0, x1, rng);
        // the target of each pair is x1 − x0 = (3, 3)
        assertEquals(3.0, d.sample().dxt().minNumber().doubleValue(), 1e-6);
        assertEquals(3.0, d.sample().dxt().maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void mismatchedSourcesAndTargetsAreTypedErrors() {
        Rng rng = Rng.seeded(7);
        MlpVelocityField model = mlp(rng);
        FlowMatchingLoss fm = CfmVariant.OT_CFM.loss(0.1).build();
        INDArray x1 = rng.normal(DataType.FLOAT, 8, 2);
        ShapeMismatchException rows = assertThrows(ShapeMismatchException.class,
                () -> fm.lossBetween(model, rng.normal(DataType.FLOAT, 6, 2), x1, rng));
        assertTrue(rows.getMessage().contains("x1") && rows.getMessage().contains("x0"), rows.getMessage());
        ShapeMismatchException dims = assertThrows(ShapeMismatchException.class,
                () -> fm.lossBetween(model, rng.normal(DataType.FLOAT, 8, 3), x1, rng));
        assertTrue(dims.getMessage().contains("x0"), dims.getMessage());
        assertThrows(DTypeMismatchException.class,
                () -> fm.draw(rng.normal(DataType.DOUBLE, 8, 2), x1, rng));
        FlowMatchingLoss threeD = CfmVariant.I_CFM.loss(0.1).source(new StandardNormal(3)).build();
        ShapeMismatchException src = assertThrows(ShapeMismatchException.class, () -> threeD.loss(model, x1, rng));
        assertTrue(src.getMessage().contains("source"), src.getMessage());
        ShapeMismatchException lik = assertThrows(ShapeMismatchException.class,
                () -> CnfLikelihood.builder().source(new StandardNormal(3)).build().evaluate(model, x1));
        assertTrue(lik.getMessage().contains("source"), lik.getMessage());
        ShapeMismatchException smp = assertThrows(ShapeMismatchException.class,
                () -> FlowSampler.builder().logLikelihood(true).source(new StandardNormal(3)).build()
                        .sample(model, x1, rng));
        assertTrue(smp.getMessage().contains("source"), smp.getMessage());
    }
}
