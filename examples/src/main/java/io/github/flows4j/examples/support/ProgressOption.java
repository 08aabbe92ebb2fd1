package io.github.flows4j.examples.support;

import picocli.CommandLine.Option;

/**
 * The {@code --no-progress} switch, mixed into every command that trains: {@code @Mixin ProgressOption progress;}.
 *
 * <pre>{@code
 * try (ProgressListener bar = ProgressListener.start("fm", steps, progress.enabled())) {
 *     Trainer.builder(model).config(config).loss(loss).listener(bar).build().fit(data, noise);
 * }
 * }</pre>
 */
public final class ProgressOption {
    @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
    private boolean noProgress;

    /** @return whether the user allowed a progress bar */
    public boolean enabled() {
        return !noProgress;
    }
}
