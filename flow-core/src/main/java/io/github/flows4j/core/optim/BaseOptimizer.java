package io.github.flows4j.core.optim;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every optimizer shares: the named parameters, the schedule, the global and per-parameter step counts, and
 * per-parameter buffers ("slots") allocated once as dense zeros. Subclasses implement one parameter's update.
 */
abstract class BaseOptimizer implements Optimizer {
    private final String kind;
    private final LrSchedule schedule;
    private final Map<String, Tensor> parameters;
    private final String[] names;
    private final Tensor[] params;
    private final long[] paramSteps;
    private final String[] slotNames;
    /** [slot][parameter]. */
    private final INDArray[][] slots;
    private long steps;

    BaseOptimizer(String kind, Map<String, Tensor> parameters, LrSchedule schedule, String... slotNames) {
        if (parameters == null || parameters.isEmpty()) {
            throw InvalidConfigException.of("parameters", "a non-empty map of parameters",
                    parameters == null ? null : "an empty map");
        }
        if (schedule == null) {
            throw InvalidConfigException.of("lr", "non-null", null);
        }
        this.kind = kind;
        this.schedule = schedule;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        int n = parameters.size();
        this.names = new String[n];
        this.params = new Tensor[n];
        int i = 0;
        for (Map.Entry<String, Tensor> e : this.parameters.entrySet()) {
            Tensor p = e.getValue();
            if (p == null || !p.isLeaf() || !p.requiresGrad()) {
                throw InvalidConfigException.of("parameter '" + e.getKey() + "'", "a Tensor.variable leaf", p);
            }
            names[i] = e.getKey();
            params[i] = p;
            i++;
        }
        this.paramSteps = new long[n];
        this.slotNames = slotNames.clone();
        this.slots = new INDArray[slotNames.length][n];
        for (int s = 0; s < slotNames.length; s++) {
            for (int j = 0; j < n; j++) {
                slots[s][j] = Nd4j.zeros(params[j].dtype(), params[j].shape());
            }
        }
    }

    /** @return {@code value}, checked non-null (for use in a {@code super(...)} call) */
    static <T> T nonNull(String field, T value) {
        if (value == null) {
            throw InvalidConfigException.of(field, "non-null", null);
        }
        return value;
    }

    /**
     * Updates one parameter in place.
     *
     * @param p     the parameter's array
     * @param g     its gradient (same type and shape)
     * @param slots its buffers, in slot order
     * @param lr    this step's learning rate
     * @param t     the parameter's own step number, 1 for its first update
     */
    abstract void update(INDArray p, INDArray g, INDArray[] slots, double lr, long t);

    @Override
    public final void step() {
        double lr = schedule.valueAt(steps);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw InvalidConfigException.of("learning rate at step " + steps, ">= 0 and finite", lr);
        }
        INDArray[] mine = new INDArray[slotNames.length];
        for (int i = 0; i < params.length; i++) {
            INDArray g = params[i].grad();
            if (g == null) {
                continue;
            }
            INDArray p = params[i].value();
            if (g.dataType() != p.dataType()) {
                throw new DTypeMismatchException("gradient of '" + names[i] + "' is " + g.dataType()
                        + " but the parameter is " + p.dataType());
            }
            for (int s = 0; s < mine.length; s++) {
                mine[s] = slots[s][i];
            }
            paramSteps[i]++;
            update(p, g, mine, lr, paramSteps[i]);
        }
        steps++;
    }

    @Override
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    @Override
    public final Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public final long stepCount() {
        return steps;
    }

    @Override
    public final double learningRate() {
        return schedule.valueAt(steps);
    }

    /** @return the schedule that gives each step's learning rate */
    public final LrSchedule schedule() {
        return schedule;
    }

    @Override
    public final OptimizerState state() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("step", steps);
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            counters.put(names[i] + "/step", paramSteps[i]);
            for (int s = 0; s < slotNames.length; s++) {
                buffers.put(names[i] + "/" + slotNames[s], slots[s][i].dup('c'));
            }
        }
        return new OptimizerState(kind, counters, buffers);
    }

    @Override
    public final void loadState(OptimizerState state) {
        if (state == null) {
            throw InvalidConfigException.of("state", "non-null", null);
        }
        if (!kind.equals(state.kind())) {
            throw InvalidConfigException.of("state.kind", "'" + kind + "'", "'" + state.kind() + "'");
        }
        Set<String> counterKeys = new LinkedHashSet<>();
        counterKeys.add("step");
        Set<String> bufferKeys = new LinkedHashSet<>();
        for (String name : names) {
            counterKeys.add(name + "/step");
            for (String s : slotNames) {
                bufferKeys.add(name + "/" + s);
            }
        }
        checkKeys("counters", counterKeys, state.counters().keySet());
        checkKeys("buffers", bufferKeys, state.buffers().keySet());
        for (Map.Entry<String, Long> e : state.counters().entrySet()) {
            if (e.getValue() < 0) {
                throw InvalidConfigException.of("state counter '" + e.getKey() + "'", ">= 0", e.getValue());
            }
        }
        for (int i = 0; i < params.length; i++) {
            for (int s = 0; s < slotNames.length; s++) {
                String key = names[i] + "/" + slotNames[s];
                INDArray src = state.buffers().get(key);
                INDArray dst = slots[s][i];
                if (!Arrays.equals(src.shape(), dst.shape())) {
                    throw ShapeMismatchException.of("state buffer '" + key + "'", Arrays.toString(dst.shape()),
                            src.shape());
                }
                if (src.dataType() != dst.dataType()) {
                    throw new DTypeMismatchException("state buffer '" + key + "' must be " + dst.dataType()
                            + "; got " + src.dataType());
                }
            }
        }
        // everything fits: copy
        steps = state.counters().get("step");
        for (int i = 0; i < params.length; i++) {
            paramSteps[i] = state.counters().get(names[i] + "/step");
            for (int s = 0; s < slotNames.length; s++) {
                slots[s][i].assign(state.buffers().get(names[i] + "/" + slotNames[s]));
            }
        }
    }

    private static void checkKeys(String what, Set<String> expected, Set<String> found) {
        if (expected.equals(found)) {
            return;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(found);
        List<String> unexpected = new ArrayList<>(found);
        unexpected.removeAll(expected);
        throw new InvalidConfigException("state." + what + " must hold exactly this optimizer's entries; missing "
                + missing + ", unexpected " + unexpected);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + params.length + " parameters, step " + steps + ", " + schedule + ")";
    }
}
