package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import org.junit.jupiter.api.Test;

/** The evaluators' one default and the checks on a solver–options pair. */
class SolveSettingsTest {
    @Test
    void theDefaultIsDopri5UnderPiControlAtTheDocumentedTolerance() {
        SolveSettings d = SolveSettings.defaults();
        assertInstanceOf(Dopri5.class, d.solver());
        PIController pi = assertInstanceOf(PIController.class, d.options().controller());
        assertEquals(PIController.of(SolveSettings.DEFAULT_TOLERANCE, SolveSettings.DEFAULT_TOLERANCE), pi);
        assertEquals(1e-5, SolveSettings.DEFAULT_TOLERANCE);
        assertEquals(SolveOptions.DEFAULT_MAX_STEPS, d.options().maxSteps());
        assertSame(d, SolveSettings.defaults(), "one shared constant");
    }

    @Test
    void aSolverWithoutAnErrorEstimateNeedsAController() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SolveSettings.of(new Euler(), SolveOptions.defaults()));
        assertTrue(e.getMessage().contains("controller must be given for Euler"), e.getMessage());
        SolveOptions fixed = SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, 10)).build();
        assertSame(fixed, SolveSettings.of(new Euler(), fixed).options());
        assertThrows(InvalidConfigException.class, () -> SolveSettings.of(null, fixed));
        assertThrows(InvalidConfigException.class, () -> SolveSettings.of(new Dopri5(), null));
    }

    @Test
    void optionsOfAControllerKeepEveryOtherDefault() {
        ConstantStepSize c = ConstantStepSize.steps(0, 1, 4);
        SolveOptions o = SolveOptions.of(c);
        assertSame(c, o.controller());
        assertEquals(SolveOptions.DEFAULT_MAX_STEPS, o.maxSteps());
        assertTrue(o.throwOnFailure());
        assertThrows(InvalidConfigException.class, () -> SolveOptions.of(null));
    }
}
