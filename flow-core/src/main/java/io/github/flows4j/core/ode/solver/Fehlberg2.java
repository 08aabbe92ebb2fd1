package io.github.flows4j.core.ode.solver;

/**
 * Fehlberg's 2(1) pair (Fehlberg 1969, NASA TR R-315): three stages, second-order solution, first-order embedded.
 *
 * <p>Tableau {@code c = (0, 1/2, 1)}, {@code a = (1/2; 1/256, 255/256)}, {@code b = (1/512, 255/256, 1/512)},
 * {@code b̂ = (1/256, 255/256, 0)}. Low-accuracy adaptive stepping (torchdiffeq's {@code fehlberg2}); dense output is
 * cubic Hermite. Two new evaluations per step, as torchdiffeq: the last stage {@code f(t1, ŷ1)}, taken at the
 * first-order solution, stands in for the next step's {@code f(t1, y1)} ({@link ButcherTableau#withLastStageReuse});
 * the order stays 2. The exact three-evaluation method is
 * {@code new ExplicitRungeKutta("Fehlberg 2(1)", new Fehlberg2().tableau().withLastStageReuse(false))}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Fehlberg2(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(PIController.of(1e-3, 1e-6)).build());
 * }</pre>
 */
public final class Fehlberg2 extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.embedded(
            new double[] {0, 0.5, 1},
            new double[][] {{}, {0.5}, {1.0 / 256, 255.0 / 256}},
            new double[] {1.0 / 512, 255.0 / 256, 1.0 / 512},
            new double[] {-1.0 / 512, 0, 1.0 / 512},
            2,
            1).withLastStageReuse(true);

    /** Creates the solver (stateless; share it freely). */
    public Fehlberg2() {
        super("Fehlberg 2(1)", TABLEAU);
    }
}
