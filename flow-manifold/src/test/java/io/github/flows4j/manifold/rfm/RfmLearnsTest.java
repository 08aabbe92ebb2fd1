package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.data.WrappedMixture;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Sphere;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** RFM learns concentrated densities on S² and T²: test NLL beats the uniform base by a margin. */
class RfmLearnsTest {

    @Test
    void sphereNllBeatsUniformOnAConcentratedCap() {
        Sphere s2 = new Sphere(3);
        INDArray mu = Nd4j.createFromArray(0.0, 0.6, 0.8).reshape(1, 3).castTo(DataType.FLOAT);
        Function<Rng, INDArray> sampler = r -> s2.projx(r.normal(DataType.FLOAT, 256, 3).mul(0.25).addRowVector(mu));
        double nll = trainAndScore(s2, sampler, 400, Rng.seeded(7));
        double uniform = Math.log(4 * Math.PI);
        assertTrue(nll < uniform - 1.5, "sphere NLL " + nll + " vs uniform " + uniform);
    }

    @Test
    void torusNllBeatsUniformOnAWrappedMixture() {
        FlatTorus t2 = new FlatTorus(2);
        WrappedMixture mix = WrappedMixture.random(t2, 3, 0.3, Rng.seeded(11));
        double nll = trainAndScore(t2, r -> mix.sample(r, 256, DataType.FLOAT), 400, Rng.seeded(8));
        double uniform = 2 * Math.log(2 * Math.PI);
        assertTrue(nll < uniform - 0.8, "torus NLL " + nll + " vs uniform " + uniform);
    }

    @SuppressWarnings("try") // the scope releases what the block allocates
    private static double trainAndScore(DifferentiableManifold m, Function<Rng, INDArray> sampler, int steps,
            Rng rng) {
        TangentMlpField field = TangentMlpField.builder(m).hidden(64, 64, 64).build(rng.split());
        RfmLoss rfm = new RfmLoss(m, new GeodesicPath(m, KappaScheduler.linear()));
        Adam adam = Adam.of(field.parameters(), 3e-3);
        Rng data = rng.split();
        double first = 0;
        double last = 0;
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                adam.zeroGrad();
                Tensor loss = rfm.loss(field, sampler.apply(data), rng);
                loss.backward();
                adam.step();
                if (step < 40) {
                    first += loss.item() / 40;
                }
                if (step >= steps - 40) {
                    last += loss.item() / 40;
                }
            }
        }
        assertTrue(last < first, "loss fell from " + first + " to " + last);
        INDArray test = sampler.apply(Rng.seeded(99));
        return -ManifoldLikelihood.builder(m).build().evaluate(field, test).mean();
    }
}
