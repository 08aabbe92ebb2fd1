package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Odeint;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.SdeSolver;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Sdeint} against the long form {@link Sde#solve} on the same Brownian path, by every method name. */
class SdeintTest {

    static Stream<String> methodNames() {
        return Sdeint.methods().stream();
    }

    private static SdeTerm gbm(double sigma, SdeType type) {
        return SdeTerm.builder().drift((t, y) -> y.mul(-1.0)).diffusion((t, y) -> y.mul(sigma))
                .noiseType(NoiseType.DIAGONAL).sdeType(type).build();
    }

    private static Tensor y0() {
        return Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4, 2));
    }

    @Test
    void equalsTheLongFormOnTheSameBrownianPath() {
        SdeTerm sde = gbm(0.5, SdeType.ITO);
        double[] times = {0, 0.25, 1};
        BrownianPath bm = VirtualBrownianTree.of(0, 1, 4, 2, 7);
        Tensor ys = Sdeint.solve(sde, y0(), times, "milstein", 0.01, bm);
        assertArrayEquals(new long[] {3, 4, 2}, ys.shape());
        Solution longForm = Sde.solve(sde, new Milstein(), TimeSpan.of(times), y0(), bm,
                SdeOptions.builder().dt(0.01).build());
        for (int i = 0; i < times.length; i++) {
            assertArrayEquals(longForm.y(i).toDoubleArray(), ys.select(0, i).toDoubleArray(), 0.0);
        }
        // the Rng overload uses the path brownian(...) builds from the same draw
        Tensor viaRng = Sdeint.solve(sde, y0(), times, "milstein", 0.01, Rng.seeded(3));
        BrownianPath same = Sdeint.brownian(sde, y0(), times, Rng.seeded(3));
        assertArrayEquals(Sdeint.solve(sde, y0(), times, "milstein", 0.01, same).toDoubleArray(),
                viaRng.toDoubleArray(), 0.0);
        Tensor other = Sdeint.solve(sde, y0(), times, "milstein", 0.01, Rng.seeded(4));
        assertTrue(Math.abs(other.toDoubleArray()[20] - viaRng.toDoubleArray()[20]) > 1e-6, "another path");
    }

    @Test
    void adaptiveOptionsThroughTheShortForm() {
        SdeTerm sde = gbm(0.5, SdeType.STRATONOVICH);
        double[] times = {0, 0.25, 1};
        BrownianPath bm = VirtualBrownianTree.of(0, 1, 4, 2, 7);
        SdeOptions o = SdeOptions.builder().dt(0.05).adaptive(true).rtol(1e-3).atol(1e-3).build();
        Tensor ys = Sdeint.solve(sde, y0(), times, "heun", o, bm);
        Solution longForm = Sde.solve(sde, new io.github.flows4j.core.sde.solver.Heun(), TimeSpan.of(times), y0(), bm,
                o);
        assertArrayEquals(new long[] {3, 4, 2}, ys.shape());
        assertArrayEquals(longForm.y(2).toDoubleArray(), ys.select(0, 2).toDoubleArray(), 0.0);
        assertTrue(longForm.stats().rejectedSteps() + longForm.stats().acceptedSteps() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void everyMethodNameRunsAndWithoutNoiseSolvesTheOde(String name) {
        SdeSolver solver = Sdeint.solver(name);
        SdeType type = solver.traits().sdeTypes().contains(SdeType.ITO) ? SdeType.ITO : SdeType.STRATONOVICH;
        // with zero diffusion every method is a consistent ODE method: y(1) = e^-1 up to O(dt)
        Tensor ys = Sdeint.solve(gbm(0.0, type), y0(), new double[] {0, 1}, name, 1e-3, Rng.seeded(1));
        for (double v : ys.select(0, 1).toDoubleArray()) {
            assertEquals(Math.exp(-1), v, 1e-3, name);
        }
        Tensor noisy = Sdeint.solve(gbm(0.3, type), y0(), new double[] {0, 0.5, 1}, name, 1e-2, Rng.seeded(1));
        assertArrayEquals(new long[] {3, 4, 2}, noisy.shape());
        for (double v : noisy.toDoubleArray()) {
            assertTrue(Double.isFinite(v) && v > 0, name + " keeps a geometric Brownian motion positive here");
        }
    }

    @Test
    void unknownNamesAndMismatchedCalculiAreRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Sdeint.solve(gbm(0.1, SdeType.ITO), y0(), new double[] {0, 1}, "eulr", 0.1, Rng.seeded(0)));
        assertTrue(e.getMessage().contains("euler") && e.getMessage().contains("reversible_heun"), e.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> Sdeint.solve(gbm(0.1, SdeType.ITO), y0(), new double[] {0, 1}, "euler_heun", 0.1, Rng.seeded(0)));
        assertEquals(Odeint.linspace(0, 1, 3)[1], 0.5, 0.0);
    }
}
