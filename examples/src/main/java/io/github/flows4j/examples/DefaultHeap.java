package io.github.flows4j.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Gives {@code java -jar flows4j.jar} a bounded heap without user flags. A JVM started without {@code -Xmx} lets G1
 * grow its heap to a quarter of the machine's memory, and ND4J's off-heap buffers, freed only when the heap's
 * garbage is collected, grow with it: a long training run then holds gigabytes it does not need. So when no heap
 * limit was given, {@link Flows4jCli#main} re-runs itself once in a child JVM with {@code -Xmx} set to
 * {@value #DEFAULT_HEAP} (JavaCPP's off-heap limit follows the heap's), forwarding the JVM options, the arguments,
 * stdin/stdout/stderr and the exit code. A heap given by the user ({@code -Xmx}, {@code -XX:MaxHeapSize},
 * {@code -XX:MaxRAMPercentage}, also through {@code JDK_JAVA_OPTIONS}) is left alone, as is a run with
 * {@code FLOWS4J_DEFAULT_HEAP=off} and a run under a debugger agent ({@code -agentlib:jdwp}, whose port the child
 * could not open again). The child gets the parent's JVM options once, as arguments: {@code JDK_JAVA_OPTIONS} and
 * {@code JAVA_TOOL_OPTIONS}, already part of them, are removed from its environment.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                       # runs with -Xmx512m in a child JVM
 * java -Xmx4g -jar flows4j.jar rfm               # runs as given
 * }</pre>
 */
final class DefaultHeap {
    /**
     * The heap limit a run gets when the user gave none. G1 fills whatever heap it is given with ND4J's per-buffer
     * bookkeeping of released arrays (a reference object, an id string and a native handle per buffer, dropped only
     * when the old generation is collected), so resident memory follows this limit: with 768m, {@code cpflow-toy},
     * {@code gflownet} and {@code compress train} peaked at 1.5–1.6 GB, with 512m at 1.06–1.22 GB, with the same
     * results (docs/benchmarks.md, Memory). No command holds more than ~150 MB of live heap.
     */
    static final String DEFAULT_HEAP = "512m";
    private static final String MARKER = "flows4j.defaultHeap";

    private DefaultHeap() {
    }

    /**
     * @param jvmArgs the JVM's input arguments
     * @return whether they set a heap limit
     */
    static boolean heapGiven(List<String> jvmArgs) {
        for (String a : jvmArgs) {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:MaxRAM")
                    || a.startsWith("-D" + MARKER)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param jvmArgs the JVM's input arguments
     * @return whether a debugger agent listens in this JVM (a child could not open its port again)
     */
    static boolean debugged(List<String> jvmArgs) {
        for (String a : jvmArgs) {
            if (a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The child's command line: the default heap, the marker that stops it relaunching, the parent's JVM options,
     * its class path, the CLI's main class and the arguments.
     *
     * @param java      the java executable
     * @param jvmArgs   the parent's JVM input arguments
     * @param classPath the parent's class path
     * @param args      the command line's arguments
     * @return the child's command
     */
    static List<String> childCommand(String java, List<String> jvmArgs, String classPath, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx" + DEFAULT_HEAP);
        command.add("-D" + MARKER + "=" + DEFAULT_HEAP);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(Flows4jCli.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs the command line in a child JVM with the default heap, unless a heap was given, this is the child, the
     * user turned it off, a debugger is attached, or the JVM's command or class path is unknown.
     *
     * @param args the command line's arguments
     * @return the child's exit code, or empty if this JVM should run the command itself
     */
    static OptionalInt relaunch(String[] args) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean off = "off".equalsIgnoreCase(System.getenv("FLOWS4J_DEFAULT_HEAP"));
        if (off || heapGiven(jvmArgs) || debugged(jvmArgs)) {
            return OptionalInt.empty();
        }
        String java = ProcessHandle.current().info().command().orElse(null);
        String classPath = System.getProperty("java.class.path");
        if (java == null || classPath == null || classPath.isEmpty() || !Files.isExecutable(Path.of(java))) {
            return OptionalInt.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(childCommand(java, jvmArgs, classPath, args)).inheritIO();
        // the parent's input arguments already hold these; inherited, the child would apply them twice
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        NativeThreads.intoChild(NativeThreads.given(args), builder.environment());
        try {
            Process child = builder.start();
            Thread stop = new Thread(child::destroy, "flows4j-stop-child");
            Runtime.getRuntime().addShutdownHook(stop);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return OptionalInt.of(code);
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }
}
