package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torchdiffeq's {@code step_t}, {@code jump_t} and {@code grid_points} map to {@code stepTimes}/{@code jumpTimes};
 * an uneven fixed grid (torchdiffeq's {@code grid_constructor}) is a constant step longer than every gap plus
 * {@code stepTimes(grid)}. Non-monotone or out-of-span times are typed errors.
 */
class GridTimesTest {
    private static Term decay() {
        return Term.of((t, y) -> y.neg());
    }

    private static Tensor one() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
    }

    @Test
    void anUnevenFixedGridIsSteppedExactly() {
        double[] grid = {0.1, 0.15, 0.4, 0.45, 0.9};
        Solution s = Ode.solve(decay(), new Euler(), TimeSpan.of(0, 1), one(),
                SolveOptions.builder().controller(new ConstantStepSize(10)).stepTimes(grid).build());
        List<StepRecord> log = s.stepLog();
        double[] starts = log.stream().mapToDouble(StepRecord::t).toArray();
        assertArrayEquals(new double[] {0, 0.1, 0.15, 0.4, 0.45, 0.9}, starts, 1e-15);
        // Euler on the grid: y(1) = Π (1 − h_k)
        double expected = 1;
        double prev = 0;
        for (double g : new double[] {0.1, 0.15, 0.4, 0.45, 0.9, 1.0}) {
            expected *= 1 - (g - prev);
            prev = g;
        }
        assertEquals(expected, s.y(1).item(), 1e-15);
    }

    @Test
    void adaptiveStepsLandOnStepTimesAndTheEndsAreNoOps() {
        Solution s = Ode.solve(decay(), new Dopri5(), TimeSpan.of(0, 1), one(), SolveOptions.builder()
                .controller(PIController.of(1e-6, 1e-9)).stepTimes(0, 0.3141, 1).build());
        assertTrue(s.stepLog().stream().anyMatch(r -> r.accepted() && r.t() == 0.3141), "a step starts at 0.3141");
        // a decreasing list is monotone too, and serves a backward solve
        Solution back = Ode.solve(decay(), new Dopri5(), TimeSpan.of(1, 0), one(), SolveOptions.builder()
                .controller(PIController.of(1e-6, 1e-9)).jumpTimes(0.7, 0.2).build());
        assertEquals(Math.E, back.y(1).item(), 1e-6);
    }

    @Test
    void nonMonotoneTimesAreTypedErrors() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SolveOptions.builder().stepTimes(0.1, 0.5, 0.3).build());
        assertTrue(e.getMessage().contains("stepTimes") && e.getMessage().contains("monotone"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> SolveOptions.builder().jumpTimes(0.2, 0.2).build());
        assertThrows(InvalidConfigException.class, () -> SolveOptions.builder().stepTimes(0.2, Double.NaN).build());
    }

    @Test
    void outOfSpanTimesAreTypedErrors() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Ode.solve(decay(), new Dopri5(),
                TimeSpan.of(0, 1), one(), SolveOptions.builder().stepTimes(0.5, 1.5).build()));
        assertTrue(e.getMessage().contains("stepTimes[1]") && e.getMessage().contains("1.5"), e.getMessage());
        InvalidConfigException j = assertThrows(InvalidConfigException.class, () -> Ode.solve(decay(), new Dopri5(),
                TimeSpan.of(1, 0), one(), SolveOptions.builder().jumpTimes(-0.5).build()));
        assertTrue(j.getMessage().contains("jumpTimes[0]"), j.getMessage());
    }
}
