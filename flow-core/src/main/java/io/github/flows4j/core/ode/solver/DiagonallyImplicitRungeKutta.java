package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The one generic diagonally implicit Runge–Kutta stepper (SDIRK / ESDIRK), driven by a {@link DirkTableau}: for
 * stiff problems, where an explicit method's step is bounded by stability rather than accuracy. Each implicit stage
 * {@code z_i = y0 + h Σ_{j<i} a_ij k_j + h a_ii f(t0 + c_i h, z_i)} is solved by simplified Newton iterations
 * ({@link Newton}) with the Jacobian {@code J = ∂f/∂y(t0, y0)} taken once per step from the tape (exact) and
 * {@code I − h a_ii J} factored by LU; the stage derivative is {@code k_i = (z_i − r_i) / (h a_ii)} (Hairer &amp;
 * Wanner, <i>Solving ODEs II</i>, §IV.8), which keeps Newton residuals of stiff components out of the solution.
 * The embedded error estimate is filtered through {@code (I − hγJ)⁻¹} (Shampine's device, Hairer &amp; Wanner §IV.8
 * eq. 8.20) so stiff components do not force needless rejections.
 *
 * <p>A Newton iteration that diverges, stalls or meets a singular matrix gives a {@link Step#failure() failed step}:
 * the integrator rejects it and retries a smaller step, and reports
 * {@link io.github.flows4j.core.ode.Outcome#IMPLICIT_SOLVE_FAILED} if that does not help.
 *
 * <p>Gradients: with grad mode on, each converged stage is passed through three more simplified Newton steps recorded on
 * the tape with {@code (I − hγJ₀)⁻¹} held constant; their derivative converges geometrically to the
 * implicit-function-theorem derivative {@code (I − hγJ(z_i))⁻¹ ∂r_i/∂θ} (the frozen {@code J₀} is taken at the
 * step's start, so a single step would leave an {@code O(h‖J(z_i) − J₀‖)} relative error): backprop through the
 * solver costs three more field evaluations per stage and never differentiates through the iterations. The
 * continuous adjoint runs through these solvers unchanged (its augmented field is detached, so its Jacobian comes
 * from finite differences), but it re-solves {@code y} backward in time, which amplifies errors by about
 * {@code e^{|λ|T}} for a stiff mode {@code λ}: for stiff problems use backprop through the solver.
 *
 * <p>Cost per step: one Jacobian ({@code N} vector–Jacobian products for {@code N} unknowns), one {@code O(N³)}
 * factorisation per distinct diagonal entry, and one field evaluation per Newton iteration: for small systems.
 *
 * <pre>{@code
 * Solution s = Ode.solve(robertson, new Kvaerno5(), TimeSpan.of(0, 1e5), y0,
 *         SolveOptions.of(PIController.of(1e-6, 1e-10)));
 * }</pre>
 */
public class DiagonallyImplicitRungeKutta implements Solver {
    /**
     * Newton steps recorded on the tape per converged stage (grad mode on). Each contracts the derivative's error by
     * {@code ‖I − (I − hγJ₀)⁻¹(I − hγJ(z))‖ = O(h‖J(z) − J₀‖)}, the mismatch between the step's frozen Jacobian and
     * the one at the stage; one step left about 1e-2 relative error on a mildly stiff field, three leave ~1e-6.
     */
    static final int TAPE_STEPS = 3;
    private final String name;
    private final DirkTableau tableau;
    private final Newton newton;
    private final int s;
    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] e;

    /**
     * @param name    the method's name, for messages
     * @param tableau its coefficients
     * @param newton  the stage solver's settings
     */
    public DiagonallyImplicitRungeKutta(String name, DirkTableau tableau, Newton newton) {
        if (name == null || tableau == null || newton == null) {
            throw new IllegalArgumentException("name, tableau and newton must not be null");
        }
        this.name = name;
        this.tableau = tableau;
        this.newton = newton;
        this.s = tableau.stages();
        this.c = tableau.c();
        this.b = tableau.b();
        this.e = tableau.errorWeights();
        this.a = new double[s][];
        for (int i = 0; i < s; i++) {
            a[i] = tableau.row(i);
        }
    }

    /** @return the tableau */
    public final DirkTableau tableau() {
        return tableau;
    }

    /** @return the Newton settings */
    public final Newton newton() {
        return newton;
    }

    @Override
    public final int order() {
        return tableau.order();
    }

    @Override
    public final int errorOrder() {
        return tableau.errorOrder();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Step step(Term term, double t0, double t1, State y0, State f0) {
        double h = t1 - t0;
        boolean record = GradMode.isEnabled();
        double[] yv = Flat.values(y0);
        int n = yv.length;
        double[][] jac = Flat.jacobian(term, t0, y0, yv, newton.jacobian() == Newton.JacobianMode.AUTODIFF);
        Map<Double, DecompositionSolver> lus = new HashMap<>();
        State[] k = new State[s];
        double[][] kv = new double[s][];
        double[] z = null;
        State zState = null;
        DecompositionSolver last = null;
        double lastGamma = 0;
        State start = f0;
        for (int i = 0; i < s; i++) {
            double gamma = a[i][i];
            double ti = c[i] == 1.0 ? t1 : t0 + c[i] * h;
            if (gamma == 0) {
                if (i != 0) {
                    throw new IllegalStateException(name + ": only the first stage may be explicit");
                }
                k[0] = f0 != null ? f0 : term.vectorField(t0, y0);
                start = k[0];
                kv[0] = Flat.values(k[0]);
                z = yv;
                zState = y0;
                continue;
            }
            double[] r = yv.clone();
            for (int j = 0; j < i; j++) {
                double w = h * a[i][j];
                if (w != 0) {
                    for (int q = 0; q < n; q++) {
                        r[q] += w * kv[j][q];
                    }
                }
            }
            double hg = h * gamma;
            DecompositionSolver lu = lus.get(gamma);
            if (lu == null) {
                RealMatrix m = new Array2DRowRealMatrix(n, n);
                for (int p = 0; p < n; p++) {
                    for (int q = 0; q < n; q++) {
                        m.setEntry(p, q, (p == q ? 1 : 0) - hg * jac[p][q]);
                    }
                }
                lu = new LUDecomposition(m).getSolver();
                if (!lu.isNonSingular()) {
                    return Step.failed(y0, name + ": I - h*gamma*J is singular at t = " + t0 + ", h = " + h);
                }
                lus.put(gamma, lu);
            }
            last = lu;
            lastGamma = gamma;
            // predictor: the previous stage's derivative carried over the diagonal
            z = r.clone();
            double[] guess = i > 0 ? kv[i - 1] : (f0 != null ? Flat.values(f0) : null);
            if (guess != null) {
                for (int q = 0; q < n; q++) {
                    z[q] += hg * guess[q];
                }
            }
            String failure = solveStage(term, ti, r, hg, z, lu, y0);
            if (failure != null) {
                return Step.failed(y0, name + ": stage " + i + " at t = " + ti + " (h = " + h + "): " + failure);
            }
            kv[i] = new double[n];
            for (int q = 0; q < n; q++) {
                kv[i][q] = (z[q] - r[q]) / hg;
            }
            if (record) {
                State rs = i == 0 ? y0 : y0.axpy(scaled(a[i], h, i), java.util.Arrays.copyOf(k, i));
                double[][] inv = inverse(lu, n);
                zState = Flat.state(z, y0);
                for (int m = 0; m < TAPE_STEPS; m++) {
                    State fz = term.vectorField(ti, zState);
                    State res = State.linear(new double[] {1, -1, -hg}, new State[] {zState, rs, fz});
                    zState = State.linear(new double[] {1, -1}, new State[] {zState, Flat.apply(inv, res)});
                }
                k[i] = State.linear(new double[] {1 / hg, -1 / hg}, new State[] {zState, rs});
            } else {
                zState = Flat.state(z, y0);
                k[i] = Flat.state(kv[i], y0);
            }
        }
        boolean stiff = tableau.stifflyAccurate();
        State y1 = stiff ? zState : y0.axpy(scaled(b, h, s), k);
        ErrorEstimate error = null;
        if (e != null) {
            double[] err = new double[n];
            for (int j = 0; j < s; j++) {
                for (int q = 0; q < n; q++) {
                    err[q] += h * e[j] * kv[j][q];
                }
            }
            if (last != null && lastGamma > 0) {
                err = last.solve(new ArrayRealVector(err, false)).toArray();
            }
            error = new ErrorEstimate(Flat.state(err, y0), null);
        }
        State f1 = stiff ? k[s - 1] : null;
        State fStart = start != null ? start : term.vectorField(t0, y0);
        return new Step(y1, error, f1, new HermiteInterpolant(term, t0, t1, y0, fStart, y1, f1));
    }

    /** Runs the simplified Newton iteration in place on {@code z}; returns why it failed, or {@code null}. */
    private String solveStage(Term term, double ti, double[] r, double hg, double[] z, DecompositionSolver lu,
            State like) {
        int n = z.length;
        double previous = Double.NaN;
        for (int it = 1; it <= newton.maxIterations(); it++) {
            double[] fz = Flat.field(term, ti, z, like);
            double[] res = new double[n];
            for (int q = 0; q < n; q++) {
                res[q] = z[q] - r[q] - hg * fz[q];
            }
            double[] dz = lu.solve(new ArrayRealVector(res, false)).toArray();
            double sum = 0;
            for (int q = 0; q < n; q++) {
                z[q] -= dz[q];
                double sc = newton.atol() + newton.rtol() * Math.abs(z[q]);
                sum += (dz[q] / sc) * (dz[q] / sc);
            }
            double norm = Math.sqrt(sum / Math.max(n, 1));
            if (!Double.isFinite(norm)) {
                return "the Newton iterate became NaN or infinite after " + it + " iterations";
            }
            if (norm <= 1) {
                return null;
            }
            if (it > 1 && norm >= previous) {
                return "the Newton iteration diverged (scaled increment " + previous + " -> " + norm
                        + " at iteration " + it + ")";
            }
            previous = norm;
        }
        return "the Newton iteration did not converge in " + newton.maxIterations() + " iterations";
    }

    private static double[][] inverse(DecompositionSolver lu, int n) {
        return lu.getInverse().getData();
    }

    private static double[] scaled(double[] w, double h, int count) {
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            out[j] = w[j] * h;
        }
        return out;
    }

    @Override
    public String toString() {
        return name + "(order " + order() + (errorOrder() > 0 ? ", error order " + errorOrder() : "")
                + ", implicit)";
    }
}
