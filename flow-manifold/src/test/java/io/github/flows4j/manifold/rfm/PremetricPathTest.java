package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.MeshShapes;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The simulated premetric path on a mesh shrinks the spectral distance as κ(t) and stays on the surface. */
class PremetricPathTest {
    @Test
    void simulatedPathShrinksThePremetricAsKappaAndStaysOnTheMesh() {
        TriangleMesh mesh = MeshShapes.icosphere(3);
        SpectralDistance d = SpectralDistance.of(mesh, 30, SpectralWeight.biharmonic(), EigenOptions.defaults());
        Rng rng = Rng.seeded(3);
        FaceDistribution uniform = FaceDistribution.uniform(mesh);
        int n = 24;
        INDArray x0 = uniform.sample(rng, n).points(DataType.DOUBLE);
        INDArray x1 = uniform.sample(rng, n).points(DataType.DOUBLE);
        INDArray t = rng.uniform(0.1, 0.9, DataType.DOUBLE, n, 1);
        PremetricPath path = new PremetricPath(d, KappaScheduler.linear(), new Euler(), 200);
        PathSample s = path.sample(x0, x1, t);
        double[] d0 = HostArrays.toDoubles(d.dist(x0, x1));
        double[] dt = HostArrays.toDoubles(d.dist(s.xt(), x1));
        double[] tt = HostArrays.toDoubles(t);
        for (int i = 0; i < n; i++) {
            assertEquals((1 - tt[i]) * d0[i], dt[i], 0.03 * d0[i], "row " + i + ": d(x_t, x1) vs κ(t) d(x0, x1)");
        }
        INDArray onMesh = d.locator().project(s.xt());
        assertTrue(Transforms.abs(onMesh.sub(s.xt())).maxNumber().doubleValue() < 1e-10, "x_t on the mesh");
        INDArray tangent = d.locator().projectTangent(s.xt(), s.dxt());
        assertTrue(Transforms.abs(tangent.sub(s.dxt())).maxNumber().doubleValue() < 1e-8, "u_t in x_t's face plane");
        // d/dt d(x_t, x1) = −d(x₀, x₁) for κ = 1 − t: ⟨∇d, u_t⟩ = (d log κ/dt) d(x_t, x1)
        double[] g = HostArrays.toDoubles(d.gradient(s.xt(), x1));
        double[] u = HostArrays.toDoubles(s.dxt());
        for (int i = 0; i < n; i++) {
            double rate = g[3 * i] * u[3 * i] + g[3 * i + 1] * u[3 * i + 1] + g[3 * i + 2] * u[3 * i + 2];
            assertEquals(-dt[i] / (1 - tt[i]), rate, 1e-8 * (1 + Math.abs(rate)), "row " + i);
        }
    }

    @Test
    void badInputIsRejected() {
        TriangleMesh mesh = MeshShapes.icosphere(1);
        SpectralDistance d = SpectralDistance.of(mesh, 5, SpectralWeight.biharmonic(), EigenOptions.defaults());
        PremetricPath path = new PremetricPath(d, KappaScheduler.linear(), new Euler(), 4);
        INDArray x = FaceDistribution.uniform(mesh).sample(Rng.seeded(1), 4).points(DataType.DOUBLE);
        assertThrows(InvalidConfigException.class, () -> path.sample(x, x, Nd4j.ones(DataType.DOUBLE, 4, 1)));
        assertThrows(ShapeMismatchException.class, () -> path.sample(x, Nd4j.zeros(DataType.DOUBLE, 4, 2),
                Nd4j.zeros(DataType.DOUBLE, 4, 1)));
        assertThrows(InvalidConfigException.class, () -> new PremetricPath(d, KappaScheduler.linear(), new Euler(), 0));
    }
}
