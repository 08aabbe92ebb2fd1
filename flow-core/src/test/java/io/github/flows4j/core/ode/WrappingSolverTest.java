package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Step;
import io.github.flows4j.core.ode.solver.WrappingSolver;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;

/** A wrapper reports the wrapped solver's order, error order and error estimate. */
class WrappingSolverTest {
    private record Identity(Solver base) implements WrappingSolver {
        @Override
        public Step step(Term term, double t0, double t1, State y0, State f0) {
            return base.step(term, t0, t1, y0, f0);
        }
    }

    @Test
    void ordersComeFromTheWrappedSolver() {
        for (Solver s : new Solver[] {new Rk4(), new Dopri5()}) {
            Identity w = new Identity(s);
            assertEquals(s.order(), w.order());
            assertEquals(s.errorOrder(), w.errorOrder());
            assertEquals(s.hasErrorEstimate(), w.hasErrorEstimate());
        }
    }
}
