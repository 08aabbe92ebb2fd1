package io.github.flows4j.rl.env;

/**
 * {@link Env#step} was called when no episode is running: before the first {@link Env#reset} or after a step that
 * returned {@code terminated} or {@code truncated}. Gymnasium leaves this undefined; flows4j refuses it, because
 * stepping past a terminal state silently corrupts returns.
 *
 * <pre>{@code
 * try {
 *     env.step(action);
 * } catch (EpisodeStateException e) {
 *     env.reset(rng);                    // the message says which case happened
 * }
 * }</pre>
 */
public class EpisodeStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was called, and what to call first */
    public EpisodeStateException(String message) {
        super(message);
    }
}
