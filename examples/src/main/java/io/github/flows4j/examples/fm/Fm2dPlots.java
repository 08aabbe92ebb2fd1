package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Plots;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three pictures of a 2-D flow: samples beside data, the learned density on a grid (exact likelihoods), and
 * sample trajectories from noise to data.
 *
 * <pre>{@code
 * SolveSettings solve = run.evaluation();                    // dopri5 at --tol
 * Fm2dPlots.samples(out.resolve("samples.png"), model, 4000, rng, solve);
 * Fm2dPlots.density(out.resolve("density.png"), model, 4.5, 60, solve);
 * Fm2dPlots.trajectories(out.resolve("trajectories.png"), model, rng, 60, solve);
 * }</pre>
 */
public final class Fm2dPlots {
    private Fm2dPlots() {
    }

    /**
     * @param out   the PNG
     * @param model the flow
     * @param n     how many samples
     * @param rng   draws the noise
     * @param solve the solver and options of the sampling solve
     * @throws IOException if the file cannot be written
     */
    public static void samples(Path out, VelocityField model, int n, Rng rng, SolveSettings solve)
            throws IOException {
        samples(out, model, rng.normal(DataType.FLOAT, n, 2), solve);
    }

    /**
     * @param out   the PNG
     * @param model the flow
     * @param x0    the source points, [n, 2]
     * @param solve the solver and options of the sampling solve
     * @throws IOException if the file cannot be written
     */
    public static void samples(Path out, VelocityField model, INDArray x0, SolveSettings solve) throws IOException {
        Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).build().sample(model, x0, null);
        Plots.scatter(out, "flow samples (n=" + x0.size(0) + ")", s.x1());
    }

    /**
     * Writes the four PNGs of a run into a folder: data.png, samples.png, density.png and trajectories.png (the
     * density only where the run's source has a closed-form log-density; samples and trajectories start from it).
     *
     * @param out the folder
     * @param toy the data set
     * @param run the trained (or loaded) run
     * @throws IOException if a file cannot be written
     */
    public static void all(Path out, Toy2d toy, Fm2dRun run) throws IOException {
        Rng rng = run.plotStream();
        Plots.scatter(out.resolve("data.png"), toy.id() + " data", toy.sample(4000, rng, DataType.DOUBLE));
        samples(out.resolve("samples.png"), run.model(), run.drawSource(4000, rng), run.evaluation());
        Fm2dSource source = run.config().source();
        if (source.density().isPresent()) {
            density(out.resolve("density.png"), run.model(), 4.5, 60, run.evaluation(),
                    source.isGaussian() ? null : source.density().get());
        }
        trajectories(out.resolve("trajectories.png"), run.model(), run.drawSource(60, rng), run.evaluation());
    }

    /**
     * @param out    the PNG
     * @param model  the flow
     * @param extent the grid covers [−extent, extent]²
     * @param cells  grid cells per side
     * @param solve  the solver and options of the likelihood solve
     * @throws IOException if the file cannot be written
     */
    public static void density(Path out, VelocityField model, double extent, int cells, SolveSettings solve)
            throws IOException {
        density(out, model, extent, cells, solve, null);
    }

    /**
     * @param out    the PNG
     * @param model  the flow
     * @param extent the grid covers [−extent, extent]²
     * @param cells  grid cells per side
     * @param solve  the solver and options of the likelihood solve
     * @param source the source distribution; null for N(0, I)
     * @throws IOException if the file cannot be written
     */
    public static void density(Path out, VelocityField model, double extent, int cells, SolveSettings solve,
            Distribution source) throws IOException {
        double[] axis = new double[cells];
        for (int i = 0; i < cells; i++) {
            axis[i] = -extent + (i + 0.5) * 2 * extent / cells;
        }
        double[] pts = new double[cells * cells * 2];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                pts[2 * (i * cells + j)] = axis[j];
                pts[2 * (i * cells + j) + 1] = axis[i];
            }
        }
        INDArray grid = HostArrays.fromDoubles(pts, DataType.FLOAT, (long) cells * cells, 2);
        double[] logp = HostArrays.toDoubles(CnfLikelihood.builder().solve(solve.solver(), solve.options())
                .source(source).build().evaluate(model, grid).logProb());
        double[][] values = new double[cells][cells];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                values[i][j] = Math.exp(logp[i * cells + j]);
            }
        }
        Plots.heatMap(out, "learned density", axis, axis, values);
    }

    /**
     * @param out   the PNG
     * @param model the flow
     * @param rng   draws the starting noise
     * @param n     how many trajectories
     * @param solve the solver and options of the sampling solve
     * @throws IOException if the file cannot be written
     */
    public static void trajectories(Path out, VelocityField model, Rng rng, int n, SolveSettings solve)
            throws IOException {
        trajectories(out, model, rng.normal(DataType.FLOAT, n, 2), solve);
    }

    /**
     * @param out   the PNG
     * @param model the flow
     * @param x0    the starting points, [n, 2]
     * @param solve the solver and options of the sampling solve
     * @throws IOException if the file cannot be written
     */
    public static void trajectories(Path out, VelocityField model, INDArray x0, SolveSettings solve)
            throws IOException {
        int n = (int) x0.size(0);
        double[] grid = new double[21];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i / 20.0;
        }
        Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).grid(grid).trajectory(true).build()
                .sample(model, x0, null);
        double[][] xs = new double[n][grid.length];
        double[][] ys = new double[n][grid.length];
        for (int k = 0; k < grid.length; k++) {
            double[] v = HostArrays.toDoubles(s.trajectory().get(k));
            for (int i = 0; i < n; i++) {
                xs[i][k] = v[2 * i];
                ys[i][k] = v[2 * i + 1];
            }
        }
        Plots.trajectories(out, "trajectories from the source (t = 0) to data (t = 1)", xs, ys);
    }
}
