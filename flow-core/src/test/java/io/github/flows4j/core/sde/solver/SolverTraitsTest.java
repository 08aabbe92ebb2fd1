package io.github.flows4j.core.sde.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every solver's advertised orders and support, and SolverTraits' own validation. */
class SolverTraitsTest {
    @Test
    void solversAdvertiseTheirLiteratureOrders() {
        assertEquals(0.5, new EulerMaruyama().strongOrder(NoiseType.DIAGONAL));
        assertEquals(1.0, new EulerMaruyama().strongOrder(NoiseType.ADDITIVE));
        assertEquals(1.0, new EulerHeun().strongOrder(NoiseType.SCALAR));
        assertEquals(0.5, new Heun().strongOrder(NoiseType.GENERAL));
        assertEquals(1.0, new Milstein().strongOrder(NoiseType.DIAGONAL));
        assertEquals(1.5, new Srk().strongOrder());
        assertEquals(Set.of(SdeType.STRATONOVICH), new ReversibleHeun().sdeTypes());
        assertTrue(!new Srk().noiseTypes().contains(NoiseType.GENERAL));
    }

    @Test
    void traitsAreImmutableAndValidated() {
        EnumSet<NoiseType> noise = EnumSet.of(NoiseType.ADDITIVE);
        SolverTraits t = SolverTraits.of(1.0, noise, EnumSet.of(SdeType.ITO)).withOrder(NoiseType.ADDITIVE, 1.5);
        noise.add(NoiseType.GENERAL);
        assertEquals(Set.of(NoiseType.ADDITIVE), t.noiseTypes(), "a defensive copy");
        assertEquals(1.5, t.strongOrder(NoiseType.ADDITIVE));
        assertThrows(UnsupportedOperationException.class, () -> t.sdeTypes().add(SdeType.STRATONOVICH));
        assertThrows(InvalidConfigException.class, () -> SolverTraits.of(0, noise, EnumSet.of(SdeType.ITO)));
        assertThrows(InvalidConfigException.class,
                () -> SolverTraits.of(1, EnumSet.noneOf(NoiseType.class), EnumSet.of(SdeType.ITO)));
    }
}
