package io.github.flows4j.core;

/**
 * A configuration value breaks its rule (a tolerance &le; 0, a negative step count, t outside [0, 1], ...).
 * The message names the field, the rule and the value.
 *
 * <pre>{@code
 * throw InvalidConfigException.of("rtol", "> 0", rtol);
 * }</pre>
 */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the field, the rule and the value
     */
    public InvalidConfigException(String message) {
        super(message);
    }

    /**
     * Builds the standard message {@code "<field> must be <rule>; got <value>"}.
     *
     * @param field the field or argument
     * @param rule  the rule, e.g. {@code "> 0"}
     * @param value the value found
     * @return the exception
     */
    public static InvalidConfigException of(String field, String rule, Object value) {
        return new InvalidConfigException(field + " must be " + rule + "; got " + value);
    }
}
