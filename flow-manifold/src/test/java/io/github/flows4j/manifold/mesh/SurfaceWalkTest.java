package io.github.flows4j.manifold.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Walking along a mesh: straight on a flat mesh, sliding along its boundary, on the surface of a curved one. */
class SurfaceWalkTest {
    @Test
    void flatMeshWalkIsTheStraightStepAndSlidesAlongTheBoundary() {
        SurfaceWalk walk = SurfaceWalk.of(MeshLocator.of(MeshShapes.grid(5, 5, 1, 1)));
        SurfacePoint p = walk.locator().closestPoint(0.1, 0.2, 0);
        assertArrayEquals(new double[] {0.8, 0.55, 0}, walk.walk(p, new double[] {0.7, 0.35, 0.3}), 1e-12,
                "across several faces, normal part dropped");
        double[] slid = walk.walk(p, new double[] {1.5, 0.3, 0});
        assertEquals(1.0, slid[0], 1e-5, "stopped at the boundary x = 1");
        assertTrue(slid[0] < 1, "a hair inside");
        assertEquals(0.5, slid[1], 1e-12, "kept the motion along the boundary");
    }

    @Test
    void walksStayOnACurvedSurface() {
        TriangleMesh sphere = MeshShapes.icosphere(2);
        MeshLocator loc = MeshLocator.of(sphere);
        SurfaceWalk walk = SurfaceWalk.of(loc);
        Rng rng = Rng.seeded(3);
        INDArray x = FaceDistribution.uniform(sphere).sample(rng, 50).points(DataType.DOUBLE);
        INDArray y = walk.walk(x, x.add(rng.normal(DataType.DOUBLE, 50, 3).mul(0.3)));
        SurfacePoint[] s = loc.locate(y);
        double[] moved = HostArrays.toDoubles(y.sub(x));
        double total = 0;
        for (int i = 0; i < s.length; i++) {
            assertTrue(s[i].distance() < 1e-12, "row " + i + " off the surface by " + s[i].distance());
            total += Math.abs(moved[3 * i]) + Math.abs(moved[3 * i + 1]) + Math.abs(moved[3 * i + 2]);
        }
        assertTrue(total > 1, "points moved");
    }
}
