package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.SolverOptions;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code fm evaluate} and {@code fm sample} need to rebuild a trained model and its evaluation: the checkpoint,
 * the network's {@code --hidden} widths, the options that fix the test set and the solves ({@code --dataset},
 * {@code --test-size}, {@code --seed}, {@code --tol}), and for an SB-CFM run ({@code --variant sb-cfm}, whose
 * checkpoint holds the flow and the score) its {@code --sigma}. Give the values the training run had; the defaults
 * are {@code fm}'s.
 *
 * <pre>{@code
 * @Mixin FmModelOptions model;
 * Fm2dRun run = new Fm2dRun(model.config()).load(model.checkpoint());
 * }</pre>
 */
public final class FmModelOptions {
    @Option(names = "--checkpoint", required = true, paramLabel = "<ckpt>",
            description = "The checkpoint a training run wrote, e.g. fm-out/fm.ckpt.")
    private Path checkpoint;

    @Option(names = "--hidden", defaultValue = FmCommand.HIDDEN, split = ",", converter = Bounds.AtLeastOne.class,
            description = "Hidden widths the model was trained with (default ${DEFAULT-VALUE}).")
    private int[] hidden;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the training run: fixes the test set and the noise (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--source", defaultValue = "gaussian", converter = FmCommand.SourceChoices.class,
            completionCandidates = FmCommand.SourceChoices.class,
            description = "The source the model was trained from: ${COMPLETION-CANDIDATES} (default "
                    + "${DEFAULT-VALUE}).")
    private Fm2dSource source;

    @Option(names = "--variant", converter = FmCommand.VariantChoices.class,
            completionCandidates = FmCommand.VariantChoices.class,
            description = "The training run's --variant, if any: ${COMPLETION-CANDIDATES}; sb-cfm loads the flow and "
                    + "the score and samples the bridge SDE too.")
    private CfmVariant variant;

    @Option(names = "--sigma", defaultValue = "0",
            description = "The training run's --sigma (the bridge SDE's noise with --variant sb-cfm; default "
                    + "${DEFAULT-VALUE}).")
    private double sigma;

    @Mixin
    private ToyDataOptions data;

    @Mixin
    private SolverOptions solver;

    /** @return the checkpoint file */
    public Path checkpoint() {
        return checkpoint;
    }

    /** @return the training run's {@code --variant}, or null */
    public CfmVariant variant() {
        return variant;
    }

    /** @return the experiment these options describe (training settings at their defaults; they are not used) */
    public Fm2dConfig config() {
        return Fm2dConfig.builder().dataset(data.dataset()).source(source).hidden(hidden).testSize(data.testSize())
                .tolerance(solver.tol()).seed(seed).variant(variant).sigma(sigma).build();
    }
}
