package io.github.flows4j.examples;

import io.github.flows4j.core.train.TrainingDivergedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code flows4j} command line: one sub-command per example or tool, registered in {@link #SUBCOMMANDS}.
 * Quiet by default — results alone go to stdout; logging (slf4j-simple, level WARN from
 * {@code simplelogger.properties}) goes to stderr, and {@code --verbose} raises it to INFO. The level is fixed
 * before any ND4J class loads, which is why {@link #main} reads {@code --verbose} from the raw arguments before
 * picocli parses them. AWT runs headless so charts render without a display.
 *
 * <pre>{@code
 * java -jar flows4j.jar --help
 * java -jar flows4j.jar datasets checkerboard --out checkerboard.png
 * java -jar flows4j.jar --verbose bench hvp
 * }</pre>
 */
@Command(name = "flows4j", mixinStandardHelpOptions = true, versionProvider = Flows4jCli.Version.class,
        scope = ScopeType.INHERIT,
        description = "Continuous-time generative models on the JVM: examples and benchmarks.")
public final class Flows4jCli implements Callable<Integer> {
    /** The system property slf4j-simple reads its default level from. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /** Every sub-command, in the order {@code --help} lists them: later examples add one line here. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(io.github.flows4j.examples.fm.FmCommand::new,
            io.github.flows4j.examples.fm.discrete.FmDiscreteCommand::new,
            io.github.flows4j.examples.fm.images.FmImagesCommand::new,
            io.github.flows4j.examples.cpflow.CpflowToyCommand::new,
            io.github.flows4j.examples.cpflow.CpflowOtCommand::new, io.github.flows4j.examples.rfm.RfmEarthCommand::new,
            io.github.flows4j.examples.rfm.RfmTorusCommand::new, io.github.flows4j.examples.rfm.RfmMeshCommand::new,
            io.github.flows4j.examples.rfm.RfmMazeCommand::new, io.github.flows4j.examples.rfm.PpdCommand::new,
            io.github.flows4j.examples.ncl.NclHodgeCommand::new,
            io.github.flows4j.examples.ncl.NclOtCommand::new, io.github.flows4j.examples.ncl.NclFluidCommand::new,
            io.github.flows4j.examples.sdebnn.SdeBnnCommand::new, io.github.flows4j.examples.gfn.GflownetCommand::new,
            io.github.flows4j.examples.compress.CompressCommand::new,
            io.github.flows4j.examples.rl.SacCommand::new, io.github.flows4j.examples.rl.SmacCommand::new,
            io.github.flows4j.examples.spark.SparkFmCommand::new,
            io.github.flows4j.examples.voronoi.VoronoiDequantCommand::new,
            io.github.flows4j.examples.voronoi.VoronoiMixtureCommand::new,
            DatasetsCommand::new, BenchCommand::new);

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at INFO level on stderr (ND4J start-up, progress details).")
    private boolean verbose;

    @Option(names = NativeThreads.OPTION, scope = ScopeType.INHERIT, paramLabel = "N",
            converter = io.github.flows4j.examples.support.Bounds.AtLeastOne.class,
            description = "Most threads one op may use (default: FLOWS4J_THREADS, else OMP_NUM_THREADS, else every "
                    + "core; small ops always run on the calling thread).")
    private Integer threads;

    /**
     * Runs the command line and exits with its status (0 ok, 1 failure, 2 usage error) — in a child JVM with a
     * bounded heap when none was given ({@link DefaultHeap}).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        java.util.OptionalInt child = DefaultHeap.relaunch(args);
        if (child.isPresent()) {
            System.exit(child.getAsInt());
        }
        configureEnvironment(args);
        NativeThreads.inThisJvm(NativeThreads.given(args));
        System.exit(commandLine().execute(args));
    }

    /**
     * Sets the log level and headless AWT from the raw arguments; must run before anything touches ND4J or slf4j.
     *
     * @param args the raw arguments
     */
    static void configureEnvironment(String[] args) {
        System.setProperty("java.awt.headless", "true");
        for (String a : args) {
            if ("--".equals(a)) {
                break;
            }
            if ("--verbose".equals(a)) {
                System.setProperty(LOG_LEVEL_PROPERTY, "info");
            }
        }
    }

    /**
     * The configured command line: every sub-command registered, enum values matched case-insensitively, errors
     * reported without stack traces. Exit codes follow picocli: 0 ok, 1 a failure while running, 2 a usage error
     * (unknown option, a value out of range or not among the choices, which the message lists).
     *
     * @return the command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Flows4jCli());
        for (Supplier<Object> s : SUBCOMMANDS) {
            cl.addSubcommand(s.get());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String message = ex instanceof IllegalArgumentException ? ex.getMessage() : ex.toString();
            if (ex instanceof TrainingDivergedException d) {
                message = diverged(d, commandLine);
            }
            err.println("flows4j " + commandLine.getCommandName() + ": error: " + message);
            if (verbose(parseResult)) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        return cl;
    }

    /**
     * The message of a diverged run: the step, its loss, the rate it trained at and the {@code --lr} given, with
     * what to do about it.
     */
    static String diverged(TrainingDivergedException d, CommandLine commandLine) {
        OptionSpec lr = commandLine.getCommandSpec().findOption("--lr");
        String given = lr == null ? "" : " (--lr " + lr.getValue() + ")";
        String where = d.parameter() == null ? "" : ", gradient of '" + d.parameter() + "' not finite";
        String why = d.getCause() == null ? "" : " (" + d.getCause().getMessage() + ")";
        if (!Double.isNaN(d.limit())) {
            why = " exploded past " + d.limit() + " (10^6 times the first step's loss)";
        }
        return "training diverged at step " + d.step() + ": loss " + d.loss() + why + where + ", learning rate "
                + d.learningRate() + given
                        + ". No checkpoint was written for it: the last one on disk is the last good "
                + "state. Lower --lr and rerun.";
    }

    /** @return whether --verbose was given anywhere on the command line */
    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command; choose one of: "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }

    /** Reports flows4j's version, the ND4J version and the Java runtime. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "flows4j " + mavenVersion("io.github.flows4j", "examples", "(development build)"),
                "ND4J " + mavenVersion("org.nd4j", "nd4j-api", "(unknown)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }

        private static String mavenVersion(String group, String artifact, String fallback) {
            String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
            try (InputStream in = Flows4jCli.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return fallback;
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", fallback);
            } catch (IOException e) {
                return fallback;
            }
        }
    }
}
