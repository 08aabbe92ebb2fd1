package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).build()
                .sample(model, rng.normal(DataType.FLOAT, n, 2), null);
        Plots.scatter(out, "flow samples (n=" + n + ")", s.x1());
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
                .build().evaluate(model, grid).logProb());
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
        double[] grid = new double[21];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i / 20.0;
        }
        Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).grid(grid).trajectory(true).build()
                .sample(model, rng.normal(DataType.FLOAT, n, 2), null);
        double[][] xs = new double[n][grid.length];
        double[][] ys = new double[n][grid.length];
        for (int k = 0; k < grid.length; k++) {
            double[] v = HostArrays.toDoubles(s.trajectory().get(k));
            for (int i = 0; i < n; i++) {
                xs[i][k] = v[2 * i];
                ys[i][k] = v[2 * i + 1];
            }
        }
        List<Plots.Series> series = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            series.add(new Plots.Series("path " + i, xs[i], ys[i]));
        }
        Plots.lines(out, "trajectories from noise (t=0) to data (t=1)", "x1", "x2", series);
    }
}
