package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The usage snippet of {@code docs/solvers.md} and the {@link Ode} Javadoc, run as written. */
class UsageTest {
    @Test
    void docsSnippetRuns() {
        Tensor w = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.0, 0.2}}));
        Term term = Term.of((t, y) -> y.matmul(w).tanh(), w);              // y: [batch, 2]
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.0, 1.0}}));

        Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0.0, 0.5, 1.0), y0, SolveOptions.builder()
                .controller(PIController.of(1e-6, 1e-8))                   // rtol, atol
                .adjoint(ContinuousAdjoint.builder().seminorm(true).build())
                .build());

        Tensor y1 = s.y(2);                                                // the state at t = 1, [batch, 2]
        y1.square().sum().backward();                                      // gradients reach w and y0
        System.out.println(s.stats() + " " + s.outcome());

        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertNotNull(w.grad());
        assertNotNull(y0.grad());
        assertEquals(2, y0.grad().rows());
    }
}
