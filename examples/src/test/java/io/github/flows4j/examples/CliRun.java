package io.github.flows4j.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the flows4j command line in-process and captures its exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        CommandLine cl = Flows4jCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
