package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import io.github.flows4j.examples.Flows4jCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/** One convention for every command: enum choices, range checks, the output folder, defaults in --help, exit codes. */
class CliConventionsTest {
    private static final Pattern CHOICES = Pattern.compile("expected one of \\[([^\\]]*)\\] but was '([^']*)'");

    /** @return the listed names of an "expected one of [...]" usage error, after checking the exit code */
    private static String listed(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exitCode(), r.err());
        Matcher m = CHOICES.matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals(args[args.length - 1], m.group(2));
        assertFalse(m.group(1).contains("."), "a class path among the names: " + m.group(1));
        return m.group(1);
    }

    @Test
    void unknownEnumValuesAreUsageErrorsThatListTheValidNames() {
        CliRun dtype = CliRun.of("cpflow-toy", "--dtype", "half");
        assertEquals(2, dtype.exitCode());
        assertTrue(dtype.err().startsWith("Invalid value for option '--dtype': expected one of [float, double] "
                + "but was 'half'"), dtype.err());
        assertEquals("float, double", listed("cpflow-ot", "--dtype", "half"));
        assertEquals("cg, exact", listed("cpflow-ot", "--logdet", "magic"));
        assertEquals("fm, ffjord", listed("fm", "--objective", "gan"));
        assertEquals("condot, vp, linear_vp, cosine", listed("fm", "--path", "spiral"));
        assertTrue(listed("fm", "--dataset", "spiral").startsWith("checkerboard, 8gaussians"));
        assertEquals("volcano, earthquake, flood, fire, all", listed("rfm", "--dataset", "mars"));
        assertEquals("auto, cosine, constant", listed("rfm-torus", "--lr-schedule", "step"));
        assertEquals("project, walk", listed("rfm-maze", "--relocation", "fly"));
    }

    @Test
    void enumValuesIgnoreCaseAndDashes() {
        ParseResult toy = Flows4jCli.commandLine().parseArgs("cpflow-toy", "--dtype", "DOUBLE", "--logdet", "Exact",
                "--dataset", "8GAUSSIANS");
        assertEquals(Precision.DOUBLE, toy.subcommand().matchedOptionValue("--dtype", null));
        assertEquals("EXACT", toy.subcommand().matchedOptionValue("--logdet", null).toString());
        assertEquals("8gaussians", ((io.github.flows4j.core.data.Toy2d) toy.subcommand()
                .matchedOptionValue("--dataset", null)).id());
        ParseResult ot = Flows4jCli.commandLine().parseArgs("cpflow-ot", "--dtype", "float32");
        assertEquals(Precision.FLOAT, ot.subcommand().matchedOptionValue("--dtype", null));
        ParseResult fm = Flows4jCli.commandLine().parseArgs("fm", "--path", "Linear-VP", "--objective", "FFJORD");
        assertEquals("LINEAR_VP", fm.subcommand().matchedOptionValue("--path", null).toString());
        assertEquals("FFJORD", fm.subcommand().matchedOptionValue("--objective", null).toString());
    }

    @Test
    void outOfRangeValuesAreUsageErrorsNamingTheOption() {
        CliRun batch = CliRun.of("cpflow-ot", "--batch", "0");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().startsWith("Invalid value for option '--batch': must be >= 1 but was '0'"), batch.err());
        CliRun lr = CliRun.of("fm", "--lr", "-1");
        assertEquals(2, lr.exitCode());
        assertTrue(lr.err().startsWith("Invalid value for option '--lr': must be > 0 and finite but was '-1'"),
                lr.err());
        CliRun hidden = CliRun.of("rfm-torus", "--hidden", "16,0");
        assertEquals(2, hidden.exitCode());
        assertTrue(hidden.err().contains("'--hidden'") && hidden.err().contains("must be >= 1 but was '0'"),
                hidden.err());
        CliRun tol = CliRun.of("rfm", "--tol", "0");
        assertEquals(2, tol.exitCode());
        assertTrue(tol.err().startsWith("Invalid value for option '--tol'"), tol.err());
    }

    @Test
    void anOutputFolderThatIsAFileIsAUsageError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "not a folder");
        for (String command : new String[] {"fm", "cpflow-toy", "rfm", "rfm-torus", "rfm-mesh", "rfm-maze", "ppd"}) {
            for (String flag : new String[] {"-o", "--out"}) {
                CliRun r = CliRun.of(command, flag, file.toString(), "--no-progress");
                assertEquals(2, r.exitCode(), command + ": " + r.err());
                assertTrue(r.err().startsWith("Invalid value for option '--out': '" + file + "' is an existing file"),
                        command + ": " + r.err());
                assertEquals("", r.out());
            }
        }
        CliRun under = CliRun.of("fm", "-o", file.resolve("sub").toString());
        assertEquals(2, under.exitCode());
        assertTrue(under.err().startsWith("Invalid value for option '--out': cannot create directory"), under.err());
        assertEquals("", Files.readString(file).replace("not a folder", ""), "the file is left alone");
    }

    @Test
    void helpShowsEachCommandsDefaults() {
        String fm = help("fm");
        for (String s : new String[] {"--steps=<steps> Training steps (default 10000)", "Batch size (default 512)",
            "(default 128,128,128)", "Adam learning rate (default 2e-3)", "(default checkerboard)",
            "Test points for the NLL (default 2000)", "(default 1e-5)", "Output folder (default fm-out)",
            "(default fm)", "(default condot)", "Seed of every random draw (default 0)"}) {
            assertTrue(fm.contains(s), s + " in " + fm);
        }
        String toy = help("cpflow-toy");
        for (String s : new String[] {"Training iterations (default 1500)", "Batch size (default 128)",
            "(default 5e-3)", "(default 8gaussians)", "(default 10000)", "ICNN hidden layers (default 20)",
            "ICNN width, even (default 32)", "(default cg)", "float, double (default double)",
            "Output folder (default cpflow-toy)"}) {
            assertTrue(toy.contains(s), s + " in " + toy);
        }
        String ot = help("cpflow-ot");
        for (String s : new String[] {"Training iterations (default 782)", "Batch size (default 128)",
            "(default 0.05)", "ICNN hidden layers (default 5)", "ICNN width, even (default 64)", "(default exact)",
            "(default 100000)"}) {
            assertTrue(ot.contains(s), s + " in " + ot);
        }
        assertTrue(help("rfm-maze").contains("Output folder (default rfm-maze-out)"));
        assertTrue(help("rfm-mesh").contains("Output folder (default rfm-mesh-out)"));
        assertTrue(help("rfm").contains("(default rfm-out)"));
        assertTrue(help("rfm-torus").contains("(default rfm-torus-out)"));
    }

    private static String help(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        return r.out().replaceAll("\\s+", " ");
    }
}
