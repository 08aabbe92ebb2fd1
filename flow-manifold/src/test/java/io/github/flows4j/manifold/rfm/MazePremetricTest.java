package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.maze.Maze;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Neumann spectral premetric of a maze mesh routes the conditional flow of RFM around walls: trajectories from
 * one corner cell to the opposite one, integrated with a {@link SurfaceWalkSolver}, never cross a wall (checked
 * segment by segment with {@link Maze#crossesWall}) and still arrive — the premetric's gradient leads around walls.
 */
class MazePremetricTest {
    @Test
    void conditionalFlowsGoAroundWallsAndArrive() {
        Maze maze = Maze.generate(3, 3, Rng.seeded(0));
        for (long seed = 1; maze.pathLength(0, 0, 2, 2) < 6; seed++) {     // a maze with a detour
            maze = Maze.generate(3, 3, Rng.seeded(seed));
        }
        TriangleMesh mesh = maze.toMesh(4, 1.0);
        SpectralDistance d = SpectralDistance.of(mesh, 40, SpectralWeight.biharmonic(), EigenOptions.defaults());
        Rng rng = Rng.seeded(5);
        int n = 32;
        INDArray x0 = FaceDistribution.of(mesh, maze.cellWeights(mesh, 1.0, 0, 0)).sample(rng, n)
                .points(DataType.DOUBLE);
        INDArray x1 = FaceDistribution.of(mesh, maze.cellWeights(mesh, 1.0, 2, 2)).sample(rng, n)
                .points(DataType.DOUBLE);
        PremetricPath path = new PremetricPath(d, KappaScheduler.linear(), new Euler(), 1);
        // walking along the mesh: a step cannot pass through a wall's slit, so arrival proves the detour
        List<INDArray> traj = path.trajectory(new SurfaceWalkSolver(new Euler(), SurfaceWalk.of(d.locator())), x0,
                x1, 0.999, 400);
        int crossing = crossings(maze, traj, n);
        assertEquals(0, crossing, "trajectories crossing a wall\n" + maze);
        double[] end = HostArrays.toDoubles(d.dist(traj.get(traj.size() - 1), x1));
        double[] start = HostArrays.toDoubles(d.dist(x0, x1));
        for (int i = 0; i < n; i++) {
            assertTrue(end[i] < 0.01 * start[i], "row " + i + " ends at premetric " + end[i] + " of " + start[i]);
        }
    }

    static int crossings(Maze maze, List<INDArray> traj, int n) {
        double[][] xs = new double[traj.size()][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = HostArrays.toDoubles(traj.get(k));
        }
        int crossing = 0;
        for (int i = 0; i < n; i++) {
            double[] poly = new double[2 * xs.length];
            for (int k = 0; k < xs.length; k++) {
                poly[2 * k] = xs[k][3 * i];
                poly[2 * k + 1] = xs[k][3 * i + 1];
            }
            if (maze.wallCrossings(poly) > 0) {
                crossing++;
            }
        }
        return crossing;
    }
}
