package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import java.util.Iterator;
import java.util.List;

/**
 * An indexed, fixed list of child modules, named {@code 0}, {@code 1}, … like PyTorch's {@code nn.ModuleList};
 * the owner decides how to apply them (unlike {@link Sequential}).
 *
 * <pre>{@code
 * ModuleList<ConcatSquashLinear> blocks = ModuleList.of(List.of(
 *         new ConcatSquashLinear(2, 64, DataType.FLOAT, rng), new ConcatSquashLinear(64, 2, DataType.FLOAT, rng)));
 * // parameters(): 0.layer.weight, 0.layer.bias, 0.hyperGate.weight, …, 1.hyperBias.weight
 * }</pre>
 *
 * @param <M> the type of the modules
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules;

    private ModuleList(List<M> modules) {
        this.modules = modules;
        for (int i = 0; i < modules.size(); i++) {
            registerModule(Integer.toString(i), modules.get(i));
        }
    }

    /**
     * @param modules the modules, none null (may be empty)
     * @param <M>     their type
     * @return the list
     * @throws InvalidConfigException if a module is null
     */
    public static <M extends Module> ModuleList<M> of(List<M> modules) {
        Checks.notNull("modules", modules);
        for (int i = 0; i < modules.size(); i++) {
            Checks.notNull("modules[" + i + "]", modules.get(i));
        }
        return new ModuleList<>(List.copyOf(modules));
    }

    /**
     * @param i the position
     * @return the i-th module
     */
    public M get(int i) {
        return modules.get(i);
    }

    /** @return the number of modules */
    public int size() {
        return modules.size();
    }

    @Override
    public Iterator<M> iterator() {
        return modules.iterator();
    }

    @Override
    public String toString() {
        return "ModuleList" + modules;
    }
}
