package io.github.flows4j.examples.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A fixed set of command-line values backed by an enum: the converter <em>and</em> the completion candidates of an
 * enum-typed option, so {@code --help} lists the names ({@code ${COMPLETION-CANDIDATES}}) and an unknown value is a
 * usage error (exit 2) that lists them, e.g. {@code Invalid value for option '--dtype': expected one of [float,
 * double] but was 'half'}. Matching ignores case and treats {@code -} and {@code _} alike ({@code linear-vp} is
 * {@code LINEAR_VP}); besides its display name each constant also answers to its Java name and to any aliases.
 *
 * <pre>{@code
 * public static final class Converter extends Choices<Precision> {
 *     public Converter() { super(Precision.values(), p -> p.name().toLowerCase(Locale.ROOT)); }
 * }
 * @Option(names = "--dtype", defaultValue = "double", converter = Precision.Converter.class,
 *         completionCandidates = Precision.Converter.class)
 * Precision dtype;
 * }</pre>
 *
 * @param <E> the enum
 */
public abstract class Choices<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {
    private final List<E> values;
    private final Function<E, String> display;
    private final Function<E, List<String>> aliases;

    /**
     * @param values  the constants, in the order {@code --help} lists them
     * @param display the name shown and accepted for each constant
     */
    protected Choices(E[] values, Function<E, String> display) {
        this(values, display, e -> List.of());
    }

    /**
     * @param values  the constants, in the order {@code --help} lists them
     * @param display the name shown and accepted for each constant
     * @param aliases further names each constant answers to (not listed)
     */
    protected Choices(E[] values, Function<E, String> display, Function<E, List<String>> aliases) {
        this.values = List.of(values);
        this.display = display;
        this.aliases = aliases;
    }

    /** @return the lower-cased name of a constant, {@code _} kept: the usual display name */
    protected static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public E convert(String value) {
        String key = normalize(value);
        for (E e : values) {
            List<String> names = new ArrayList<>(aliases.apply(e));
            names.add(display.apply(e));
            names.add(e.name());
            for (String n : names) {
                if (normalize(n).equals(key)) {
                    return e;
                }
            }
        }
        throw new TypeConversionException("expected one of " + names() + " but was '" + value + "'");
    }

    /** @return the display names, in order */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (E e : values) {
            names.add(display.apply(e));
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }

    private static String normalize(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
