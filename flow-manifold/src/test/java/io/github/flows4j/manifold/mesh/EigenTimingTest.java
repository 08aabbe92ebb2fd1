package io.github.flows4j.manifold.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Budgets of the eigensolver on the benchmark meshes. Wall-clock and thread CPU times are printed (the CPU time is
 * the fairer figure on a shared machine); the assertion allows for a loaded machine.
 */
class EigenTimingTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static double cpu() {
        return THREADS.getCurrentThreadCpuTime() / 1e9;
    }

    @Test
    void twoHundredEigenpairsOfTheSpotMeshAreSortedFromZero() {
        TriangleMesh spot = ObjReader.readResource("/datasets/mesh/spot.obj");
        assertEquals(2930, spot.vertexCount());
        long t0 = System.nanoTime();
        double c0 = cpu();
        CotangentLaplacian lap = CotangentLaplacian.of(spot);
        Eigenpairs eig = lap.eigenpairs(201, EigenOptions.defaults());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("spot (%d vertices): 201 eigenpairs in %.2f s wall, %.2f s CPU, λ_200 = %.4g%n",
                spot.vertexCount(), seconds, cpu() - c0, eig.value(200));
        assertEquals(0, eig.value(0), 1e-8);
        for (int i = 1; i < 201; i++) {
            assertTrue(eig.value(i) >= eig.value(i - 1));
        }
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
            double c1 = cpu();
            Eigenpairs eig = lap.eigenpairs(101, EigenOptions.defaults());
            long t2 = System.nanoTime();
            System.out.printf("%s x3 (%d vertices): subdivide + assemble %.2f s, 101 eigenpairs %.2f s wall, "
                    + "%.2f s CPU%n", name, fine.vertexCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, cpu() - c1);
            assertEquals(0, eig.value(0), 1e-7);
        }
    }
}
