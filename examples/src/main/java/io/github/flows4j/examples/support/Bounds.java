package io.github.flows4j.examples.support;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Range checks of numeric options, as picocli converters: one place for the rules, and a value out of range is a
 * usage error (exit 2) that names the option, the rule and the value, e.g. {@code Invalid value for option
 * '--steps': must be >= 1 but was '0'}. Converters apply to default values too, and to each element of a split
 * option such as {@code --hidden 128,128}.
 *
 * <pre>{@code
 * @Option(names = "--batch", defaultValue = "256", converter = Bounds.AtLeastOne.class)
 * int batch;
 * }</pre>
 */
public final class Bounds {
    private Bounds() {
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not an int");
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a number");
        }
    }

    private static TypeConversionException violated(String rule, String value) {
        return new TypeConversionException("must be " + rule + " but was '" + value + "'");
    }

    /** An int &ge; 1: steps, sizes, widths. */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 1) {
                throw violated(">= 1", value);
            }
            return v;
        }
    }

    /** An int &ge; 0: counts where 0 switches something off. */
    public static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 0) {
                throw violated(">= 0", value);
            }
            return v;
        }
    }

    /** An even int &ge; 2 (an ICNN layer whose units are half input-only). */
    public static final class EvenPositive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 2 || v % 2 != 0) {
                throw violated("even and >= 2 (half the units are input-only)", value);
            }
            return v;
        }
    }

    /** A finite double &gt; 0: rates, tolerances. */
    public static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v > 0 && Double.isFinite(v))) {
                throw violated("> 0 and finite", value);
            }
            return v;
        }
    }

    /** A finite double &ge; 0: budgets where 0 means none. */
    public static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0 && Double.isFinite(v))) {
                throw violated(">= 0 and finite", value);
            }
            return v;
        }
    }

    /** A double in [0, 1): decays where 0 means off. */
    public static final class UnitInterval implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0 && v < 1)) {
                throw violated("in [0, 1)", value);
            }
            return v;
        }
    }
}
