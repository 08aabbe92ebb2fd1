package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.convex.cpflow.CpFlowBlock;
import io.github.flows4j.convex.logdet.CgConfig;
import io.github.flows4j.convex.logdet.ConjugateGradient;
import io.github.flows4j.convex.logdet.HessianOperator;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the time of one {@code cpflow_step} goes: the step of {@link CpflowStepWorkload} split into its phases,
 * each timed and its tensor ops counted (every op result registers with the open {@link TensorScope}), plus the
 * recorded graph of ∇F by op kind. Prints a table; run it by hand (it is tagged slow):
 * {@code OMP_NUM_THREADS=1 mvn -B -q -o -pl examples -am test -Dtest=CpflowStepProfileTest
 * -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class CpflowStepProfileTest {
    private static final String[] PHASES = {"sample batch", "F and f = grad F (graph)", "CG: 10 H·p, no graph",
        "H·v with graph, log N, loss", "backward", "Adam step"};

    @Test
    void profileOneTrainingStep() {
        CpflowStepWorkload w = new CpflowStepWorkload();
        Rng rng = Rng.seeded(0);
        w.setUp(rng);
        CpFlowBlock block = (CpFlowBlock) w.flow().layers().get(0);
        ConvexPotential potential = block.potential();
        Optimizer opt = Adam.of(w.flow().parameters(), 1e-3);
        int warmup = 5;
        int repeats = Integer.getInteger("profile.repeats", 20);
        double[] ms = new double[PHASES.length];
        long[] ops = new long[PHASES.length];
        Map<String, Integer> graph = new TreeMap<>();
        for (int rep = 0; rep < warmup + repeats; rep++) {
            boolean count = rep >= warmup;
            long[] t = new long[PHASES.length + 1];
            long[] n = new long[PHASES.length];
            long[] cgOps = {0};
            try (TensorScope scope = TensorScope.open()) {
                t[0] = System.nanoTime();
                Tensor x = Tensor.constant(Toy2d.EIGHT_GAUSSIANS.sample(128, rng, DataType.FLOAT));
                n[0] = scope.size();
                t[1] = System.nanoTime();
                HessianOperator h = potential.hessianAt(x, null);
                n[1] = scope.size() - n[0];
                t[2] = System.nanoTime();
                Tensor v = Tensor.constant(rng.rademacher(DataType.FLOAT, 128, 2));
                UnaryOperator<INDArray> counted = p -> {
                    try (TensorScope inner = TensorScope.open()) {
                        INDArray r = h.apply(Tensor.constant(p), false).value().dup();
                        cgOps[0] += inner.size();
                        return r;
                    }
                };
                INDArray u = ConjugateGradient.solve(counted, v.value(), CgConfig.fixed(10)).solution();
                n[2] = cgOps[0];
                t[3] = System.nanoTime();
                long before = scope.size();
                Tensor surrogate = h.apply(v, true).mul(Tensor.constant(u)).sum(1, true);
                Tensor loss = w.flow().base().logProb(h.gradient()).add(surrogate).mean().neg();
                n[3] = scope.size() - before;
                t[4] = System.nanoTime();
                before = scope.size();
                opt.zeroGrad();
                loss.backward();
                n[4] = scope.size() - before;
                t[5] = System.nanoTime();
                opt.step();
                t[6] = System.nanoTime();
                if (count && rep == warmup) {
                    countGraph(loss, graph);
                }
            }
            if (count) {
                for (int i = 0; i < PHASES.length; i++) {
                    ms[i] += (t[i + 1] - t[i]) / 1e6 / repeats;
                    ops[i] = n[i];
                }
            }
        }
        double total = 0;
        for (double m : ms) {
            total += m;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-30s %9s %7s %10s%n", "phase", "mean_ms",
                "ops", "us_per_op"));
        for (int i = 0; i < PHASES.length; i++) {
            sb.append(String.format(Locale.ROOT, "%-30s %9.2f %7d %10s%n", PHASES[i], ms[i], ops[i],
                    ops[i] > 0 ? String.format(Locale.ROOT, "%.1f", ms[i] * 1000 / ops[i]) : "-"));
        }
        sb.append(String.format(Locale.ROOT, "%-30s %9.2f%n", "total", total));
        sb.append("recorded graph of the loss, nodes by op: ").append(graph).append('\n');
        System.out.print(sb);
        assertTrue(total > 0);
    }

    /** Counts the recorded nodes reachable from the loss, by op name. */
    private static void countGraph(Tensor loss, Map<String, Integer> out) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> todo = new ArrayDeque<>();
        todo.push(loss);
        while (!todo.isEmpty()) {
            Tensor t = todo.pop();
            Function f = t.function();
            if (f == null || !seen.add(t)) {
                continue;
            }
            out.merge(f.name(), 1, Integer::sum);
            for (int i = 0; i < f.arity(); i++) {
                todo.push(f.input(i));
            }
        }
    }
}
