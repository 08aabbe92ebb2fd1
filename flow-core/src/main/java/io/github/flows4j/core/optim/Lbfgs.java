package io.github.flows4j.core.optim;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Limited-memory BFGS with a strong-Wolfe line search, minimising a batch of independent problems at once
 * (Nocedal and Wright, Numerical Optimization, 2nd ed.: Algorithm 7.5 with the two-loop recursion of
 * Algorithm 7.4 and the line search of Algorithms 3.5–3.6). Each row of the batch is its own problem with its own
 * curvature history, step length and stopping test; the objective is called once per round for all rows still
 * running, so a network-backed objective does one batched pass per round.
 *
 * <p>Per problem: the direction is p = −H g with H the L-BFGS inverse-Hessian approximation built from the last m
 * pairs s = x₊ − x, y = g₊ − g (initial scaling γ = sᵀy / yᵀy); a pair is kept only if sᵀy &gt; 0. The first trial
 * step is min(1, 1/‖g‖₁) while no pair is stored (the first iteration, or after a restart) and 1 afterwards.
 * A problem stops when max |g_i| &le; gradientTolerance ({@link LbfgsOutcome#CONVERGED}), when both the step
 * and the decrease fall below changeTolerance ({@link LbfgsOutcome#STALLED}), at maxIterations, or when its line
 * search finds no decrease.
 * All arithmetic is float64.
 *
 * <pre>{@code
 * // invert the gradient map of a strictly convex F: x = argmin F(x) − ⟨x, y⟩
 * Lbfgs lbfgs = new Lbfgs(LbfgsConfig.builder().gradientTolerance(1e-10).build());
 * LbfgsResult r = lbfgs.minimize((x, rows) -> evaluateFMinusXy(x, rows), y);
 * INDArray x = r.x();                                     // [batch, d]
 * }</pre>
 */
public final class Lbfgs {
    private final LbfgsConfig config;

    /**
     * @param config the settings
     * @throws InvalidConfigException if config is null
     */
    public Lbfgs(LbfgsConfig config) {
        if (config == null) {
            throw InvalidConfigException.of("config", "non-null", null);
        }
        this.config = config;
    }

    /** @return the settings */
    public LbfgsConfig config() {
        return config;
    }

    /** One problem's state. */
    private static final class Problem {
        final int index;
        double[] x;
        double f;
        double[] g;
        final double[][] s;
        final double[][] y;
        final double[] rho;
        int count;
        int head;
        int iterations;
        double[] direction;
        StrongWolfeSearch search;
        LbfgsOutcome outcome;

        Problem(int index, int d, int m) {
            this.index = index;
            this.s = new double[m][d];
            this.y = new double[m][d];
            this.rho = new double[m];
        }
    }

    /**
     * Minimises every problem of the batch from its starting row.
     *
     * @param objective the batched objective
     * @param x0        starting points, [batch, d], any float type (not modified)
     * @return the final points and how each problem ended
     * @throws ShapeMismatchException if x0 is not a matrix, or the objective returns the wrong shapes
     * @throws io.github.flows4j.core.NonFiniteException if x0 holds NaN or infinity
     */
    public LbfgsResult minimize(BatchedObjective objective, INDArray x0) {
        if (objective == null) {
            throw InvalidConfigException.of("objective", "non-null", null);
        }
        Checks.matrix("x0", x0);
        Checks.finite("x0", x0);
        int n = (int) x0.size(0);
        int d = (int) x0.size(1);
        int m = config.historySize();
        double[] flat = HostArrays.toDoubles(x0);
        Problem[] problems = new Problem[n];
        for (int b = 0; b < n; b++) {
            Problem p = new Problem(b, d, m);
            p.x = new double[d];
            System.arraycopy(flat, b * d, p.x, 0, d);
            problems[b] = p;
        }
        int evaluations = 0;
        List<Problem> all = List.of(problems);
        double[][] start = evaluate(objective, all, null, d);
        evaluations++;
        unpack(start, all, d, (p, f, g) -> {
            p.f = f;
            p.g = g;
            if (!Double.isFinite(f) || !finite(g)) {
                p.outcome = LbfgsOutcome.NON_FINITE;
            } else if (maxAbs(g) <= config.gradientTolerance()) {
                p.outcome = LbfgsOutcome.CONVERGED;
            }
        });
        while (true) {
            List<Problem> running = new ArrayList<>();
            for (Problem p : problems) {
                if (p.outcome != null) {
                    continue;
                }
                if (p.search == null) {
                    if (p.iterations >= config.maxIterations()) {
                        p.outcome = LbfgsOutcome.MAX_ITERATIONS;
                        continue;
                    }
                    startSearch(p);
                }
                running.add(p);
            }
            if (running.isEmpty()) {
                break;
            }
            double[][] trial = new double[running.size()][];
            for (int i = 0; i < trial.length; i++) {
                Problem p = running.get(i);
                double t = p.search.trial();
                double[] xt = new double[d];
                for (int j = 0; j < d; j++) {
                    xt[j] = p.x[j] + t * p.direction[j];
                }
                trial[i] = xt;
            }
            double[][] out = evaluate(objective, running, trial, d);
            evaluations++;
            unpack(out, running, d, (p, f, g) -> {
                p.search.observe(f, g, dot(g, p.direction));
                if (p.search.isDone()) {
                    finishStep(p);
                }
            });
        }
        double[] xs = new double[n * d];
        double[] values = new double[n];
        double[] gnorm = new double[n];
        int[] iters = new int[n];
        LbfgsOutcome[] outcomes = new LbfgsOutcome[n];
        for (Problem p : problems) {
            System.arraycopy(p.x, 0, xs, p.index * d, d);
            values[p.index] = p.f;
            gnorm[p.index] = maxAbs(p.g);
            iters[p.index] = p.iterations;
            outcomes[p.index] = p.outcome;
        }
        return new LbfgsResult(HostArrays.fromDoubles(xs, DataType.DOUBLE, n, d), values, gnorm, iters, outcomes,
                evaluations);
    }

    private void startSearch(Problem p) {
        double[] dir = twoLoop(p);
        double slope = dot(p.g, dir);
        if (!(slope < 0)) {
            // not a descent direction (round-off in the history): restart from steepest descent
            p.count = 0;
            dir = negate(p.g);
            slope = dot(p.g, dir);
        }
        double t0 = p.count == 0 ? Math.min(1.0, 1.0 / l1(p.g)) : 1.0;
        p.direction = dir;
        p.search = new StrongWolfeSearch(p.f, slope, p.g, t0, config.c1(), config.c2(), config.valueTolerance(),
                config.maxLineSearchEvaluations());
    }

    private void finishStep(Problem p) {
        StrongWolfeSearch.Point a = p.search.accepted();
        p.search = null;
        if (a == null) {
            p.outcome = LbfgsOutcome.LINE_SEARCH_FAILED;
            return;
        }
        int d = p.x.length;
        double[] s = new double[d];
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            s[j] = a.t() * p.direction[j];
            y[j] = a.gradient()[j] - p.g[j];
        }
        double sy = dot(s, y);
        if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y)) && sy > 0) {
            int m = p.s.length;
            int slot = p.count < m ? (p.head + p.count) % m : p.head;
            p.s[slot] = s;
            p.y[slot] = y;
            p.rho[slot] = 1.0 / sy;
            if (p.count < m) {
                p.count++;
            } else {
                p.head = (p.head + 1) % m;
            }
        }
        double fOld = p.f;
        double xScale = 0;
        for (int j = 0; j < d; j++) {
            p.x[j] += s[j];
            xScale = Math.max(xScale, Math.abs(p.x[j]));
        }
        p.f = a.f();
        p.g = a.gradient();
        p.iterations++;
        double tol = config.changeTolerance();
        if (maxAbs(p.g) <= config.gradientTolerance()) {
            p.outcome = LbfgsOutcome.CONVERGED;
        } else if (maxAbs(s) <= tol * (1 + xScale) && Math.abs(fOld - p.f) <= tol * (1 + Math.abs(p.f))) {
            p.outcome = LbfgsOutcome.STALLED;
        }
    }

    /** p = −H g by the two-loop recursion over the stored pairs, oldest at {@code head}. */
    private static double[] twoLoop(Problem p) {
        double[] q = p.g.clone();
        int m = p.s.length;
        double[] alpha = new double[m];
        for (int k = p.count - 1; k >= 0; k--) {
            int i = (p.head + k) % m;
            alpha[i] = p.rho[i] * dot(p.s[i], q);
            axpy(-alpha[i], p.y[i], q);
        }
        if (p.count > 0) {
            int newest = (p.head + p.count - 1) % m;
            double gamma = dot(p.s[newest], p.y[newest]) / dot(p.y[newest], p.y[newest]);
            for (int j = 0; j < q.length; j++) {
                q[j] *= gamma;
            }
        }
        for (int k = 0; k < p.count; k++) {
            int i = (p.head + k) % m;
            double beta = p.rho[i] * dot(p.y[i], q);
            axpy(alpha[i] - beta, p.s[i], q);
        }
        return negate(q);
    }

    /** Receives one problem's value and gradient. */
    private interface Sink {
        void accept(Problem p, double f, double[] g);
    }

    /** Calls the objective on the problems' points ({@code points} null: their current x); returns {values, grads}. */
    private static double[][] evaluate(BatchedObjective objective, List<Problem> problems, double[][] points,
            int d) {
        int k = problems.size();
        double[] flat = new double[k * d];
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            Problem p = problems.get(i);
            System.arraycopy(points == null ? p.x : points[i], 0, flat, i * d, d);
            rows[i] = p.index;
        }
        INDArray x = HostArrays.fromDoubles(flat, DataType.DOUBLE, k, d);
        BatchedObjective.Evaluation e = null;
        try {
            e = objective.evaluate(x, rows);
            if (e == null) {
                throw new IllegalStateException("the objective returned null");
            }
            if (e.gradients().size(0) != k || e.gradients().size(1) != d) {
                throw ShapeMismatchException.of("objective gradients", "[" + k + ", " + d + "]",
                        e.gradients().shape());
            }
            return new double[][] {HostArrays.toDoubles(e.values()), HostArrays.toDoubles(e.gradients())};
        } finally {
            // released now rather than by the garbage collector: a long minimisation makes thousands of these
            release(x);
            if (e != null) {
                release(e.values(), x);
                release(e.gradients(), x, e.values());
            }
        }
    }

    /** Closes {@code a} unless it is one of {@code released} (already closed) or a view it cannot close. */
    private static void release(INDArray a, INDArray... released) {
        for (INDArray r : released) {
            if (a == r) {
                return;
            }
        }
        if (a.closeable()) {
            a.close();
        }
    }

    private static void unpack(double[][] out, List<Problem> problems, int d, Sink sink) {
        for (int i = 0; i < problems.size(); i++) {
            double[] g = new double[d];
            System.arraycopy(out[1], i * d, g, 0, d);
            sink.accept(problems.get(i), out[0][i], g);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = -a[i];
        }
        return r;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        return m;
    }

    private static double l1(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
