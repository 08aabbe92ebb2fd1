package io.github.flows4j.spark;

/**
 * A Spark job of flows4j failed for a reason other than a bad row (an executor lost, a loss function that threw
 * an unexpected exception, a serialization error). Its message names the stage of the flows4j computation and
 * carries Spark's own message; the cause is the original exception where Spark kept it. Failures that name a row
 * arrive as {@link RowFailedException}, and flows4j's other typed errors thrown on an executor
 * ({@link io.github.flows4j.core.ShapeMismatchException}, {@link io.github.flows4j.core.NonFiniteException},
 * {@link io.github.flows4j.core.InvalidConfigException}) are re-thrown on the driver as they are.
 *
 * <pre>{@code
 * try {
 *     evaluator.evaluate(points);
 * } catch (RowFailedException bad) {
 *     System.err.println("drop row " + bad.row());
 * } catch (SparkJobException failed) {
 *     System.err.println(failed.getMessage());
 * }
 * }</pre>
 */
public class SparkJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names what was being computed
     * @param cause   the original failure
     */
    public SparkJobException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Turns what a Spark action threw into the exception to throw on the driver: the first flows4j typed error in
     * the cause chain (a {@link RowFailedException} first), or else a {@link SparkJobException}.
     *
     * @param what   what was being computed, e.g. {@code "gradient of step 12"}
     * @param thrown what the action threw
     * @return the exception to throw
     */
    public static RuntimeException of(String what, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof RowFailedException r) {
                return r;
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae
                    && iae.getClass().getName().startsWith("io.github.flows4j.")) {
                return iae;
            }
        }
        return new SparkJobException(what + " failed on Spark: " + thrown.getMessage(), thrown);
    }
}
