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
    void aWalkThatEndsOnAWallEndsAHairInsideOnItsOwnSide() {
        // maze seed 0, 4x4: a wall along x = 1 for y in [0, 3]; a step from the west side that ends exactly on it
        io.github.flows4j.manifold.maze.Maze maze = io.github.flows4j.manifold.maze.Maze.generate(4, 4,
                Rng.seeded(0));
        assertTrue(maze.crossesWall(0.9, 2.3, 1.1, 2.3), "the test needs a wall at x = 1 near y = 2.3");
        SurfaceWalk walk = SurfaceWalk.of(MeshLocator.of(maze.toMesh(4, 1.0)));
        INDArray from = HostArrays.fromDoubles(new double[] {0.9, 2.28, 0, 0.95, 2.3, 0}, DataType.FLOAT, 2, 3);
        INDArray to = HostArrays.fromDoubles(new double[] {1.0, 2.33, 0, 1.0, 2.3, 0}, DataType.FLOAT, 2, 3);
        double[] end = HostArrays.toDoubles(walk.walk(from, to));
        for (int i = 0; i < 2; i++) {
            assertTrue(end[3 * i] < 1, "row " + i + " ended on or past the wall: x = " + end[3 * i]);
            assertEquals(1.0, end[3 * i], 1e-4, "row " + i + " stopped at the wall");
            assertTrue(!maze.crossesWall(0.9, end[3 * i + 1], end[3 * i], end[3 * i + 1]), "row " + i);
        }
        // and the next step, from there back west, starts on the west side
        INDArray back = walk.walk(walk.walk(from, to), to.sub(0.05));
        assertTrue(HostArrays.toDoubles(back)[0] < 1);
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
