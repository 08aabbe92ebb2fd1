package io.github.flows4j.examples.rfm;

import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.manifold.maze.Maze;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import io.github.flows4j.manifold.rfm.MeshRfmLoss;
import io.github.flows4j.manifold.rfm.MeshTangentField;
import io.github.flows4j.manifold.rfm.PremetricPath;
import io.github.flows4j.manifold.rfm.ProjectedSolver;
import io.github.flows4j.manifold.rfm.SurfaceWalkSolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flows4j rfm-maze}: Riemannian Flow Matching in a maze (Chen and Lipman 2024, §5.2): a seeded perfect maze
 * triangulated with its walls as boundary slits, the Neumann spectral premetric of that mesh, the base distribution
 * uniform on the bottom-left cell and the target uniform on the top-right one. After training it samples
 * trajectories from the base, checks every step segment against every wall ({@code Maze.crossesWall}), and prints
 * the fraction of trajectories that cross a wall and the fraction that end in the target cell — for the trained
 * model and, as a reference, for the conditional premetric flows themselves — and draws the walls with the
 * trajectories.
 *
 * <pre>{@code
 * java -jar flows4j.jar rfm-maze --width 4 --height 4 --time-budget 120
 * java -jar flows4j.jar rfm-maze --relocation project      # closest-point projection instead of walking
 * }</pre>
 */
@Command(name = "rfm-maze", defaultValueProvider = RfmMazeCommand.Defaults.class,
        description = "Train Riemannian Flow Matching in a maze with the Neumann spectral "
        + "premetric; print the fraction of sampled trajectories that cross a wall and that reach the target cell.")
