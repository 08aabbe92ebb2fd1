package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.MeshShapes;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mesh RFM learns a concentrated density on a small mesh: test NLL beats the uniform base (log area). */
class MeshRfmLearnsTest {
    @Test
    @SuppressWarnings("try") // the scope releases what the block allocates
    void trainedModelBeatsTheUniformBaseline() {
        TriangleMesh mesh = MeshShapes.icosphere(2);
        double[] w = new double[mesh.faceCount()];
        int[] f = mesh.faces();
        double[] v = mesh.vertices();
        for (int t = 0; t < w.length; t++) {
            double z = (v[3 * f[3 * t] + 2] + v[3 * f[3 * t + 1] + 2] + v[3 * f[3 * t + 2] + 2]) / 3;
            w[t] = mesh.faceArea(t) * Math.exp(6 * z);      // a cap around the north pole
        }
        FaceDistribution target = FaceDistribution.of(mesh, w);
        SpectralDistance d = SpectralDistance.of(mesh, 20, SpectralWeight.biharmonic(), EigenOptions.defaults());
        MeshRfmLoss rfm = MeshRfmLoss.uniform(new PremetricPath(d, KappaScheduler.linear(), new Euler(), 8));
        Rng rng = Rng.seeded(12);
        MeshTangentField field = MeshTangentField.builder(d.locator()).hidden(64, 64).build(rng.split());
        Adam adam = Adam.of(field.parameters(), 3e-3);
        Rng data = rng.split();
        int steps = 250;
        double first = 0;
        double last = 0;
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                adam.zeroGrad();
                Tensor loss = rfm.loss(field, target.sample(data, 128).points(DataType.FLOAT), rng);
                loss.backward();
                adam.step();
                if (step < 30) {
                    first += loss.item() / 30;
                }
                if (step >= steps - 30) {
                    last += loss.item() / 30;
                }
            }
        }
        assertTrue(last < first, "loss fell from " + first + " to " + last);
        INDArray test = target.sample(Rng.seeded(99), 200).points(DataType.FLOAT);
        double nll = -MeshLikelihood.builder(d.locator()).solve(new Rk4(), MeshLikelihoodTest.fixed(40))
                .build().evaluate(field, test).mean();
        double uniform = Math.log(mesh.totalArea());
        double[] trueLogp = HostArrays.toDoubles(target.logDensity(test, MeshLocator.of(mesh)).castTo(DataType.DOUBLE));
        double trueNll = 0;
        for (double lp : trueLogp) {
            trueNll -= lp / trueLogp.length;
        }
        assertTrue(nll < uniform - 0.4, "test NLL " + nll + " vs uniform " + uniform + " (true " + trueNll + ")");
        assertTrue(nll > trueNll - 0.2, "test NLL " + nll + " cannot beat the true density's " + trueNll
                + " by much on 200 points");
    }
}
