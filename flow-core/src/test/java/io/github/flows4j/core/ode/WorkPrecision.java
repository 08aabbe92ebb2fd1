package io.github.flows4j.core.ode;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.AdamsBashforthMoulton;
import io.github.flows4j.core.ode.solver.Kvaerno3;
import io.github.flows4j.core.ode.solver.Kvaerno5;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Work–precision measurement: one adaptive solve of a problem with a known end state at {@code rtol} (and
 * {@code atol = rtol · 1e-3}), recording evaluations, steps, wall time and the relative error
 * {@code ‖y(t1) − ref‖∞ / ‖ref‖∞}. The same code path serves the short default test and the slow table.
 */
final class WorkPrecision {
    /** {@code atol = rtol · ATOL_FACTOR}, as in {@code ExplicitEconomyTest}. */
    static final double ATOL_FACTOR = 1e-3;

    private WorkPrecision() {
    }

    /**
     * @param name      the problem's name in the table
     * @param term      the vector field
     * @param y0        the initial state, {@code [1, dim]}
     * @param t1        the end time (the start is 0)
     * @param reference the end state: closed form, periodicity, or a tight run of independent codes
     */
    record Problem(String name, Term term, double[] y0, double t1, double[] reference) {
    }

    /**
     * One measurement.
     *
     * @param problem     the problem's name
     * @param method      the method's name
     * @param rtol        the relative tolerance
     * @param outcome     how the solve ended
     * @param evaluations vector field evaluations
     * @param accepted    accepted steps
     * @param rejected    rejected steps
     * @param millis      wall time of the solve
     * @param error       the relative error at t1 (NaN if the solve failed)
     */
    record Row(String problem, String method, double rtol, Outcome outcome, int evaluations, int accepted,
            int rejected, double millis, double error) {
        /** @return the real error over the tolerance asked for */
        double ratio() {
            return error / rtol;
        }

        String csv() {
            return String.format("%s,%s,%.0e,%s,%d,%d,%d,%.1f,%.3e,%.3g", problem, method, rtol, outcome,
                    evaluations, accepted, rejected, millis, error, ratio());
        }
    }

    static final String CSV_HEADER = "problem,method,rtol,outcome,nfe,accepted,rejected,wall_ms,rel_error,ratio";

    /** @return the adaptive methods of the table, by name */
    static Map<String, Supplier<Solver>> methods() {
        Map<String, Supplier<Solver>> m = new LinkedHashMap<>();
        for (String name : new String[] {"dopri5", "bosh3", "tsit5", "dopri8", "fehlberg2", "adaptive_heun",
            "adaptive_adams"}) {
            m.put(name, () -> Odeint.solver(name));
        }
        m.put("adams6", () -> AdamsBashforthMoulton.of(6));
        m.put("kvaerno3", Kvaerno3::new);
        m.put("kvaerno5", Kvaerno5::new);
        return m;
    }

    /** y' = −y + sin 3t, y(0) = 1 on [0, 5]: closed form. */
    static Problem forced() {
        double t1 = 5;
        return new Problem("forced_decay", Term.of((t, y) -> y.neg().add(Math.sin(3 * t))), new double[] {1}, t1,
                new double[] {AdamsTest.forcedExact(t1)});
    }

    /** Lotka–Volterra x' = 1.5x − xy, y' = −3y + xy from (1, 1) on [0, 10]. */
    static Problem lotkaVolterra() {
        return new Problem("lotka_volterra", Term.of((t, y) -> {
            Tensor a = y.narrow(1, 0, 1);
            Tensor b = y.narrow(1, 1, 1);
            Tensor ab = a.mul(b);
            return Tensor.concat(1, a.mul(1.5).sub(ab), b.mul(-3.0).add(ab));
        }), new double[] {1, 1}, 10,
                // scipy 1.17.1 solve_ivp DOP853 rtol 1e-13 atol 1e-15 (Radau rtol 1e-12 agrees to 5.5e-14)
                new double[] {1.0263447675750939, 0.9096910781361162});
    }

    /** Van der Pol μ = 1 from (2, 0) on [0, 10]. */
    static Problem vanDerPol1() {
        return new Problem("van_der_pol_mu1", Term.of((t, y) -> {
            Tensor a = y.narrow(1, 0, 1);
            Tensor b = y.narrow(1, 1, 1);
            return Tensor.concat(1, b, a.square().rsub(1).mul(b).sub(a));
        }), new double[] {2, 0}, 10,
                // scipy 1.17.1 solve_ivp DOP853 rtol 1e-13 atol 1e-15 (Radau rtol 1e-12 agrees to 2.7e-14)
                new double[] {-2.0083407825797073, 0.03290706586333091});
    }

    /** Arenstorf's orbit (Hairer, Nørsett &amp; Wanner I, §II.0): one period returns to the start. */
    static Problem arenstorf() {
        double mu = 0.012277471;
        double mup = 1 - mu;
        double[] y0 = {0.994, 0, 0, -2.00158510637908252240537862224};
        return new Problem("arenstorf", Term.of((t, y) -> {
            Tensor x = y.narrow(1, 0, 1);
            Tensor z = y.narrow(1, 1, 1);
            Tensor vx = y.narrow(1, 2, 1);
            Tensor vz = y.narrow(1, 3, 1);
            Tensor z2 = z.square();
            Tensor r1 = x.add(mu).square().add(z2);
            Tensor r2 = x.sub(mup).square().add(z2);
            Tensor d1 = r1.mul(r1.sqrt());
            Tensor d2 = r2.mul(r2.sqrt());
            Tensor ax = x.add(vz.mul(2.0)).sub(x.add(mu).mul(mup).div(d1)).sub(x.sub(mup).mul(mu).div(d2));
            Tensor az = z.sub(vx.mul(2.0)).sub(z.mul(mup).div(d1)).sub(z.mul(mu).div(d2));
            return Tensor.concat(1, vx, vz, ax, az);
        }), y0, 17.0652165601579625588917206249, y0.clone());
    }

    /**
     * @param p        the problem
     * @param method   the method's name
     * @param solver   the solver
     * @param rtol     the relative tolerance
     * @param maxSteps the step budget
     * @return the measurement (a failed solve has NaN error)
     */
    @SuppressWarnings("try")
    static Row run(Problem p, String method, Solver solver, double rtol, int maxSteps) {
        SolveOptions options = SolveOptions.builder().controller(PIController.of(rtol, rtol * ATOL_FACTOR))
                .maxSteps(maxSteps).throwOnFailure(false).build();
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {p.y0()}));
            long start = System.nanoTime();
            Solution s = Ode.solve(p.term(), solver, TimeSpan.of(0, p.t1()), y0, options);
            double millis = (System.nanoTime() - start) / 1e6;
            double error = Double.NaN;
            if (s.outcome() == Outcome.SUCCESSFUL) {
                double[] y = s.last().get(0).toDoubleArray();
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < y.length; i++) {
                    diff = Math.max(diff, Math.abs(y[i] - p.reference()[i]));
                    scale = Math.max(scale, Math.abs(p.reference()[i]));
                }
                error = diff / scale;
            }
            return new Row(p.name(), method, rtol, s.outcome(), s.stats().functionEvaluations(),
                    s.stats().acceptedSteps(), s.stats().rejectedSteps(), millis, error);
        }
    }
}
