package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * Relative and absolute error tolerances: an element {@code y} of the state may carry a local error up to
 * {@code atol + rtol · |y|}. One pair for the whole state, or one pair per part of a tuple state (e.g. a looser
 * tolerance on a CNF's {@code Δlogp} than on {@code x}).
 *
 * <pre>{@code
 * Tolerances tight = Tolerances.of(1e-8, 1e-10);
 * Tolerances perPart = Tolerances.perPart(new double[] {1e-6, 1e-4}, new double[] {1e-8, 1e-6});   // [x, Δlogp]
 * }</pre>
 */
public final class Tolerances {
    private final double[] rtol;
    private final double[] atol;

    private Tolerances(double[] rtol, double[] atol) {
        if (rtol == null || atol == null) {
            throw new IllegalArgumentException("rtol and atol must not be null");
        }
        if (rtol.length == 0 || rtol.length != atol.length) {
            throw InvalidConfigException.of("atol.length", "rtol.length (" + rtol.length + ") and >= 1", atol.length);
        }
        for (int i = 0; i < rtol.length; i++) {
            String suffix = rtol.length > 1 ? "[" + i + "]" : "";
            if (!(rtol[i] > 0) || !Double.isFinite(rtol[i])) {
                throw InvalidConfigException.of("rtol" + suffix, "> 0 and finite", rtol[i]);
            }
            if (!(atol[i] > 0) || !Double.isFinite(atol[i])) {
                throw InvalidConfigException.of("atol" + suffix, "> 0 and finite", atol[i]);
            }
        }
        this.rtol = rtol;
        this.atol = atol;
    }

    /**
     * @param rtol relative tolerance, &gt; 0
     * @param atol absolute tolerance, &gt; 0
     * @return one pair for every part
     * @throws InvalidConfigException if a tolerance is not positive and finite
     */
    public static Tolerances of(double rtol, double atol) {
        return new Tolerances(new double[] {rtol}, new double[] {atol});
    }

    /**
     * @param rtol one relative tolerance per state part
     * @param atol one absolute tolerance per state part
     * @return per-part tolerances
     * @throws InvalidConfigException if the lengths differ or a tolerance is not positive and finite
     */
    public static Tolerances perPart(double[] rtol, double[] atol) {
        return new Tolerances(rtol.clone(), atol.clone());
    }

    /** @return whether one pair serves every part */
    public boolean isUniform() {
        return rtol.length == 1;
    }

    /** @return the number of per-part pairs (1 if uniform) */
    public int parts() {
        return rtol.length;
    }

    /**
     * @param part the state part
     * @return its relative tolerance
     */
    public double rtol(int part) {
        return rtol[rtol.length == 1 ? 0 : part];
    }

    /**
     * @param part the state part
     * @return its absolute tolerance
     */
    public double atol(int part) {
        return atol[atol.length == 1 ? 0 : part];
    }

    /**
     * @param stateParts the number of parts of the state being solved
     * @throws InvalidConfigException if these are per-part tolerances for a different number of parts
     */
    public void requireParts(int stateParts) {
        if (rtol.length != 1 && rtol.length != stateParts) {
            throw new InvalidConfigException("per-part tolerances must have one entry per state part (" + stateParts
                    + "); got " + rtol.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tolerances t && Arrays.equals(rtol, t.rtol) && Arrays.equals(atol, t.atol);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rtol) * 31 + Arrays.hashCode(atol);
    }

    @Override
    public String toString() {
        return isUniform() ? "Tolerances[rtol=" + rtol[0] + ", atol=" + atol[0] + "]"
                : "Tolerances[rtol=" + Arrays.toString(rtol) + ", atol=" + Arrays.toString(atol) + "]";
    }
}
