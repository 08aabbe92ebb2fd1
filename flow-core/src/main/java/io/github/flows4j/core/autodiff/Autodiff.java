package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reverse-mode engine and the derivative operators built on it: gradients, vector-Jacobian and
 * Jacobian-vector products, Hessian-vector products, small Jacobians, and exact and Hutchinson divergences.
 *
 * <p>With {@code createGraph = true} the backward pass itself is recorded, so its results can be differentiated
 * again (PyTorch's {@code create_graph}); otherwise it runs with grad mode off and records nothing.
 * The batched operators treat dimension 0 as the batch: {@code f} must map each row independently.
 *
 * <pre>{@code
 * Tensor x = Tensor.variable(points);                     // [batch, d]
 * Autodiff.FieldDivergence fd = Autodiff.divergenceExact(field, x, true);
 * Tensor loss = fd.divergence().square().mean();          // trains through the divergence
 * loss.backward();
 * }</pre>
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * A vector field's value and its divergence at the same points.
     *
     * @param field      f(x), {@code [batch, d]}
     * @param divergence Σ_i ∂f_i/∂x_i, {@code [batch, 1]} (one column per row of x)
     */
    public record FieldDivergence(Tensor field, Tensor divergence) {
    }

    /** The probe distribution of Hutchinson's trace estimator. */
    public enum Probe {
        /** ±1 with probability ½ each: the lowest-variance choice for a fixed number of probes. */
        RADEMACHER,
        /** Standard normal entries. */
        GAUSSIAN
    }

    // ----------------------------------------------------------------------------------------- grad

    /**
     * The gradient of a scalar, without a graph. Inputs the output does not depend on give zeros.
     *
     * @param output a scalar
     * @param inputs the tensors to differentiate with respect to
     * @return d output / d input for each input, without a graph
     */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, false);
    }

    /**
     * The vector-Jacobian products Σ_k gradOutputs[k]ᵀ · ∂outputs[k]/∂inputs[i] (the array form; see
     * {@link #grad(Tensor[], Tensor[], GradOptions)} for the PyTorch-shaped one). Inputs the outputs do not depend
     * on give zeros, as with {@link GradOptions.Builder#materializeGrads(boolean) materializeGrads}.
     *
     * @param outputs     the tensors to differentiate
     * @param inputs      the tensors to differentiate with respect to
     * @param gradOutputs one per output, same shapes; {@code null} only if every output is a one-element tensor
     * @param createGraph record the backward pass so its results can be differentiated again
     * @return one gradient per input, with that input's shape; zeros where an input does not affect the outputs
     * @throws ShapeMismatchException if gradOutputs is missing for a non-scalar output or has the wrong shape
     * @throws InvalidConfigException if no input requires a gradient
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean createGraph) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("outputs must not be empty");
        }
        Tensor[] seeds = seeds(outputs, gradOutputs);
        Map<Tensor, Tensor> grads = run(outputs, seeds, inputs, createGraph);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor g = grads.get(inputs[i]);
            result[i] = g != null ? g : Tensor.zeros(inputs[i].dtype(), inputs[i].shape());
        }
        return result;
    }

    /**
     * PyTorch's {@code torch.autograd.grad(outputs, inputs, grad_outputs, create_graph, allow_unused, ...)}: the
     * vector-Jacobian products Σ_k gradOutputs[k]ᵀ · ∂outputs[k]/∂inputs[i].
     *
     * <p>An input the outputs do not depend on (no recorded op connects them, or it does not require a gradient)
     * is an {@link UnusedInputException} naming its index, unless {@code allowUnused}: then its entry is
     * {@code null} — what {@link Tensor#backward()} leaves in such a leaf's {@link Tensor#grad()} — or zeros with
     * {@code materializeGrads}.
     *
     * <pre>{@code
     * Tensor[] g = Autodiff.grad(new Tensor[] {y}, new Tensor[] {x, w},
     *         GradOptions.builder().gradOutputs(v).createGraph(true).build());
     * }</pre>
     *
     * @param outputs the tensors to differentiate
     * @param inputs  the tensors to differentiate with respect to
     * @param options gradOutputs, createGraph, allowUnused, materializeGrads
     * @return one gradient per input, with that input's shape ({@code null} for an unused input with allowUnused)
     * @throws UnusedInputException   if an input is unused and {@code allowUnused} is off
     * @throws ShapeMismatchException if gradOutputs is missing for a non-scalar output or has the wrong shape
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, GradOptions options) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("outputs must not be empty");
        }
        if (inputs.length == 0) {
            throw new IllegalArgumentException("inputs must not be empty");
        }
        Tensor[] seeds = seeds(outputs, options.gradOutputs());
        boolean any = false;
        for (Tensor in : inputs) {
            any |= in.requiresGrad();
        }
        Map<Tensor, Tensor> grads = any ? run(outputs, seeds, inputs, options.createGraph()) : Map.of();
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor g = grads.get(inputs[i]);
            if (g != null) {
                result[i] = g;
            } else if (options.materializeGrads()) {
                result[i] = Tensor.zeros(inputs[i].dtype(), inputs[i].shape());
            } else if (!options.allowUnused()) {
                String why = inputs[i].requiresGrad() ? "the outputs do not depend on it (no recorded op connects them)"
                        : "it does not require a gradient (make it with Tensor.variable or asVariable())";
                throw new UnusedInputException(i, "inputs[" + i + "] (shape " + Arrays.toString(inputs[i].shape())
                        + ") is unused: " + why + "; pass GradOptions.builder().allowUnused(true) to get null for it");
            }
        }
        return result;
    }

    /**
     * {@link #grad(Tensor[], Tensor[], GradOptions)} for one output: {@code torch.autograd.grad(y, inputs, ...)}.
     *
     * @param output  the tensor to differentiate (one element unless options give gradOutputs)
     * @param inputs  the tensors to differentiate with respect to
     * @param options the options
     * @return one gradient per input
     * @throws UnusedInputException if an input is unused and {@code allowUnused} is off
     */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, GradOptions options) {
        return grad(new Tensor[] {output}, inputs, options);
    }

    /**
     * {@link #grad(Tensor[], Tensor[], GradOptions)} for one output and one input:
     * {@code torch.autograd.grad(y, x, create_graph=True)[0]}.
     *
     * <pre>{@code
     * Tensor dy = Autodiff.grad(y, x, GradOptions.builder().createGraph(true).build());
     * Tensor d2y = Autodiff.grad(dy.sum(), x, GradOptions.defaults());
     * }</pre>
     *
     * @param output  the tensor to differentiate (one element unless options give gradOutputs)
     * @param input   the tensor to differentiate with respect to
     * @param options the options
     * @return the gradient, of the input's shape ({@code null} if unused and allowUnused)
     * @throws UnusedInputException if the input is unused and {@code allowUnused} is off
     */
    public static Tensor grad(Tensor output, Tensor input, GradOptions options) {
        return grad(new Tensor[] {output}, new Tensor[] {input}, options)[0];
    }

    /**
     * Accumulates d output / d leaf into {@link Tensor#grad()} for every {@link Tensor#variable} leaf the output
     * depends on.
     *
     * @param output     the tensor to differentiate
     * @param gradOutput the vector in the VJP; {@code null} for a one-element output
     */
    static void backward(Tensor output, Tensor gradOutput) {
        Tensor[] seeds = seeds(new Tensor[] {output}, gradOutput == null ? null : new Tensor[] {gradOutput});
        run(new Tensor[] {output}, seeds, null, false);
    }

    private static Tensor[] seeds(Tensor[] outputs, Tensor[] gradOutputs) {
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("gradOutputs must have one entry per output (" + outputs.length
                    + "); got " + gradOutputs.length);
        }
        Tensor[] seeds = new Tensor[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            Tensor o = outputs[k];
            Tensor go = gradOutputs == null ? null : gradOutputs[k];
            if (go == null) {
                if (o.length() != 1) {
                    throw new ShapeMismatchException("outputs[" + k + "] must be a one-element tensor when gradOutputs"
                            + " is not given; got shape " + Arrays.toString(o.shape()));
                }
                seeds[k] = Tensor.ones(o.dtype(), o.shape());
            } else {
                if (!Arrays.equals(go.shape(), o.shape())) {
                    throw new ShapeMismatchException("gradOutputs[" + k + "] must have shape "
                            + Arrays.toString(o.shape()) + " (that of outputs[" + k + "]); got "
                            + Arrays.toString(go.shape()));
                }
                OpChecks.sameType("grad", o, go);
                seeds[k] = go;
            }
        }
        return seeds;
    }

    /**
     * Runs the backward pass. If {@code inputs} is null, every reachable leaf that requires a gradient accumulates
     * its gradient into {@link Tensor#grad()} (and an empty map is returned); otherwise only the graph between
     * outputs and inputs is visited and the inputs' gradients are returned.
     *
     * <p>Without {@code createGraph} the gradients are plain arrays that only this pass can reference, so it releases
     * them as it goes (as PyTorch's engine frees a node's buffers once they are consumed): each op's backward runs in
     * a {@link TensorScope} of its own that keeps only the gradients it hands on, and a node's gradient is released
     * once that node has passed it on and no other entry shares it. A pass's peak memory is then the forward graph
     * plus the gradients in flight, not plus every gradient of the pass. With {@code createGraph} the gradients are
     * part of a graph the caller differentiates again, and they live in the caller's scope.
     */
    @SuppressWarnings("try")
    private static Map<Tensor, Tensor> run(Tensor[] outputs, Tensor[] seeds, Tensor[] inputs, boolean createGraph) {
        Set<Tensor> targets = null;
        if (inputs != null) {
            targets = Collections.newSetFromMap(new IdentityHashMap<>());
            targets.addAll(Arrays.asList(inputs));
        }
        boolean anyGrad = false;
        if (targets != null) {
            for (Tensor in : inputs) {
                anyGrad |= in.requiresGrad();
            }
        } else {
            anyGrad = outputs[0].requiresGrad();
        }
        if (!anyGrad) {
            throw new InvalidConfigException((targets != null ? "none of the inputs" : "the output")
                    + " requires a gradient: make the inputs with Tensor.variable and compute outside "
                    + "GradMode.noGrad()");
        }
        List<Tensor> order = topologicalOrder(outputs, targets);
        Grads grads = new Grads(!createGraph);
        TensorScope pass = createGraph ? null : TensorScope.open();
        try (GradMode.Scope mode = GradMode.set(createGraph)) {
            for (int k = 0; k < outputs.length; k++) {
                accumulate(grads, outputs[k], seeds[k], createGraph);
            }
            Set<Tensor> needed = order.isEmpty() ? Set.of() : neededSet(order, targets);
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Function fn = t.function();
                Tensor g = grads.get(t);
                if (fn == null || g == null) {
                    continue;
                }
                grads.sums.remove(g);
                boolean[] needs = new boolean[fn.arity()];
                boolean any = false;
                for (int j = 0; j < needs.length; j++) {
                    Tensor in = fn.input(j);
                    needs[j] = in.requiresGrad() && needed.contains(in);
                    any |= needs[j];
                }
                if (any) {
                    TensorScope node = createGraph ? null : TensorScope.open();
                    try {
                        Tensor[] gin = fn.backward(g, needs);
                        for (int j = 0; j < needs.length; j++) {
                            if (needs[j] && gin[j] != null) {
                                accumulate(grads, fn.input(j), gin[j], createGraph);
                            }
                        }
                        if (node != null) {
                            for (int j = 0; j < needs.length; j++) {
                                if (needs[j] && gin[j] != null) {
                                    grads.adopt(node, fn.input(j));
                                }
                            }
                        }
                    } finally {
                        if (node != null) {
                            node.close();
                        }
                    }
                }
                if (targets == null || !targets.contains(t)) {
                    grads.remove(t);
                }
            }
            if (targets == null) {
                for (Map.Entry<Tensor, Tensor> e : grads.map.entrySet()) {
                    Tensor t = e.getKey();
                    if (t.isLeaf() && t.requiresGrad()) {
                        t.accumulateGrad(e.getValue().value());
                    }
                }
                return Map.of();
            }
            if (pass != null) {
                for (Map.Entry<Tensor, Tensor> e : grads.map.entrySet()) {
                    e.setValue(pass.keep(e.getValue()));
                }
            }
            return grads.map;
        } finally {
            if (pass != null) {
                pass.close();
            }
        }
    }

    /**
     * The gradients in flight: tensor → gradient, with what a pass without {@code createGraph} needs to release them
     * early — which gradients this pass made (so it may release them), how many entries share each, and which are
     * sums this pass may add into in place.
     */
    private static final class Grads {
        final Map<Tensor, Tensor> map = new IdentityHashMap<>();
        final Set<Tensor> sums = Collections.newSetFromMap(new IdentityHashMap<>());
        private final boolean release;
        private final Set<Tensor> made = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Map<Tensor, Integer> shares = new IdentityHashMap<>();

        Grads(boolean release) {
            this.release = release;
        }

        Tensor get(Tensor t) {
            return map.get(t);
        }

        void put(Tensor t, Tensor g) {
            Tensor old = map.put(t, g);
            shares.merge(g, 1, Integer::sum);
            if (old != null) {
                drop(old);
            }
        }

        void remove(Tensor t) {
            Tensor old = map.remove(t);
            if (old != null) {
                drop(old);
            }
        }

        /** Moves t's gradient, if the node's scope made it, into the pass's scope (a view is copied). */
        void adopt(TensorScope node, Tensor t) {
            Tensor g = map.get(t);
            if (g == null || !node.owns(g)) {
                return;
            }
            Tensor kept = node.keep(g);
            made.add(kept);
            if (kept != g) {
                boolean sum = sums.remove(g);
                put(t, kept);
                if (sum) {
                    sums.add(kept);
                }
            }
        }

        private void drop(Tensor g) {
            int n = shares.merge(g, -1, Integer::sum);
            if (n > 0) {
                return;
            }
            shares.remove(g);
            sums.remove(g);
            if (release && made.remove(g) && !sharesMemory(g)) {
                g.release();
            }
        }

        /** Whether a gradient still in flight is a view of g's memory (an op's backward may alias its input). */
        private boolean sharesMemory(Tensor g) {
            long address = g.value().data().address();
            for (Tensor other : map.values()) {
                if (other.value().data().address() == address) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void accumulate(Grads grads, Tensor t, Tensor g, boolean createGraph) {
        Tensor old = grads.get(t);
        if (old == null) {
            grads.put(t, g);
        } else if (!createGraph && grads.sums.contains(old)) {
            io.github.flows4j.core.kernel.Kernels.get().addInPlace(old.value(), g.value());
        } else {
            Tensor sum = old.add(g);
            grads.put(t, sum);
            grads.sums.add(sum);
        }
    }

    /** Post-order (inputs before the tensors computed from them) of the recorded graph below the outputs. */
    private static List<Tensor> topologicalOrder(Tensor[] outputs, Set<Tensor> stopAt) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor o : outputs) {
            if (o.function() == null || !visited.add(o)) {
                if (o.function() == null && visited.add(o)) {
                    order.add(o);
                }
                continue;
            }
            stack.push(new Object[] {o, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                Function fn = t.function();
                if (fn != null && next < fn.arity()) {
                    frame[1] = next + 1;
                    Tensor in = fn.input(next);
                    if (in.requiresGrad() && visited.add(in)) {
                        if (in.function() != null) {
                            stack.push(new Object[] {in, 0});
                        } else {
                            order.add(in);
                        }
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }

    /** Tensors from which some target is reachable (all of them when targets is null). */
    private static Set<Tensor> neededSet(List<Tensor> order, Set<Tensor> targets) {
        Set<Tensor> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) { // post-order: inputs first
            if (targets == null) {
                needed.add(t);
                continue;
            }
            boolean n = targets.contains(t);
            Function fn = t.function();
            if (!n && fn != null) {
                for (int j = 0; j < fn.arity() && !n; j++) {
                    n = needed.contains(fn.input(j));
                }
            }
            if (n) {
                needed.add(t);
            }
        }
        return needed;
    }

    // ----------------------------------------------------------------------------------------- products

    /**
     * Vector-Jacobian product vᵀ·∂f/∂x.
     *
     * @param f           the function
     * @param x           the point
     * @param v           the vector, shape of f(x)
     * @param createGraph keep the result differentiable
     * @return vᵀ J, shape of x
     */
    public static Tensor vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor y = f.apply(xr);
        return grad(new Tensor[] {y}, new Tensor[] {xr}, new Tensor[] {v}, createGraph)[0];
    }

    /**
     * Jacobian-vector product ∂f/∂x · v by the double-VJP trick: J v = ∂/∂u ⟨uᵀJ, v⟩.
     *
     * @param f           the function
     * @param x           the point
     * @param v           the tangent, shape of x
     * @param createGraph keep the result differentiable
     * @return J v, shape of f(x)
     */
    public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor y = f.apply(xr);
        Tensor u = Tensor.variable(Nd4j.zeros(y.dtype(), y.shape()));
        Tensor ujT = grad(new Tensor[] {y}, new Tensor[] {xr}, new Tensor[] {u}, true)[0];
        return grad(new Tensor[] {ujT}, new Tensor[] {u}, new Tensor[] {v}, createGraph)[0];
    }

    /**
     * Hessian-vector product ∇²F(x)·v of a scalar (or summed) potential, by differentiating ⟨∇F, v⟩.
     *
     * @param potential   F; if it returns a non-scalar, its sum is used
     * @param x           the point
     * @param v           the vector, shape of x
     * @param createGraph keep the result differentiable
     * @return H v, shape of x
     */
    public static Tensor hvp(UnaryOperator<Tensor> potential, Tensor x, Tensor v, boolean createGraph) {
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor f = potential.apply(xr);
        Tensor fs = f.length() == 1 ? f : f.sum();
        Tensor g = grad(new Tensor[] {fs}, new Tensor[] {xr}, null, true)[0];
        return grad(new Tensor[] {g}, new Tensor[] {xr}, new Tensor[] {v}, createGraph)[0];
    }

    /**
     * Batched Jacobian for small dimensions: one VJP per output dimension.
     *
     * @param f           maps [batch, in] to [batch, out], rows independently
     * @param x           [batch, in]
     * @param createGraph keep the result differentiable
     * @return [batch, out, in] with J[b, i, j] = ∂f_i(x_b)/∂x_bj
     */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x, boolean createGraph) {
        requireMatrix("x", x);
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor y = f.apply(xr);
        requireMatrix("f(x)", y);
        long batch = x.size(0);
        long in = x.size(1);
        int out = (int) y.size(1);
        Tensor[] rows = new Tensor[out];
        for (int i = 0; i < out; i++) {
            Tensor e = Tensor.owned(oneHotColumn(y, i));
            Tensor gi = grad(new Tensor[] {y}, new Tensor[] {xr}, new Tensor[] {e}, createGraph)[0];
            rows[i] = gi.reshape(batch, 1, in);
        }
        return Tensor.concat(1, rows);
    }

    /**
     * f(x) and its exact divergence Σ_i ∂f_i/∂x_i, one VJP per dimension.
     *
     * @param f           maps [batch, d] to [batch, d], rows independently
     * @param x           [batch, d]
     * @param createGraph keep the divergence differentiable (for training through it)
     * @return the field [batch, d] and its divergence of shape {@code [batch, 1]} (a column, not {@code [batch]}:
     *     it adds directly to the {@code [batch, 1]} log-density part of a CNF state; {@code .reshape(batch)} or
     *     {@code .sum(1)} gives {@code [batch]})
     */
    public static FieldDivergence divergenceExact(UnaryOperator<Tensor> f, Tensor x, boolean createGraph) {
        requireMatrix("x", x);
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor y = f.apply(xr);
        if (!Arrays.equals(y.shape(), xr.shape())) {
            throw new ShapeMismatchException("divergenceExact: f(x) must have the shape of x "
                    + Arrays.toString(xr.shape()) + "; got " + Arrays.toString(y.shape()));
        }
        int d = (int) x.size(1);
        Tensor div = null;
        for (int i = 0; i < d; i++) {
            Tensor e = Tensor.owned(oneHotColumn(y, i));
            Tensor gi = grad(new Tensor[] {y}, new Tensor[] {xr}, new Tensor[] {e}, createGraph)[0];
            Tensor col = gi.narrow(1, i, 1);
            div = div == null ? col : div.add(col);
        }
        return new FieldDivergence(y, div);
    }

    /**
     * f(x) and Hutchinson's unbiased divergence estimate (1/K) Σ_k ε_kᵀ (∂f/∂x) ε_k with K probes, each one VJP.
     *
     * @param f           maps [batch, d] to [batch, d], rows independently
     * @param x           [batch, d]
     * @param probe       the probe distribution
     * @param probes      K &ge; 1
     * @param rng         the generator the probes are drawn from
     * @param createGraph keep the estimate differentiable
     * @return the field [batch, d] and the estimate of shape {@code [batch, 1]}, as {@link #divergenceExact}
     */
    public static FieldDivergence divergenceHutchinson(UnaryOperator<Tensor> f, Tensor x, Probe probe, int probes,
            Rng rng, boolean createGraph) {
        requireMatrix("x", x);
        if (probes < 1) {
            throw InvalidConfigException.of("probes", ">= 1", probes);
        }
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        Tensor y = f.apply(xr);
        if (!Arrays.equals(y.shape(), xr.shape())) {
            throw new ShapeMismatchException("divergenceHutchinson: f(x) must have the shape of x "
                    + Arrays.toString(xr.shape()) + "; got " + Arrays.toString(y.shape()));
        }
        Tensor sum = null;
        for (int k = 0; k < probes; k++) {
            INDArray e = probe == Probe.RADEMACHER ? rng.rademacher(x.dtype(), x.shape())
                    : rng.normal(x.dtype(), x.shape());
            Tensor eps = Tensor.owned(e);
            Tensor vjp = grad(new Tensor[] {y}, new Tensor[] {xr}, new Tensor[] {eps}, createGraph)[0];
            Tensor est = vjp.mul(eps).sum(1, true);
            sum = sum == null ? est : sum.add(est);
        }
        return new FieldDivergence(y, probes == 1 ? sum : sum.mul(1.0 / probes));
    }

    private static INDArray oneHotColumn(Tensor like, int col) {
        INDArray e = Nd4j.zeros(like.dtype(), like.shape());
        e.getColumn(col).assign(1.0);
        return e;
    }

    private static void requireMatrix(String name, Tensor t) {
        if (t.rank() != 2) {
            throw ShapeMismatchException.of(name, "[batch, dim]", t.shape());
        }
    }
}
