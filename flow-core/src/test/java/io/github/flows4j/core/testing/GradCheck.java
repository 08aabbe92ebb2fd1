package io.github.flows4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.random.Rng;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 central-difference gradient checks for any function of tensors, at first order and — by differentiating
 * {@code ⟨∇f, r⟩} built with {@code createGraph = true} — at second and higher order (PyTorch's gradcheck and
 * gradgradcheck). A failure names the input, the flat index, the analytic and the numeric value.
 *
 * <pre>{@code
 * GradCheck.check(in -> in[0].tanh().mul(in[1]), x, y);          // first order
 * GradCheck.checkOrder(2, in -> in[0].tanh().mul(in[1]), x, y);  // second order
 * GradCheck.checkParameters(() -> net.forward(x).square().mean(), net.parameters(), 1e-6, 1e-7); // a module's weights
 * }</pre>
 * This is the one gradient-check helper of the project: every module's tests reach it through flow-core's test-jar.
 */
public final class GradCheck {
    /** Central-difference step. */
    public static final double STEP = 1e-6;
    /** Relative tolerance. */
    public static final double RTOL = 1e-5;
    /** Absolute tolerance. */
    public static final double ATOL = 1e-7;

    private GradCheck() {
    }

    /**
     * Checks the gradient of {@code sum(f(inputs) ⊙ w)} for a fixed random weight {@code w} against central
     * differences, for every element of every input.
     *
     * @param f      the function; inputs arrive as {@link Tensor#variable} leaves
     * @param inputs float64 inputs (not modified)
     */
    public static void check(Function<Tensor[], Tensor> f, INDArray... inputs) {
        Function<Tensor[], Tensor> scalar = weighted(f, inputs, 12345L);
        checkScalar(scalar, inputs, "order 1");
    }

    /**
     * Checks derivatives up to {@code order}: the order-k check differentiates the analytic order-(k−1) gradient
     * contracted with a fixed random direction.
     *
     * @param order  1, 2 or 3
     * @param f      the function
     * @param inputs float64 inputs
     */
    public static void checkOrder(int order, Function<Tensor[], Tensor> f, INDArray... inputs) {
        Function<Tensor[], Tensor> g = weighted(f, inputs, 12345L);
        checkScalar(g, inputs, "order 1");
        for (int k = 2; k <= order; k++) {
            g = gradContracted(g, inputs, 777L * k);
            checkScalar(g, inputs, "order " + k);
        }
    }

    /** s(x) = Σ f(x) ⊙ w. */
    static Function<Tensor[], Tensor> weighted(Function<Tensor[], Tensor> f, INDArray[] inputs, long seed) {
        return in -> {
            Tensor y = f.apply(in);
            INDArray w = Rng.seeded(seed).uniform(0.5, 1.5, DataType.DOUBLE, y.shape());
            return y.mul(Tensor.constant(w)).sum();
        };
    }

    /** x ↦ Σ_i ⟨∂s/∂x_i, r_i⟩, with the gradient recorded so it can be differentiated again. */
    static Function<Tensor[], Tensor> gradContracted(Function<Tensor[], Tensor> s, INDArray[] inputs, long seed) {
        return in -> {
            Tensor out = s.apply(in);
            Tensor[] g = Autodiff.grad(new Tensor[] {out}, in, null, true);
            Rng rng = Rng.seeded(seed);
            Tensor total = null;
            for (int i = 0; i < g.length; i++) {
                INDArray r = rng.uniform(-1, 1, DataType.DOUBLE, inputs[i].shape());
                Tensor term = g[i].mul(Tensor.constant(r)).sum();
                total = total == null ? term : total.add(term);
            }
            return total;
        };
    }

    private static void checkScalar(Function<Tensor[], Tensor> s, INDArray[] inputs, String label) {
        for (INDArray in : inputs) {
            if (in.dataType() != DataType.DOUBLE) {
                fail("gradient checks run in float64; got " + in.dataType());
            }
        }
        Tensor[] vars = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Tensor.variable(inputs[i].dup());
        }
        Tensor out = s.apply(vars);
        Tensor[] analytic = Autodiff.grad(new Tensor[] {out}, vars, null, false);
        for (int i = 0; i < inputs.length; i++) {
            double[] a = analytic[i].value().dup().data().asDouble();
            double[] base = inputs[i].dup().data().asDouble();
            if (a.length != base.length) {
                fail(label + ": gradient of input " + i + " has " + a.length + " elements; expected " + base.length);
            }
            for (int j = 0; j < base.length; j++) {
                double numeric = (eval(s, inputs, i, base, j, STEP) - eval(s, inputs, i, base, j, -STEP)) / (2 * STEP);
                double err = Math.abs(a[j] - numeric);
                if (!(err <= ATOL + RTOL * Math.abs(numeric))) {
                    fail(String.format("%s gradient mismatch: input %d %s, flat index %d: analytic %.10g, "
                            + "numeric %.10g (|diff| %.3g)", label, i, Arrays.toString(inputs[i].shape()), j,
                            a[j], numeric, err));
                }
            }
        }
    }

    private static double eval(Function<Tensor[], Tensor> s, INDArray[] inputs, int which, double[] base, int j,
            double h) {
        Tensor[] vars = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (i == which) {
                double[] p = base.clone();
                p[j] += h;
                vars[i] = Tensor.variable(Nd4j.createFromArray(p).reshape(inputs[i].shape()));
            } else {
                vars[i] = Tensor.variable(inputs[i]);
            }
        }
        return s.apply(vars).item();
    }

    /**
     * Checks d loss / d p against central differences for every element of every tensor in {@code params}, in
     * place: each element is perturbed by ±eps and restored. Use it for a module's own weights, which cannot be
     * passed as fresh inputs.
     *
     * @param loss   recomputes the scalar loss from the current parameter values
     * @param params dense float64 variables, by name (the name appears in a failure)
     * @param eps    the central-difference step
     * @param tol    the tolerance, relative to max(1, |analytic|, |numeric|)
     */
    public static void checkParameters(Supplier<Tensor> loss, Map<String, Tensor> params, double eps, double tol) {
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
        TensorScope s = TensorScope.open();
        try {
            loss.get().backward();
        } finally {
            s.close();
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            INDArray g = e.getValue().grad();
            // no gradient means the loss does not depend on the parameter: the numeric one must be zero too
            INDArray analytic = g != null ? g.dup('c') : Nd4j.zeros(e.getValue().dtype(), e.getValue().shape());
            DoubleBuffer a = Buffers.doubles(analytic);
            DoubleBuffer p = Buffers.doubles(e.getValue().value());
            for (int i = 0; i < p.limit(); i++) {
                double orig = p.get(i);
                p.put(i, orig + eps);
                double plus = scalar(loss);
                p.put(i, orig - eps);
                double minus = scalar(loss);
                p.put(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double an = a.get(i);
                double scale = Math.max(1.0, Math.max(Math.abs(an), Math.abs(numeric)));
                if (Math.abs(an - numeric) > tol * scale) {
                    fail(e.getKey() + "[" + i + "]: analytic " + an + ", numeric " + numeric);
                }
            }
        }
    }

    private static double scalar(Supplier<Tensor> loss) {
        TensorScope s = TensorScope.open();
        try {
            return loss.get().item();
        } finally {
            s.close();
        }
    }
}
