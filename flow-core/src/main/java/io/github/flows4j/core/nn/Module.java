package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node of a model: it owns named parameters and named child modules, and so defines a tree whose parameters have
 * stable dotted names such as {@code layers.0.weight} (PyTorch's {@code named_parameters} order: a module's own
 * parameters in registration order, then each child's, depth first).
 *
 * <p>Subclasses register everything in their constructor with {@link #registerParameter} and
 * {@link #registerModule}; the tree does not change afterwards, so names are stable across runs and are the keys of
 * checkpoints ({@link io.github.flows4j.core.io.Checkpoint}) and optimizer state. A parameter is a
 * {@link Tensor#variable} leaf: {@link io.github.flows4j.core.autodiff.TensorScope}s never release it and optimizers
 * update its array in place. A parameter shared by two children is listed once, under its first name.
 *
 * <p>The training flag ({@link #train()}, {@link #eval()}) is recursive; layers whose behaviour depends on it
 * (dropout, normalisation statistics) read {@link #isTraining()}.
 *
 * <pre>{@code
 * final class Affine extends Module implements Layer {
 *     private final Tensor scale;
 *     private final Linear inner;
 *     Affine(Rng rng) {
 *         scale = registerParameter("scale", Nd4j.ones(DataType.FLOAT, 1, 4));
 *         inner = registerModule("inner", new Linear(4, 4, true, DataType.FLOAT, rng));
 *     }
 *     public Tensor forward(Tensor x) { return inner.forward(x.mul(scale)); }
 * }
 * // parameters(): scale, inner.weight, inner.bias
 * }</pre>
 */
public abstract class Module {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final Map<String, Tensor> ownParameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module with no parameters and no children, in training mode. */
    protected Module() {
    }

    /**
     * Registers a parameter: {@code value} is wrapped (not copied) as a {@link Tensor#variable} leaf.
     *
     * @param name  letters, digits and underscores, unique among this module's parameters and children
     * @param value the initial value; this module owns it from now on
     * @return the parameter
     * @throws InvalidConfigException if the name is malformed or taken
     */
    protected final Tensor registerParameter(String name, INDArray value) {
        checkName(name);
        Checks.notNull("value of parameter '" + name + "'", value);
        Tensor p = Tensor.variable(value);
        ownParameters.put(name, p);
        return p;
    }

    /**
     * Registers a child module; its parameters appear under {@code name + "."}.
     *
     * @param name   letters, digits and underscores, unique among this module's parameters and children
     * @param module the child
     * @param <M>    the child's type
     * @return {@code module}, for assignment to a field
     * @throws InvalidConfigException if the name is malformed or taken, or the child is null or this module
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null || module == this) {
            throw InvalidConfigException.of("module '" + name + "'", "a module other than this one",
                    module == null ? null : "this");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw InvalidConfigException.of("name", "letters, digits and underscores only (no dots)",
                    name == null ? null : "'" + name + "'");
        }
        if (ownParameters.containsKey(name) || children.containsKey(name)) {
            throw InvalidConfigException.of("name", "unique within " + getClass().getSimpleName(),
                    "'" + name + "' (already registered)");
        }
    }

    /**
     * @return every parameter of this module and its descendants, by dotted name, in a stable order; the map is
     *     unmodifiable, the tensors are the live parameters
     */
    public final Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen) {
        for (Map.Entry<String, Tensor> e : ownParameters.entrySet()) {
            if (seen.add(e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out, seen);
        }
    }

    /** @return the direct children by name, in registration order (unmodifiable) */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** @return the total number of scalar parameters (each shared parameter counted once) */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters().values()) {
            n += p.length();
        }
        return n;
    }

    /** Forgets the accumulated gradient of every parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Tensor p : parameters().values()) {
            p.zeroGrad();
        }
    }

    /** @return whether this module is in training mode (the default) */
    public final boolean isTraining() {
        return training;
    }

    /**
     * @param mode training ({@code true}) or evaluation mode, set on this module and every descendant
     * @return this module
     */
    public Module setTraining(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.setTraining(mode);
        }
        return this;
    }

    /** @return this module, switched with its descendants to training mode */
    public Module train() {
        return setTraining(true);
    }

    /** @return this module, switched with its descendants to evaluation mode */
    public Module eval() {
        return setTraining(false);
    }
}
