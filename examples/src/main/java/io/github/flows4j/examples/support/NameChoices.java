package io.github.flows4j.examples.support;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A fixed set of names for a {@code String}-typed option whose value a command passes on by name (the counterpart of
 * {@link Choices} where no enum exists): the converter returns the canonical, lower-case name, ignoring case, and an
 * unknown value is a usage error that lists the names — {@code Invalid value for option '--relocation': expected one
 * of [project, walk] but was 'fly'}. It also serves as the option's completion candidates.
 *
 * <pre>{@code
 * static final class Relocation extends NameChoices {
 *     Relocation() { super("project", "walk"); }
 * }
 * @Option(names = "--relocation", defaultValue = "walk", converter = Relocation.class,
 *         completionCandidates = Relocation.class)
 * String relocation;
 * }</pre>
 */
public abstract class NameChoices implements ITypeConverter<String>, Iterable<String> {
    private final List<String> names;

    /** @param names the accepted names, lower case, in the order {@code --help} lists them */
    protected NameChoices(String... names) {
        this.names = List.of(names);
    }

    @Override
    public String convert(String value) {
        String key = value.strip().toLowerCase(Locale.ROOT);
        if (names.contains(key)) {
            return key;
        }
        throw new TypeConversionException("expected one of " + names + " but was '" + value + "'");
    }

    @Override
    public Iterator<String> iterator() {
        return names.iterator();
    }
}
