package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Flows4jCliTest {

    @Test
    void helpListsEverySubcommandOnStdout() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: flows4j"), r.out());
        assertTrue(r.out().contains("--verbose"), r.out());
        for (String sub : new String[] {"datasets", "bench"}) {
            assertTrue(r.out().contains("\n  " + sub + " "), "help should list " + sub + ":\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void everyRegisteredSubcommandHasHelp() {
        for (String sub : Flows4jCli.commandLine().getSubcommands().keySet()) {
            CliRun r = CliRun.of(sub, "--help");
            assertEquals(0, r.exitCode(), sub);
            assertTrue(r.out().startsWith("Usage: flows4j " + sub), r.out());
        }
    }

    @Test
    void versionNamesFlows4jAndNd4j() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("flows4j "), r.out());
        assertTrue(r.out().contains("ND4J 1.0.0-M2.1"), r.out());
    }

    @Test
    void missingOrUnknownCommandIsAUsageError() {
        CliRun none = CliRun.of();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().startsWith("missing command; choose one of: fm, fm-discrete, fm-images, cpflow-toy, "
                + "cpflow-ot, rfm, rfm-torus, rfm-mesh, rfm-maze, ppd, ncl-hodge, ncl-ot, ncl-fluid, sde-bnn, "
                + "gflownet, compress, sac, smac, spark-fm, voronoi-dequant, voronoi-mixture, datasets, bench"),
                none.err());
        assertEquals("", none.out());
        CliRun unknown = CliRun.of("frobnicate");
        assertEquals(2, unknown.exitCode());
    }

    @Test
    void verboseIsReadFromRawArgumentsBeforeParsing() {
        String before = System.getProperty(Flows4jCli.LOG_LEVEL_PROPERTY);
        try {
            Flows4jCli.configureEnvironment(new String[] {"datasets", "--", "--verbose"});
            assertEquals(before, System.getProperty(Flows4jCli.LOG_LEVEL_PROPERTY), "after -- it is an operand");
            Flows4jCli.configureEnvironment(new String[] {"bench", "--verbose", "hvp"});
            assertEquals("info", System.getProperty(Flows4jCli.LOG_LEVEL_PROPERTY));
            assertEquals("true", System.getProperty("java.awt.headless"));
        } finally {
            if (before == null) {
                System.clearProperty(Flows4jCli.LOG_LEVEL_PROPERTY);
            } else {
                System.setProperty(Flows4jCli.LOG_LEVEL_PROPERTY, before);
            }
        }
    }
}
