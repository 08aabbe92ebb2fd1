package io.github.flows4j.core.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradOptions;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.autodiff.UnusedInputException;
import io.github.flows4j.core.nn.Layer;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Odeint;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.StepRecord;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.Sdeint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every Java block of {@code docs/pytorch.md} ("flows4j for PyTorch users"), run as written: each test below holds
 * one block verbatim (up to indentation) followed by assertions on what it computed, and
 * {@link #everyJavaBlockOfThePageAppearsVerbatimHere()} fails if the page and this file drift apart.
 */
class PytorchPageTest {

    @Test
    void everyJavaBlockOfThePageAppearsVerbatimHere() throws IOException {
        Path root = repositoryRoot();
        String page = Files.readString(root.resolve("docs/pytorch.md"), StandardCharsets.UTF_8);
        String self = Files.readString(root.resolve(
                "flow-core/src/test/java/io/github/flows4j/core/docs/PytorchPageTest.java"), StandardCharsets.UTF_8);
        List<String> blocks = javaBlocks(page);
        assertTrue(blocks.size() >= 10, "expected the page's ten Java blocks; found " + blocks.size());
        List<String> sourceLines = self.lines().toList();
        for (int i = 0; i < blocks.size(); i++) {
            assertTrue(containsIndented(sourceLines, blocks.get(i).lines().toList()),
                    "Java block " + (i + 1) + " of docs/pytorch.md does not appear verbatim in PytorchPageTest:\n"
                            + blocks.get(i));
        }
    }

    @Test
    void gradientsOfGradients() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Tensor x = Tensor.variable(Nd4j.createFromArray(0.5, 1.0, 2.0));
            Tensor y = x.pow(3).sum();
            GradOptions keep = GradOptions.builder().createGraph(true).build();
            Tensor dy = Autodiff.grad(y, x, keep);                              // 3x²
            Tensor d2y = Autodiff.grad(dy.sum(), x, keep);                      // 6x
            Tensor d3y = Autodiff.grad(d2y.sum(), x, GradOptions.defaults());   // 6
            System.out.println(d3y);   // Tensor([6., 6., 6.], dtype=DOUBLE, shape=[3], requiresGrad=false)
            assertArrayEquals(new double[] {0.75, 3, 12}, dy.toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {3, 6, 12}, d2y.toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {6, 6, 6}, d3y.toDoubleArray(), 1e-12);
        } finally {
            System.setOut(out);
        }
        assertEquals("Tensor([6., 6., 6.], dtype=DOUBLE, shape=[3], requiresGrad=false)",
                printed.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void unusedInputs() {
        Tensor a = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
        Tensor b = Tensor.variable(Nd4j.createFromArray(3.0));
        Tensor loss = a.square().sum();
        Tensor[] g = Autodiff.grad(loss, new Tensor[] {a, b}, GradOptions.builder().allowUnused(true).build());
        // g[1] is null; without allowUnused the call throws UnusedInputException with inputIndex() == 1
        assertNotNull(g[0]);
        assertNull(g[1]);
        UnusedInputException e = assertThrows(UnusedInputException.class,
                () -> Autodiff.grad(loss, new Tensor[] {a, b}, GradOptions.defaults()));
        assertEquals(1, e.inputIndex());
        loss.backward();
        assertNull(b.grad());
    }

    @Test
    void functionalProducts() {
        UnaryOperator<Tensor> f = z -> z.tanh().mul(z);
        Tensor x = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.1, -0.4}, {0.7, 0.2}}));
        Tensor v = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0, 0.5}, {-1.0, 2.0}}));
        Tensor vjp = Autodiff.vjp(f, x, v, false);                        // vᵀ J, shape of x
        Tensor jvp = Autodiff.jvp(f, x, v, false);                        // J v, shape of f(x)
        Tensor hvp = Autodiff.hvp(z -> z.pow(4).sum(), x, v, false);      // ∇²F · v, shape of x
        Tensor jac = Autodiff.jacobian(f, x, false);                      // [batch, out, in], rows independent
        // f is elementwise, so J is diagonal: vᵀJ = Jv = f'(x) ⊙ v with f'(z) = tanh z + z (1 − tanh² z)
        double[] xs = x.toDoubleArray();
        double[] vs = v.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double th = Math.tanh(xs[i]);
            double d = th + xs[i] * (1 - th * th);
            assertEquals(d * vs[i], vjp.toDoubleArray()[i], 1e-12);
            assertEquals(d * vs[i], jvp.toDoubleArray()[i], 1e-12);
            assertEquals(12 * xs[i] * xs[i] * vs[i], hvp.toDoubleArray()[i], 1e-12);
        }
        assertArrayEquals(new long[] {2, 2, 2}, jac.shape());
        double th = Math.tanh(0.7);
        assertEquals(th + 0.7 * (1 - th * th), jac.value().getDouble(1, 0, 0), 1e-12);
        assertEquals(0.0, jac.value().getDouble(1, 0, 1), 0.0);
    }

    @Test
    void tensors() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Tensor y = Tensor.constant(Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4));
            Tensor col = y.select(1, 2);                  // y[:, 2]                 [3]
            Tensor rows = y.slice(0, 1, 3);               // y[1:3]                  [2, 4]
            Tensor s = y.sum(1, true);                    // y.sum(1, keepdim=True)  [3, 1]
            Tensor m = y.max(0);                          // y.max(0).values         [4]
            Tensor st = Tensor.stack(0, col, col);        // torch.stack([col, col]) [2, 3]
            Tensor u = col.unsqueeze(1);                  // col.unsqueeze(1)        [3, 1]
            double total = y.sum().item();                // 66.0
            double[] flat = y.toDoubleArray();            // y.flatten().tolist()
            System.out.println(y);
            // Tensor([[0., 1., 2., 3.],
            //         [4., 5., 6., 7.],
            //         [8., 9., 10., 11.]], dtype=DOUBLE, shape=[3, 4], requiresGrad=false)
            assertArrayEquals(new double[] {2, 6, 10}, col.toDoubleArray(), 0.0);
            assertArrayEquals(new long[] {2, 4}, rows.shape());
            assertArrayEquals(new double[] {6, 22, 38}, s.toDoubleArray(), 0.0);
            assertArrayEquals(new long[] {3, 1}, s.shape());
            assertArrayEquals(new double[] {8, 9, 10, 11}, m.toDoubleArray(), 0.0);
            assertArrayEquals(new long[] {2, 3}, st.shape());
            assertArrayEquals(new long[] {3, 1}, u.shape());
            assertEquals(66.0, total, 0.0);
            assertEquals(12, flat.length);
        } finally {
            System.setOut(out);
        }
        assertEquals("Tensor([[0., 1., 2., 3.],\n        [4., 5., 6., 7.],\n        [8., 9., 10., 11.]], dtype=DOUBLE, "
                + "shape=[3, 4], requiresGrad=false)", printed.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void odeint() {
        Tensor a = Tensor.constant(Nd4j.createFromArray(new double[][] {{-0.1, -1.0}, {1.0, -0.1}}));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0, 0.0}}));
        double[] t = Odeint.linspace(0, 10, 101);
        Tensor ys = Odeint.solve((time, y) -> y.matmul(a), y0, t, "dopri5", 1e-7, 1e-9);   // [101, 1, 2]
        Tensor yEnd = ys.select(0, -1);                                                    // y(10), [1, 2]
        assertArrayEquals(new long[] {101, 1, 2}, ys.shape());
        // y' = yA with A = [[-0.1, -1], [1, -0.1]]: y(t) = e^{-0.1 t} (cos t, -sin t)
        double decay = Math.exp(-1.0);
        assertEquals(decay * Math.cos(10), yEnd.value().getDouble(0, 0), 1e-6);
        assertEquals(-decay * Math.sin(10), yEnd.value().getDouble(0, 1), 1e-6);
        Solution sol = Odeint.solution((time, y) -> y.matmul(a), y0, t, "dopri5", 1e-7, 1e-9);
        int steps = sol.stats().acceptedSteps();
        long rejected = sol.stepLog().stream().filter(r -> !r.accepted()).count();
        StepRecord first = sol.stepLog().get(0);      // first.t(), first.h(), first.errorRatio()
        assertTrue(steps > 10);
        assertEquals(sol.stats().rejectedSteps(), rejected);
        assertEquals(0.0, first.t(), 0.0);
    }

    @Test
    void odeintAdjoint() {
        Tensor w = Tensor.variable(Nd4j.createFromArray(new double[][] {{-0.1, -1.0}, {1.0, -0.1}}));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0, 0.0}}));
        Tensor ys = Odeint.solveAdjoint((time, y) -> y.matmul(w).tanh(), y0, new double[] {0, 1}, "dopri5",
                1e-7, 1e-9, w);
        ys.select(0, 1).square().sum().backward();    // w.grad() holds dL/dw, from the adjoint ODE solved backward
        assertNotNull(w.grad());
        Tensor w2 = Tensor.variable(w.value().dup());
        Tensor direct = Odeint.solve((time, y) -> y.matmul(w2).tanh(), y0, new double[] {0, 1}, "dopri5", 1e-7, 1e-9);
        direct.select(0, 1).square().sum().backward();
        assertArrayEquals(w2.grad().dup().data().asDouble(), w.grad().dup().data().asDouble(), 1e-5);
    }

    @Test
    void sdeint() {
        SdeTerm sde = SdeTerm.builder()
                .drift((t, y) -> y.neg())
                .diffusion((t, y) -> y.mul(0.5))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(SdeType.ITO)
                .build();
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 64, 1));
        Tensor ys = Sdeint.solve(sde, y0, Odeint.linspace(0, 1, 11), "milstein", 1e-2, Rng.seeded(0));   // [11, 64, 1]
        assertArrayEquals(new long[] {11, 64, 1}, ys.shape());
        // E[y(1)] = e^{-1} for dy = -y dt + 0.5 y dW
        assertEquals(Math.exp(-1), ys.select(0, 10).mean().item(), 0.1);
    }

    static final class Net extends Module implements Layer {
        private final Linear fc1;
        private final Linear fc2;

        Net(Rng rng) {
            fc1 = registerModule("fc1", new Linear(2, 32, true, DataType.DOUBLE, rng));
            fc2 = registerModule("fc2", new Linear(32, 1, true, DataType.DOUBLE, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).tanh());
        }
    }

    @Test
    @SuppressWarnings("try")
    void optimiserLoop() {
        double before;
        {
            Net m0 = new Net(Rng.seeded(0));
            Tensor x0 = Tensor.constant(Rng.seeded(1).normal(DataType.DOUBLE, 128, 2));
            Tensor t0 = x0.select(1, 0).mul(x0.select(1, 1)).unsqueeze(1);
            before = m0.forward(x0).sub(t0).square().mean().item();
        }
        Net model = new Net(Rng.seeded(0));
        Optimizer opt = new Adam(model.parameters(), AdamConfig.builder().lr(1e-2).build());
        Tensor x = Tensor.constant(Rng.seeded(1).normal(DataType.DOUBLE, 128, 2));
        Tensor target = x.select(1, 0).mul(x.select(1, 1)).unsqueeze(1);        // x₀·x₁, [128, 1]
        for (int step = 0; step < 200; step++) {
            try (TensorScope scope = TensorScope.open()) {                       // frees the step's intermediates
                opt.zeroGrad();
                Tensor loss = model.forward(x).sub(target).square().mean();
                loss.backward();
                opt.step();
            }
        }
        double after = model.forward(x).sub(target).square().mean().item();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                List.copyOf(model.parameters().keySet()));
        assertTrue(after < 0.5 * before, "the loss falls from " + before + " to " + after);
    }

    // ------------------------------------------------------------------------------------------------ the check

    private static List<String> javaBlocks(String page) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Whether {@code block} appears as consecutive lines of {@code source}, shifted right by one common indent. */
    private static boolean containsIndented(List<String> source, List<String> block) {
        for (int start = 0; start + block.size() <= source.size(); start++) {
            String first = source.get(start);
            String want = block.get(0);
            if (!first.endsWith(want) || !first.substring(0, first.length() - want.length()).isBlank()) {
                continue;
            }
            int indent = first.length() - want.length();
            boolean all = true;
            for (int k = 1; k < block.size() && all; k++) {
                String line = source.get(start + k);
                String expected = block.get(k);
                all = expected.isEmpty() ? line.isBlank()
                        : line.length() == indent + expected.length() && line.substring(0, indent).isBlank()
                                && line.endsWith(expected);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docs/pytorch.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("docs/pytorch.md not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
