package io.github.flows4j.manifold.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.SurfacePoint;
import io.github.flows4j.manifold.mesh.SurfaceSample;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The mesh eigenfunction-density benchmark generator: reproducible samples that lie on faces of positive mass. */
class EigenfunctionDensityTest {
    private static void checkSamples(EigenfunctionDensity d, SurfaceSample s) {
        TriangleMesh mesh = d.mesh();
        double[] p = d.distribution().probabilities();
        double[] phi = d.eigenfunction();
        int[] f = mesh.faces();
        MeshLocator loc = MeshLocator.of(mesh);
        SurfacePoint[] back = loc.locate(s.points(DataType.DOUBLE));
        for (int i = 0; i < s.size(); i++) {
            int t = s.face(i);
            assertTrue(p[t] > 0, "sample " + i + " on a face of zero mass");
            assertTrue(phi[f[3 * t]] + phi[f[3 * t + 1]] + phi[f[3 * t + 2]] > 0);
            assertEquals(0, back[i].distance(), 1e-12, "sample " + i + " lies on the surface");
        }
        // probabilities are the clipped face averages, normalised
        double sum = 0;
        for (int t = 0; t < mesh.faceCount(); t++) {
            sum += Math.max(0, (phi[f[3 * t]] + phi[f[3 * t + 1]] + phi[f[3 * t + 2]]) / 3);
        }
        for (int t = 0; t < mesh.faceCount(); t += 97) {
            double w = Math.max(0, (phi[f[3 * t]] + phi[f[3 * t + 1]] + phi[f[3 * t + 2]]) / 3);
            assertEquals(w / sum, p[t], 1e-12);
        }
    }

    @Test
    void onceSubdividedBunnyTenIsReproducibleAndOnItsFaces() {
        TriangleMesh bunny = BenchmarkMesh.BUNNY.load();
        assertEquals(2502, bunny.vertexCount());
        EigenfunctionDensity d = EigenfunctionDensity.of(bunny, 10, true, 1, EigenOptions.defaults());
        assertEquals(4 * 5000, d.mesh().faceCount());
        SurfaceSample s = d.sample(Rng.seeded(0), 5000);
        checkSamples(d, s);
        assertArrayEquals(s.positions(), d.sample(Rng.seeded(0), 5000).positions(), "seed 0 replays");
        // the flip moves the mass to the complementary faces
        EigenfunctionDensity unflipped = EigenfunctionDensity.of(bunny, 10, false, 1, EigenOptions.defaults());
        double[] a = d.distribution().probabilities();
        double[] b = unflipped.distribution().probabilities();
        for (int t = 0; t < a.length; t++) {
            assertFalse(a[t] > 0 && b[t] > 0, "face " + t + " carries mass under both signs");
        }
        assertEquals(d.eigenvalue(), unflipped.eigenvalue(), 1e-9);
        assertTrue(EigenfunctionDensity.flipped(BenchmarkMesh.BUNNY, 10));
        assertTrue(EigenfunctionDensity.flipped(BenchmarkMesh.SPOT, 50));
        assertFalse(EigenfunctionDensity.flipped(BenchmarkMesh.SPOT, 10));
        assertThrows(InvalidConfigException.class, () -> EigenfunctionDensity.of(bunny, 0, false, 0,
                EigenOptions.defaults()));
        assertThrows(InvalidConfigException.class, () -> EigenfunctionDensity.of(bunny, 3, false, 9,
                EigenOptions.defaults()));
    }

    @Test
    @Tag("slow")
    void benchmarkDensitiesOnTheThriceSubdividedMeshes() {
        for (BenchmarkMesh m : BenchmarkMesh.values()) {
            for (int k : new int[] {10, 50, 100}) {
                long t0 = System.nanoTime();
                EigenfunctionDensity d = EigenfunctionDensity.benchmark(m, k);
                SurfaceSample s = d.benchmarkSamples();
                System.out.printf("%s k=%d: %d vertices, λ_k = %.4g, %.1f s%n", m, k, d.mesh().vertexCount(),
                        d.eigenvalue(), (System.nanoTime() - t0) / 1e9);
                assertEquals(EigenfunctionDensity.SAMPLES, s.size());
                checkSamples(d, d.sample(Rng.seeded(0), 2000));
                assertArrayEquals(java.util.Arrays.copyOf(s.positions(), 6000), d.sample(Rng.seeded(0), 2000)
                        .positions());
            }
        }
    }
}
