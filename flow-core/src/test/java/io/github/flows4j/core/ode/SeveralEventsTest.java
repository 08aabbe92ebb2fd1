package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several events at once: a ball thrown up from {@code h0} with speed {@code v0} passes its apex at
 * {@code v0/g} (non-terminal, recorded) and hits the ground at {@code (v0 + √(v0² + 2 g h0))/g} (terminal); a level
 * half-way up to the apex is crossed rising at {@code (v0 − v0/√2)/g} and falling at {@code (v0 + v0/√2)/g}.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class SeveralEventsTest {
    private static final double G = 9.81;
    private static final double H0 = 2.0;
    private static final double V0 = 5.0;
    private static final double T_APEX = V0 / G;
    private static final double H_APEX = H0 + V0 * V0 / (2 * G);
    private static final double T_GROUND = (V0 + Math.sqrt(V0 * V0 + 2 * G * H0)) / G;
    private static final double LEVEL = H0 + V0 * V0 / (4 * G);
    private static final double T_UP = (V0 - V0 / Math.sqrt(2)) / G;
    private static final double T_DOWN = (V0 + V0 / Math.sqrt(2)) / G;

    /** [height, velocity]: h' = v, v' = −g. */
    private static Term ball() {
        Tensor accel = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, -G}}));
        Tensor shift = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.0}, {1.0, 0.0}}));
        return Term.of((t, y) -> y.matmul(shift).add(accel));
    }

    private static Tensor start() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{H0, V0}}));
    }

    private static Event ground() {
        return Event.builder().name("ground").condition((t, y) -> y.get(0).value().getDouble(0, 0))
                .direction(Event.Direction.FALLING).build();
    }

    private static Event apex() {
        return Event.builder().name("apex").function((t, y) -> y.get(0).narrow(1, 1, 1))
                .direction(Event.Direction.FALLING).terminal(false).build();
    }

    private static Event level(String name, Event.Direction direction) {
        return Event.builder().name(name).condition((t, y) -> y.get(0).value().getDouble(0, 0) - LEVEL)
                .direction(direction).terminal(false).build();
    }

    private static Solution solve(SolveOptions.Builder b) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(ball(), new Dopri5(), TimeSpan.of(0, 0.5, 5), start(),
                    b.controller(PIController.of(1e-8, 1e-10)).build());
        }
    }

    @Test
    void bouncingBallRecordsApexAndStopsAtGround() {
        Solution s = solve(SolveOptions.builder().events(ground(), apex()));
        assertEquals(Outcome.EVENT_OCCURRED, s.outcome());
        List<EventRecord> hits = s.events();
        assertEquals(2, hits.size(), hits.toString());
        EventRecord a = hits.get(0);
        assertEquals("apex", a.name());
        assertEquals(1, a.index());
        assertFalse(a.terminal());
        assertEquals(T_APEX, a.time(), 1e-9);
        assertEquals(H_APEX, a.state().get(0).value().getDouble(0, 0), 1e-9);
        assertEquals(0.0, a.state().get(0).value().getDouble(0, 1), 1e-8);
        EventRecord g = hits.get(1);
        assertEquals("ground", g.name());
        assertEquals(0, g.index());
        assertTrue(g.terminal());
        assertEquals(T_GROUND, g.time(), 1e-9);
        assertEquals(g.time(), s.eventTime().orElseThrow(), 0.0);
        assertEquals(0.0, s.eventState().get(0).value().getDouble(0, 0), 1e-8);
        assertEquals(-Math.sqrt(V0 * V0 + 2 * G * H0), s.eventState().get(0).value().getDouble(0, 1), 1e-8);
        // the requested time before the impact is reported, the one after it is not
        assertEquals(2, s.size());
        assertEquals(H0 + V0 * 0.5 - G / 8, s.y(1).value().getDouble(0, 0), 1e-9);
        assertTrue(s.message().contains("ground"), s.message());
    }

    @Test
    void directionFiltersEachEvent() {
        Solution s = solve(SolveOptions.builder().events(level("up", Event.Direction.RISING),
                level("down", Event.Direction.FALLING), level("either", Event.Direction.ANY),
                Event.builder().name("never").condition((t, y) -> y.get(0).value().getDouble(0, 1))
                        .direction(Event.Direction.RISING).terminal(false).build(),
                ground()));
        assertEquals(Outcome.EVENT_OCCURRED, s.outcome());
        List<EventRecord> hits = s.events();
        assertEquals(5, hits.size(), hits.toString());
        double[] times = hits.stream().mapToDouble(EventRecord::time).toArray();
        for (int i = 1; i < times.length; i++) {
            assertTrue(times[i] >= times[i - 1], "time order: " + hits);
        }
        for (EventRecord r : hits) {
            switch (r.name()) {
                case "up" -> assertEquals(T_UP, r.time(), 1e-9);
                case "down" -> assertEquals(T_DOWN, r.time(), 1e-9);
                case "either" -> assertEquals(r.time() < T_APEX ? T_UP : T_DOWN, r.time(), 1e-9);
                case "ground" -> assertEquals(T_GROUND, r.time(), 1e-9);
                default -> throw new AssertionError("unexpected event " + r);
            }
        }
        assertEquals(2, hits.stream().filter(r -> r.name().equals("either")).count());
        assertEquals("ground", hits.get(4).name());
    }

    @Test
    void nonTerminalEventsLetTheSolveFinish() {
        Solution s = solve(SolveOptions.builder().events(apex()));
        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertEquals(3, s.size());
        assertTrue(s.eventTime().isEmpty());
        assertEquals(1, s.events().size());
        assertEquals(T_APEX, s.events().get(0).time(), 1e-9);
    }

    @Test
    void severalEventsInOneStepAreOrderedAndStopAtTheFirstTerminal() {
        // one 2-second RK4 step covers every crossing; given out of time order, they are recorded in time order and
        // the terminal "late" one stops the solve, so "after" (later in the same step) is not recorded
        Event late = Event.builder().name("late").condition((t, y) -> t - 0.8).build();
        Event after = Event.builder().name("after").condition((t, y) -> t - 1.5).terminal(false).build();
        Event clock = Event.builder().name("clock").condition((t, y) -> t - 0.1).terminal(false).build();
        try (GradMode.Scope off = GradMode.noGrad()) {
            Solution s = Ode.solve(ball(), new Rk4(), TimeSpan.of(0, 2), start(), SolveOptions.builder()
                    .controller(new ConstantStepSize(2)).events(late, after, clock, apex()).build());
            List<EventRecord> hits = s.events();
            assertEquals(List.of("clock", "apex", "late"), hits.stream().map(EventRecord::name).toList());
            assertEquals(0.1, hits.get(0).time(), 1e-12);
            // RK4 is exact on this quadratic and the cubic Hermite interpolant reproduces it
            assertEquals(T_APEX, hits.get(1).time(), 1e-9);
            assertEquals(0.8, s.eventTime().orElseThrow(), 1e-12);
            assertEquals(H0 + V0 * 0.8 - G * 0.32, s.eventState().get(0).value().getDouble(0, 0), 1e-9);
        }
    }

    @Test
    void wrongShapedEventFunctionIsATypedErrorNamingIt() {
        Event bad = Event.builder().name("wholeState").function((t, y) -> y.get(0)).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> solve(SolveOptions.builder().events(apex(), bad)));
        assertTrue(e.getMessage().contains("wholeState"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> SolveOptions.builder().events(apex(), null));
        assertThrows(InvalidConfigException.class, () -> Event.builder().name("empty").build());
        assertThrows(InvalidConfigException.class, () -> Event.builder().name(" ").condition((t, y) -> t).build());
        assertThrows(InvalidConfigException.class,
                () -> Event.builder().condition((t, y) -> t).tolerance(0).build());
    }

    @Test
    void terminalEventTimeGradientWithANonTerminalEventBeside() {
        // T = (v0 + √(v0² + 2 g h0)) / g: dT/dh0 = 1/√(v0² + 2 g h0), dT/dv0 = (1 + v0/√(v0² + 2 g h0)) / g
        double root = Math.sqrt(V0 * V0 + 2 * G * H0);
        for (Adjoint adjoint : new Adjoint[] {new BackpropAdjoint(), ContinuousAdjoint.builder().build()}) {
            Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{H0, V0}}));
            Solution s = Ode.solve(ball(), new Dopri5(), TimeSpan.of(0, 5), y0, SolveOptions.builder()
                    .controller(PIController.of(1e-10, 1e-12)).events(apex(), ground()).adjoint(adjoint).build());
            assertEquals(2, s.events().size());
            Tensor impact = EventTime.of(s, ball(), (t, y) -> y.get(0).narrow(1, 0, 1).sum());
            double[] g = Autodiff.grad(impact, y0)[0].value().toDoubleVector();
            assertEquals(T_GROUND, impact.item(), 1e-10, adjoint.toString());
            assertEquals(1 / root, g[0], 1e-7, adjoint.toString());
            assertEquals((1 + V0 / root) / G, g[1], 1e-7, adjoint.toString());
        }
    }

    @Test
    void singleEventKeepsItsOldMeaning() {
        Event legacy = new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-12);
        assertTrue(legacy.terminal());
        SolveOptions o = SolveOptions.builder().event(legacy).build();
        assertEquals(legacy, o.event());
        assertEquals(List.of(legacy), o.events());
        assertEquals(null, SolveOptions.defaults().event());
        Solution s = solve(o.toBuilder());
        assertEquals(T_GROUND, s.eventTime().orElseThrow(), 1e-9);
        assertEquals(1, s.events().size());
    }
}
