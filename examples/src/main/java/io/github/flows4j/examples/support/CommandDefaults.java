package io.github.flows4j.examples.support;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Per-command defaults for options a command mixes in (such as {@link TrainingOptions}): a subclass names pairs of
 * option and default value, and picocli uses them, in parsing and in {@code --help}, before the option's own default.
 *
 * <pre>{@code
 * static final class Defaults extends CommandDefaults {
 *     Defaults() { super("--batch", "512", "--hidden", "256,256,256"); }
 * }
 * }</pre>
 */
public abstract class CommandDefaults implements IDefaultValueProvider {
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param pairs option name, default value, option name, default value, …
     * @throws IllegalArgumentException if the count is odd
     */
    protected CommandDefaults(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs must be name, value, ...; got " + pairs.length + " strings");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg.isOption() ? values.get(((OptionSpec) arg).longestName()) : null;
    }
}
