package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.solver.Heun;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A no-grad solve releases every step's intermediates as it goes: after thousands of steps, the caller's scope
 * holds no more tensors than after a few, and every state it was handed is still readable.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class MemoryTest {
    private static int tensorsLeftInScope(int steps) {
        Tensor w = Tensor.constant(Nd4j.createFromArray(new double[][] {{-0.1, 1.0}, {-1.0, -0.1}}));
        Term term = Term.of((t, y) -> y.matmul(w).tanh());
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4, 2));
        try (GradMode.Scope off = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            int before = scope.size();
            Solution s = Ode.solve(term, new Heun(), TimeSpan.of(0, 0.5, 1), y0,
                    SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, steps)).build());
            assertEquals(steps, s.stats().acceptedSteps());
            assertTrue(s.last().isFinite(), "outputs stay readable");
            assertTrue(s.y(1).value().sumNumber().doubleValue() != 0);
            return scope.size() - before;
        }
    }

    @Test
    void noGradSolveKeepsMemoryFlat() {
        int few = tensorsLeftInScope(10);
        int many = tensorsLeftInScope(1500);
        assertEquals(few, many, "tensors left in the caller's scope after 10 and after 1500 steps");
        assertTrue(many <= 4, "only a handful of tensors outlive the solve; got " + many);
    }
}
