package io.github.flows4j.manifold.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Wall-clock budgets of the eigensolver on the benchmark meshes (timings are printed for docs/results). */
class EigenTimingTest {
    @Test
    void twoHundredEigenpairsOfTheSpotMeshInSeconds() {
        TriangleMesh spot = ObjReader.readResource("/datasets/mesh/spot.obj");
        assertEquals(2930, spot.vertexCount());
        long t0 = System.nanoTime();
        CotangentLaplacian lap = CotangentLaplacian.of(spot);
        Eigenpairs eig = lap.eigenpairs(201, EigenOptions.defaults());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("spot (%d vertices): 201 eigenpairs in %.2f s, λ_200 = %.4g%n", spot.vertexCount(), seconds,
                eig.value(200));
        assertEquals(0, eig.value(0), 1e-8);
        for (int i = 1; i < 201; i++) {
            assertTrue(eig.value(i) >= eig.value(i - 1));
        }
        assertTrue(seconds < 60, "201 eigenpairs took " + seconds + " s");
    }

    @Test
    @Tag("slow")
    void hundredEigenpairsOfTheThriceSubdividedMeshes() {
        for (String name : new String[] {"bunny", "spot"}) {
            TriangleMesh mesh = ObjReader.readResource("/datasets/mesh/" + name + ".obj");
            long t0 = System.nanoTime();
            TriangleMesh fine = mesh.subdivide().subdivide().subdivide();
            CotangentLaplacian lap = CotangentLaplacian.of(fine);
            long t1 = System.nanoTime();
            Eigenpairs eig = lap.eigenpairs(101, EigenOptions.defaults());
            long t2 = System.nanoTime();
            System.out.printf("%s x3 (%d vertices): subdivide + assemble %.2f s, 101 eigenpairs %.2f s%n", name,
                    fine.vertexCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            assertEquals(0, eig.value(0), 1e-7);
        }
    }
}
