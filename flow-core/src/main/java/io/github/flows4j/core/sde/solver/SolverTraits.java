package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What an {@link SdeSolver} supports and how fast it converges: the noise types and SDE interpretations it accepts,
 * its strong order in general, and a higher order on the noise types where it has one. Immutable.
 *
 * <pre>{@code
 * SolverTraits traits = SolverTraits.of(0.5, EnumSet.allOf(NoiseType.class), EnumSet.of(SdeType.ITO))
 *         .withOrder(NoiseType.ADDITIVE, 1.0);     // Euler–Maruyama
 * double p = traits.strongOrder(NoiseType.DIAGONAL);   // 0.5
 * }</pre>
 *
 * @param strongOrder  the strong order on every supported noise type without an entry in {@code orderByNoise}
 * @param orderByNoise a higher (or other) strong order on particular noise types
 * @param noiseTypes   the supported noise types
 * @param sdeTypes     the supported interpretations (Itô, Stratonovich)
 */
public record SolverTraits(double strongOrder, Map<NoiseType, Double> orderByNoise, Set<NoiseType> noiseTypes,
        Set<SdeType> sdeTypes) {

    /** Validates and freezes the collections. */
    public SolverTraits {
        if (!(strongOrder > 0) || noiseTypes == null || noiseTypes.isEmpty() || sdeTypes == null
                || sdeTypes.isEmpty() || orderByNoise == null) {
            throw new InvalidConfigException("SolverTraits needs a positive strong order and non-empty noise and SDE "
                    + "types; got order " + strongOrder + ", noise " + noiseTypes + ", types " + sdeTypes);
        }
        orderByNoise = orderByNoise.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(orderByNoise));
        noiseTypes = Collections.unmodifiableSet(EnumSet.copyOf(noiseTypes));
        sdeTypes = Collections.unmodifiableSet(EnumSet.copyOf(sdeTypes));
    }

    /**
     * @param strongOrder the strong order on every supported noise type
     * @param noiseTypes  the supported noise types
     * @param sdeTypes    the supported interpretations
     * @return the traits, with no noise-specific orders
     */
    public static SolverTraits of(double strongOrder, Set<NoiseType> noiseTypes, Set<SdeType> sdeTypes) {
        return new SolverTraits(strongOrder, Map.of(), noiseTypes, sdeTypes);
    }

    /**
     * @param noise a noise type
     * @param order the strong order on it
     * @return these traits with that order on {@code noise}
     */
    public SolverTraits withOrder(NoiseType noise, double order) {
        Map<NoiseType, Double> m = new EnumMap<>(NoiseType.class);
        m.putAll(orderByNoise);
        m.put(noise, order);
        return new SolverTraits(strongOrder, m, noiseTypes, sdeTypes);
    }

    /**
     * @param noise a noise type
     * @return the strong order on it
     */
    public double strongOrder(NoiseType noise) {
        return orderByNoise.getOrDefault(noise, strongOrder);
    }
}
