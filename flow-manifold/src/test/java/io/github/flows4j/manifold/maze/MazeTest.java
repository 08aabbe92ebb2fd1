package io.github.flows4j.manifold.maze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.CotangentLaplacian;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Seeded perfect mazes, their meshes with walls as boundary, and wall-aware spectral distances. */
class MazeTest {
    @Test
    void generatedMazesArePerfectAndSeeded() {
        Maze maze = Maze.generate(6, 5, Rng.seeded(7));
        assertEquals(maze.toString(), Maze.generate(6, 5, Rng.seeded(7)).toString());
        int open = 0;
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 6; i++) {
                open += maze.wallEast(i, j) ? 0 : 1;
                open += maze.wallNorth(i, j) ? 0 : 1;
                assertTrue(maze.pathLength(0, 0, i, j) >= 0, "cell reachable");
            }
        }
        assertEquals(6 * 5 - 1, open, "a spanning tree: cells − 1 passages");
        assertTrue(maze.wallEast(5, 2) && maze.wallNorth(3, 4), "outer walls");
        assertThrows(InvalidConfigException.class, () -> Maze.generate(0, 3, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> maze.pathLength(0, 0, 6, 0));
    }

    @Test
    void segmentsThroughWallsAreDetected() {
        Maze maze = Maze.generate(5, 5, Rng.seeded(8));
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i + 1 < 5; i++) {
                assertEquals(maze.wallEast(i, j), maze.crossesWall(i + 0.5, j + 0.5, i + 1.5, j + 0.5),
                        "east of " + i + ", " + j);
            }
        }
        assertTrue(maze.crossesWall(0.5, 0.5, -0.5, 0.5), "leaving the domain crosses the outer wall");
        assertFalse(maze.crossesWall(0.2, 0.2, 0.8, 0.7), "inside one cell");
        assertEquals(0, maze.wallCrossings(new double[] {0.5, 0.5, 0.6, 0.5, 0.7, 0.6}));
        assertTrue(Maze.segmentsMeet(0, 0, 2, 2, 0, 2, 2, 0));
        assertTrue(Maze.segmentsMeet(0, 0, 1, 1, 1, 1, 2, 0), "touching counts");
        assertFalse(Maze.segmentsMeet(0, 0, 1, 0, 0, 1, 1, 1));
    }

    @Test
    void meshHasWallsAsBoundaryAndIsConnected() {
        Maze maze = Maze.generate(4, 3, Rng.seeded(9));
        int r = 3;
        TriangleMesh mesh = maze.toMesh(r, 0.25);
        assertEquals(2 * r * r * 12, mesh.faceCount());
        assertEquals(1.0 * 0.75, mesh.totalArea(), 1e-12);
        // boundary length: outer walls once, inner walls on both sides
        double inner = maze.wallSegments().length / 4.0 - 2 * (4 + 3);
        assertEquals(r * (2 * (4 + 3) + 2 * inner), mesh.boundaryEdges().length / 2.0, 1e-9);
        Eigenpairs eig = CotangentLaplacian.of(mesh).eigenpairs(3, EigenOptions.defaults());
        assertEquals(0, eig.value(0), 1e-9);
        assertTrue(eig.value(1) > 1e-6, "connected: a single zero eigenvalue");
        assertThrows(InvalidConfigException.class, () -> maze.toMesh(0, 1));
    }

    @Test
    void spectralDistanceGoesAroundWalls() {
        Maze maze = Maze.generate(5, 5, Rng.seeded(11));
        TriangleMesh mesh = maze.toMesh(6, 1);
        SpectralDistance d = SpectralDistance.of(mesh, 60, SpectralWeight.biharmonic(), EigenOptions.defaults());
        // every pair of horizontally adjacent cells: the spectral distance between their centres should grow with the
        // length of the path through the maze, not with the (equal) straight-line distance
        int n = 0;
        double[] x = new double[3 * 20];
        double[] y = new double[3 * 20];
        int[] path = new int[20];
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i + 1 < 5; i++) {
                x[3 * n] = i + 0.5;
                x[3 * n + 1] = j + 0.5;
                y[3 * n] = i + 1.5;
                y[3 * n + 1] = j + 0.5;
                path[n++] = maze.pathLength(i, j, i + 1, j);
            }
        }
        INDArray xa = HostArrays.fromDoubles(x, DataType.DOUBLE, 20, 3);
        INDArray ya = HostArrays.fromDoubles(y, DataType.DOUBLE, 20, 3);
        double[] dist = HostArrays.toDoubles(d.dist(xa, ya));
        double open = 0;
        double walled = Double.POSITIVE_INFINITY;
        int longest = 0;
        for (int k = 0; k < 20; k++) {
            if (path[k] == 1) {
                open = Math.max(open, dist[k]);
            } else if (path[k] >= 5) {
                walled = Math.min(walled, dist[k]);
                longest++;
            }
        }
        assertTrue(longest > 0, "the maze has walled neighbours far apart along the path");
        assertTrue(walled > 2 * open, "walled neighbours " + walled + " vs open neighbours " + open);
    }
}
