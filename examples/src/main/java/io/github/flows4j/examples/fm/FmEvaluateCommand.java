package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OutputOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm evaluate --checkpoint F}: loads a model that {@code fm} trained and prints its exact test NLL
 * (the same number the training run printed, for the same {@code --dataset}, {@code --test-size}, {@code --seed}
 * and {@code --tol}) and writes the sample, density and trajectory PNGs. An SB-CFM checkpoint ({@code --variant
 * sb-cfm --sigma S}, as trained) also gets the training run's comparison of ODE and bridge-SDE samples.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm --steps 3000 -o runs/a
 * java -jar flows4j.jar fm evaluate --checkpoint runs/a/fm.ckpt -o runs/a-eval
 * java -jar flows4j.jar fm --variant sb-cfm --sigma 0.5 --source 8gaussians --dataset moons -o runs/sb
 * java -jar flows4j.jar fm evaluate --checkpoint runs/sb/fm.ckpt --variant sb-cfm --sigma 0.5 \
 *     --source 8gaussians --dataset moons
 * }</pre>
 */
@Command(name = "evaluate", defaultValueProvider = FmEvaluateCommand.Defaults.class,
        description = "Load a checkpoint of fm; print the exact test NLL and write the sample, density and "
        + "trajectory PNGs.")
public final class FmEvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private FmModelOptions model;

    @Mixin
    private OutputOptions output;

    @Mixin
    private BridgeSdeOptions bridgeSde;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        FmCommand.requireSbCfmForSde(spec, model.variant());
        Fm2dConfig config = FmCommand.configOrUsageError(spec, model::config);
        Fm2dRun run = new Fm2dRun(config).load(model.checkpoint());
        Fm2dRun.Result r = run.evaluate();
        String bridge = "";
        if (model.variant() == CfmVariant.SB_CFM) {
            Fm2dRun.BridgeResult b = run.bridgeSampling(FmCommand.BRIDGE_POINTS, bridgeSde.steps());
            bridge = String.format(Locale.ROOT, " ode_w2=%.4f sde_w2=%.4f floor_w2=%.4f sde_steps=%d", b.odeW2(),
                    b.sdeW2(), b.floorW2(), b.sdeSteps());
        }
        Path out = null;
        if (!noPlots) {
            out = output.create();
            Fm2dPlots.all(out, config.dataset(), run);
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm evaluate checkpoint=%s dataset=%s steps=%d%s%s%s%n", model.checkpoint(),
                config.dataset().id(), r.stepsDone(), FmCommand.evaluationFields(config.dataset(), r), bridge,
                out == null ? "" : " out=" + out);
        stdout.println(FmCommand.legend(config.dataset())
                + (bridge.isEmpty() ? "" : "; " + FmCommand.BRIDGE_LEGEND));
        stdout.flush();
        return 0;
    }

    /** Writes next to the training run's folder by default. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--out", "fm-eval");
        }
    }
}
