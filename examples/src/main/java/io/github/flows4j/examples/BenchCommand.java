package io.github.flows4j.examples;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.bench.BenchRegistry;
import io.github.flows4j.examples.bench.BenchResult;
import io.github.flows4j.examples.bench.BenchRunner;
import io.github.flows4j.examples.bench.BenchWorkload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j bench [--threads N] [--repeats R] [--warmup W] [--warmup-seconds S] <workload...>}: runs the named workloads of
 * {@code shared/bench/WORKLOADS.md} (all registered ones if none is named) and prints one line per workload in the
 * format of {@code torch_ref.py}: {@code bench=<name> impl=flows4j threads=<n> median_ms=<x> min_ms=<y> repeats=<r>}.
 *
 * <p>The thread count is applied to ND4J's own thread pools and to BLAS. OpenMP reads {@code OMP_NUM_THREADS}
 * once, when the native library loads, so for an exact match run with {@code OMP_NUM_THREADS=<n>} set; a note on
 * stderr says so when it is not.
 *
 * <pre>{@code
 * OMP_NUM_THREADS=1 java -jar flows4j.jar bench --threads 1 --repeats 20 hvp
 * }</pre>
 */
@Command(name = "bench", description = "Time benchmark workloads; prints one line each, in torch_ref.py's format.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--repeats", defaultValue = "20", description = "Counted repetitions (default ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Uncounted warm-up repetitions, at least 3 (default ${DEFAULT-VALUE}: the JIT compiles a "
                    + "step's code over its first 5-10 runs; torch_ref.py warms up 3 times).")
    private int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "5",
            description = "Also warm up until this many seconds have passed (default ${DEFAULT-VALUE}: the JVM's JIT "
                    + "compiles a step of many small ops over its first seconds; 0 turns it off).")
    private double warmupSeconds;

    @Option(names = "--alloc",
            description = "Also print the bytes one step allocates (Java heap; off-heap arrays the pool could not "
                    + "serve), measured over --repeats more steps.")
    private boolean alloc;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed for inputs and weights (default ${DEFAULT-VALUE}).")
    private long seed;

    @Parameters(arity = "0..*", paramLabel = "<workload>",
            description = "Workloads to run (default: all). Known: ${COMPLETION-CANDIDATES}.",
            completionCandidates = WorkloadNames.class)
    private List<String> workloads = new ArrayList<>();

    /** The registered workload names, for the help text. */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchRegistry.standard().names().iterator();
        }
    }

    @Override
    public Integer call() {
        BenchRegistry registry = BenchRegistry.standard();
        List<String> names = workloads.isEmpty() ? new ArrayList<>(registry.names()) : workloads;
        for (String n : names) {
            if (!registry.contains(n)) {
                throw new ParameterException(spec.commandLine(), registry.unknown(n));
            }
        }
        if (repeats < 1) {
            throw new ParameterException(spec.commandLine(), "--repeats must be >= 1; got " + repeats);
        }
        if (warmup < BenchRunner.MIN_WARMUP) {
            throw new ParameterException(spec.commandLine(), "--warmup must be >= " + BenchRunner.MIN_WARMUP
                    + "; got " + warmup);
        }
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
            throw new ParameterException(spec.commandLine(), "--warmup-seconds must be >= 0; got " + warmupSeconds);
        }
        int threads = threads();
        applyThreads(threads, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        for (String n : names) {
            BenchWorkload w = registry.create(n);
            BenchResult r = BenchRunner.run(w, Rng.seeded(seed), warmup, warmupSeconds, repeats, threads);
            out.println(r.line());
            if (alloc) {
                out.println(BenchRunner.allocation(w, repeats).line());
            }
            out.flush();
        }
        return 0;
    }

    /** The inherited {@code --threads}, else {@code FLOWS4J_THREADS}, else {@code OMP_NUM_THREADS}, else the cores. */
    private int threads() {
        OptionSpec option = spec.findOption(NativeThreads.OPTION);
        Integer given = option == null ? null : option.getValue();
        return NativeThreads.effective(given == null ? OptionalInt.empty() : OptionalInt.of(given), System.getenv());
    }

    private static void applyThreads(int threads, PrintWriter err) {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null || !omp.strip().equals(Integer.toString(threads))) {
            err.println("bench: note: OMP_NUM_THREADS is " + (omp == null ? "unset" : "'" + omp + "'")
                    + "; threads=" + threads + " is applied to ND4J and BLAS, but for an exact match run with "
                    + "OMP_NUM_THREADS=" + threads + " set");
            err.flush();
        }
        io.github.flows4j.core.Flows4j.threads(threads);
    }
}
