package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.random.Rng;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class TrainingLoopTest {
    /** y = sin(2 x1) + x2² on [-1, 1]²: smooth, nonlinear, learnable by a small MLP. */
    private static INDArray target(INDArray x) {
        INDArray x1 = x.getColumn(0).dup();
        INDArray x2 = x.getColumn(1).dup();
        return Transforms.sin(x1.muli(2), false).addi(x2.muli(x2)).reshape(x.rows(), 1);
    }

    private static double step(Mlp net, Optimizer opt, Tensor x, Tensor y) {
        TensorScope scope = TensorScope.open();
        try {
            opt.zeroGrad();
            Tensor loss = net.forward(x).sub(y).square().mean();
            loss.backward();
            GradClip.clipGlobalNorm(net.parameters(), 10.0);
            opt.step();
            return loss.item();
        } finally {
            scope.close();
        }
    }

    @Test
    void mlpRegressionLossFallsTenfold() {
        Rng rng = Rng.seeded(2024);
        Mlp net = Mlp.builder().sizes(2, 32, 32, 1).activation(Activation.TANH).dtype(DataType.FLOAT).build(rng);
        INDArray xs = rng.uniform(-1, 1, DataType.FLOAT, 256, 2);
        Tensor x = Tensor.constant(xs);
        Tensor y = Tensor.constant(target(xs));
        Optimizer opt = new AdamW(net.parameters(), AdamConfig.builder()
                .lr(LrSchedule.cosine(1e-2, 600, 1e-4).withWarmup(20)).weightDecay(1e-4).build());
        Ema ema = new Ema(net.parameters(), 0.95);
        double first = step(net, opt, x, y);
        double last = first;
        for (int i = 1; i < 620; i++) {
            last = step(net, opt, x, y);
            ema.update();
        }
        assertTrue(last < first / 10, "loss " + first + " -> " + last);
        double emaLoss;
        Ema.Swap swap = ema.swapIn();
        TensorScope scope = TensorScope.open();
        try {
            emaLoss = net.forward(x).sub(y).square().mean().item();
        } finally {
            scope.close();
            swap.close();
        }
        assertTrue(emaLoss < first / 10, "EMA weights' loss " + emaLoss + " vs initial " + first);
    }

    /**
     * 10,000 Adam steps, each in its own TensorScope, must keep resident memory flat: every intermediate, gradient
     * and optimizer buffer is released or reused. Resident memory ({@link Pointer#physicalBytes()}) is read after a
     * warm-up that lets the allocator, the JIT and the heap size reach their steady state (about 2,000 steps and one
     * full collection), and only once it has settled: ND4J frees the few arrays left to the garbage collector on its
     * own threads, after a collection. The JVM heap is part of the resident set; it stays flat too.
     */
    @Test
    void tenThousandStepsKeepResidentMemoryFlat() throws InterruptedException {
        Rng rng = Rng.seeded(7);
        Mlp net = Mlp.builder().sizes(2, 16, 1).activation(Activation.SILU).dtype(DataType.FLOAT).build(rng);
        INDArray xs = rng.uniform(-1, 1, DataType.FLOAT, 64, 2);
        Tensor x = Tensor.constant(xs);
        Tensor y = Tensor.constant(target(xs));
        Optimizer opt = Adam.of(net.parameters(), 1e-3);
        for (int i = 0; i < 2_000; i++) {
            step(net, opt, x, y);
        }
        // one collect-and-regrow cycle first: the first full collection after the warm-up also resizes the heap
        settledResidentBytes();
        for (int i = 0; i < 500; i++) {
            step(net, opt, x, y);
        }
        long before = settledResidentBytes();
        long[] samples = new long[4];
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            step(net, opt, x, y);
            if ((i + 1) % 2_500 == 0) {
                samples[i / 2_500] = (settledResidentBytes() - before) >> 20;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long growth = settledResidentBytes() - before;
        long bound = 64L << 20;
        String trend = "growth in MiB every 2,500 steps: " + java.util.Arrays.toString(samples);
        assertTrue(growth < bound, "resident memory grew by " + (growth >> 20)
                + " MiB over 10,000 steps (bound 64 MiB);"
                + " " + trend);
        System.out.printf("10,000 steps in %.1f s; resident growth %.1f MiB; %s; heap committed %d MiB%n", seconds,
                growth / 1048576.0, trend,
                java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);
    }

    /** Collects garbage until the resident size changes by less than 2 MiB between rounds (at most 6 rounds). */
    private static long settledResidentBytes() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long now = Pointer.physicalBytes();
        for (int round = 0; round < 6 && Math.abs(now - previous) >= (2L << 20); round++) {
            System.gc();
            Thread.sleep(100);
            previous = now;
            now = Pointer.physicalBytes();
        }
        return now;
    }
}