public final class RfmMazeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private TrainingOptions opts;

    @Mixin
    private PremetricOptions premetric;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--width", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Maze cells along x (default ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Maze cells along y (default ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--resolution", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Mesh squares per cell side (two triangles each) (default ${DEFAULT-VALUE}).")
    private int resolution;

    @Option(names = "--weight", defaultValue = "biharmonic", converter = RfmChoices.MazeWeights.class,
            completionCandidates = RfmChoices.MazeWeights.class,
            description = "Spectral premetric: biharmonic or commute (default ${DEFAULT-VALUE}).")
    private String weight;

    @Option(names = "--samples", defaultValue = "256", converter = Bounds.AtLeastOne.class,
            description = "Trajectories sampled and checked (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--sample-steps", defaultValue = "200", converter = Bounds.AtLeastOne.class,
            description = "Fixed RK4 steps of each sampled trajectory; every step is one checked segment "
                    + "(default ${DEFAULT-VALUE}).")
    private int sampleSteps;

    @Option(names = "--relocation", defaultValue = "walk", converter = RfmChoices.Relocations.class,
            completionCandidates = RfmChoices.Relocations.class,
            description = "How a step is put back on the mesh: walk (along the surface, sliding along walls) or "
                    + "project (closest point, which ignores the slits) (default ${DEFAULT-VALUE}).")
    private String relocation;

    @Option(names = "--no-plots", description = "Skip the PNG.")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        premetric.validate(spec);
        Maze maze;
        TriangleMesh mesh;
        RfmTraining training;
        // one root stream, split in this fixed order: maze, model init, training (data and noise), sample starts,
        // reference ends
        Rng root = Rng.seeded(opts.seed());
        Rng mazeStream = root.split();
        Rng init = root.split();
        Rng train = root.split();
        Rng starts = root.split();
        Rng ends = root.split();
        try {
            maze = Maze.generate(width, height, mazeStream);
            mesh = maze.toMesh(resolution, 1.0);
            training = RfmTraining.of(opts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = output.create();
        Eigenpairs eig = premetric.eigenpairs(mesh);
        SpectralDistance distance = SpectralDistance.of(mesh, eig, "commute".equals(weight)
                ? SpectralWeight.commuteTime() : SpectralWeight.biharmonic());
        FaceDistribution base = FaceDistribution.of(mesh, maze.cellWeights(mesh, 1.0, 0, 0));
        FaceDistribution target = FaceDistribution.of(mesh, maze.cellWeights(mesh, 1.0, width - 1, height - 1));
        MeshTangentField field = MeshTangentField.builder(distance.locator()).hidden(opts.hidden())
                .spectral(eig, premetric.spectralFeatures()).build(init);
        PremetricPath path = premetric.path(distance);
        MeshRfmLoss loss = new MeshRfmLoss(path, base, premetric.speedCap(distance));
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g),
                g -> target.sample(g, opts.batch()).points(DataType.FLOAT), train, "rfm-maze", progress.enabled(), null,
                checkpoints, out.resolve("rfm-maze.ckpt"));

        Solver solver = "walk".equals(relocation)
                ? new SurfaceWalkSolver(new Rk4(), SurfaceWalk.of(distance.locator()))
                : ProjectedSolver.onMesh(new Rk4(), distance.locator());
        double[] grid = new double[sampleSteps + 1];
        for (int i = 0; i <= sampleSteps; i++) {
            grid[i] = (double) i / sampleSteps;
        }
        INDArray x0 = base.sample(starts, samples).points(DataType.FLOAT);
        Samples s = FlowSampler.builder().solve(solver, SolveOptions.of(ConstantStepSize.steps(0, 1, sampleSteps)))
                .grid(grid).trajectory(true).build().sample(field, x0, null);
        Check model = check(maze, s.trajectory(), samples);
        // reference: the conditional premetric flows from the same starts to target draws, same relocation
        INDArray x1 = target.sample(ends, samples).points(DataType.FLOAT);
        Solver conditionalSolver = "walk".equals(relocation)
                ? new SurfaceWalkSolver(new Euler(), SurfaceWalk.of(distance.locator()))
                : ProjectedSolver.onMesh(new Euler(), distance.locator());
        Check conditional = check(maze, path.trajectory(conditionalSolver, x0.castTo(DataType.DOUBLE),
                x1.castTo(DataType.DOUBLE), 0.999, sampleSteps), samples);
        if (!noPlots) {
            int shown = Math.min(samples, 200);
            SurfaceFigures.maze(out.resolve("rfm-maze.png"), String.format(Locale.ROOT,
                    "RFM in a %dx%d maze (%s): %d of %d trajectories cross a wall, %d end in the target cell",
                    width, height, relocation, model.crossing, samples, model.arrived, samples), maze.wallSegments(),
                    model.paths.subList(0, shown), java.util.Arrays.copyOf(model.crosses, shown), width, height);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "rfm-maze size=%dx%d resolution=%d relocation=%s path_cells=%d steps=%d "
                + "train_s=%.1f train_loss=%.4f wall_crossing_fraction=%.4f (%d/%d) reached_target=%.4f "
                + "conditional_wall_crossing_fraction=%.4f conditional_reached_target=%.4f out=%s%n", width, height,
                resolution, relocation, maze.pathLength(0, 0, width - 1, height - 1), r.stepsDone(), r.trainSeconds(),
                r.lastLoss(), (double) model.crossing / samples, model.crossing, samples,
                (double) model.arrived / samples, (double) conditional.crossing / samples,
                (double) conditional.arrived / samples, out);
        stdout.flush();
        return 0;
    }

    /** Trajectories in maze units, which of them cross a wall, how many end in the target cell. */
    private record Check(List<double[]> paths, boolean[] crosses, int crossing, int arrived) {
    }

    private Check check(Maze maze, List<INDArray> trajectory, int n) {
        double[][] xs = new double[trajectory.size()][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = HostArrays.toDoubles(trajectory.get(k).castTo(DataType.DOUBLE));
        }
        List<double[]> paths = new ArrayList<>();
        boolean[] crosses = new boolean[n];
        int crossing = 0;
        int arrived = 0;
        for (int i = 0; i < n; i++) {
            double[] poly = new double[2 * xs.length];
            for (int k = 0; k < xs.length; k++) {
                poly[2 * k] = xs[k][3 * i];
                poly[2 * k + 1] = xs[k][3 * i + 1];
            }
            paths.add(poly);
            crosses[i] = maze.wallCrossings(poly) > 0;
            crossing += crosses[i] ? 1 : 0;
            double ex = poly[poly.length - 2];
            double ey = poly[poly.length - 1];
            if ((int) Math.floor(ex) == width - 1 && (int) Math.floor(ey) == height - 1) {
                arrived++;
            }
        }
        return new Check(paths, crosses, crossing, arrived);
    }

    /** This command's defaults where they differ from {@link TrainingOptions}' and {@link PremetricOptions}'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--modes", "60", "--path-steps", "40", "--out", "rfm-maze-out");
        }
    }
}
