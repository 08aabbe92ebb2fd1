package io.github.flows4j.core.io;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and restores a {@link Module}'s parameters and, optionally, an {@link Optimizer}'s state, so that training
 * resumed from a checkpoint continues bitwise as if it had never stopped.
 *
 * <p>One file holds a manifest (format version, every array's name, data type and shape, the optimizer's kind and
 * counters), the raw little-endian data, and a SHA-256 checksum of everything before it. A save writes a temporary
 * file in the target's directory, forces it to disk and renames it over the target atomically, so readers see the
 * old checkpoint or the new one, never a mixture. A load reads and verifies the whole file and checks that it fits
 * before changing anything.
 *
 * <pre>{@code
 * Path path = Path.of("runs/moons/step-5000.f4j");
 * Checkpoint.save(path, model, optimizer);
 * // in a new process, after building the same model and optimizer:
 * Checkpoint.load(path, model, optimizer);
 * }</pre>
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * The contents of a checkpoint file, as {@link #read} returns them.
     *
     * @param parameters the parameters by name, in file order (unmodifiable)
     * @param optimizer  the optimizer state, or {@code null} if the file holds none
     * @param extras     further state (e.g. a {@link io.github.flows4j.core.train.Trainer}'s), or {@code null} if
     *                   the file holds none (always for format version 1)
     */
    public record Contents(Map<String, INDArray> parameters, OptimizerState optimizer, Extras extras) {
        /** Copies the map into an unmodifiable one. */
        public Contents {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /**
         * Contents without extras.
         *
         * @param parameters the parameters by name
         * @param optimizer  the optimizer state, or {@code null}
         */
        public Contents(Map<String, INDArray> parameters, OptimizerState optimizer) {
            this(parameters, optimizer, null);
        }
    }

    /**
     * State saved next to the parameters and the optimizer: named integer counters and named FLOAT or DOUBLE arrays,
     * e.g. a trainer's step count, random-stream states and moving averages. Keys are free-form (a prefix such as
     * {@code "ema/"} keeps groups apart); a double is stored exactly as a counter through
     * {@link Double#doubleToRawLongBits}.
     *
     * <pre>{@code
     * Checkpoint.Extras x = new Checkpoint.Extras(Map.of("trainer/step", 500L), Map.of("ema/w", averages));
     * Checkpoint.save(path, model, optimizer, x);
     * long step = Checkpoint.read(path).extras().counters().get("trainer/step");
     * }</pre>
     *
     * @param counters integer state by key, in order (copied into an unmodifiable map)
     * @param buffers  array state by key, in order (the map is copied; the arrays are not)
     */
    public record Extras(Map<String, Long> counters, Map<String, INDArray> buffers) {
        /** @throws InvalidConfigException if a map, key or value is null */
        public Extras {
            if (counters == null) {
                throw InvalidConfigException.of("counters", "non-null", null);
            }
            if (buffers == null) {
                throw InvalidConfigException.of("buffers", "non-null", null);
            }
            counters = Collections.unmodifiableMap(checked("counters", counters));
            buffers = Collections.unmodifiableMap(checked("buffers", buffers));
        }

        private static <V> Map<String, V> checked(String what, Map<String, V> map) {
            Map<String, V> copy = new LinkedHashMap<>();
            for (Map.Entry<String, V> e : map.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw InvalidConfigException.of(what, "free of null keys and values",
                            e.getKey() + "=" + e.getValue());
                }
                copy.put(e.getKey(), e.getValue());
            }
            return copy;
        }
    }

    /**
     * Writes the module's parameters and the optimizer's state to {@code path}, atomically.
     *
     * @param path      the file; its directory must exist; an existing file is replaced
     * @param module    the model
     * @param optimizer its optimizer, or {@code null} to save parameters only
     * @throws IOException if writing fails (the target is then unchanged and no temporary file is left)
     * @throws InvalidConfigException if an argument is null or an array is neither FLOAT nor DOUBLE
     */
    public static void save(Path path, Module module, Optimizer optimizer) throws IOException {
        save(path, module, optimizer, null);
    }

    /**
     * Writes the module's parameters, the optimizer's state and further state to {@code path}, atomically.
     *
     * @param path      the file; its directory must exist; an existing file is replaced
     * @param module    the model
     * @param optimizer its optimizer, or {@code null} to save no optimizer state
     * @param extras    further state, or {@code null} for none
     * @throws IOException if writing fails (the target is then unchanged and no temporary file is left)
     * @throws InvalidConfigException if path or module is null or an array is neither FLOAT nor DOUBLE
     */
    public static void save(Path path, Module module, Optimizer optimizer, Extras extras) throws IOException {
        if (path == null) {
            throw InvalidConfigException.of("path", "non-null", null);
        }
        if (module == null) {
            throw InvalidConfigException.of("module", "non-null", null);
        }
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : module.parameters().entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        CheckpointFormat.write(path, values, optimizer == null ? null : optimizer.state(), extras);
    }

    /**
     * Reads and verifies a checkpoint without applying it.
     *
     * @param path the file
     * @return its parameters and optimizer state
     * @throws CorruptCheckpointException if the file is not a sound checkpoint of a supported version
     * @throws IOException if reading fails
     */
    public static Contents read(Path path) throws IOException {
        if (path == null) {
            throw InvalidConfigException.of("path", "non-null", null);
        }
        CheckpointFormat.Parsed p = CheckpointFormat.read(path);
        return new Contents(p.parameters(), p.optimizer(), p.extras());
    }

    /**
     * Restores the module's parameters (in place) and, if given, the optimizer's state. Nothing changes unless the
     * whole checkpoint is sound and fits.
     *
     * @param path      the file
     * @param module    a model with exactly the checkpoint's parameter names, shapes and data types
     * @param optimizer an optimizer of the saved kind over the same parameters, or {@code null} to skip the
     *                  optimizer state
     * @throws CorruptCheckpointException if the file is not a sound checkpoint of a supported version
     * @throws CheckpointMismatchException if parameters are missing, unexpected or of another shape or data type,
     *     or the optimizer state is absent or does not fit; the message names each
     * @return the checkpoint's contents, e.g. for its {@link Contents#extras()}
     * @throws IOException if reading fails
     */
    public static Contents load(Path path, Module module, Optimizer optimizer) throws IOException {
        if (module == null) {
            throw InvalidConfigException.of("module", "non-null", null);
        }
        Contents c = read(path);
        Map<String, Tensor> params = module.parameters();
        List<String> diffs = differences(c.parameters(), params);
        if (optimizer != null && c.optimizer() == null) {
            diffs.add("an optimizer was given but the checkpoint holds no optimizer state");
        }
        if (!diffs.isEmpty()) {
            throw new CheckpointMismatchException(path.toString(), diffs);
        }
        if (optimizer != null) {
            try {
                optimizer.loadState(c.optimizer());
            } catch (IllegalArgumentException e) {
                throw new CheckpointMismatchException(path.toString(), List.of("optimizer state: " + e.getMessage()));
            }
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            e.getValue().value().assign(c.parameters().get(e.getKey()));
        }
        return c;
    }

    private static List<String> differences(Map<String, INDArray> saved, Map<String, Tensor> live) {
        List<String> diffs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : live.keySet()) {
            if (!saved.containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : saved.keySet()) {
            if (!live.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty()) {
            diffs.add("missing parameters " + missing + " (in the module, not in the checkpoint)");
        }
        if (!unexpected.isEmpty()) {
            diffs.add("unexpected parameters " + unexpected + " (in the checkpoint, not in the module)");
        }
        for (Map.Entry<String, Tensor> e : live.entrySet()) {
            INDArray s = saved.get(e.getKey());
            if (s == null) {
                continue;
            }
            long[] have = e.getValue().shape();
            if (!Arrays.equals(s.shape(), have)) {
                diffs.add("'" + e.getKey() + "' has shape " + Arrays.toString(s.shape()) + " in the checkpoint but "
                        + Arrays.toString(have) + " in the module");
            }
            if (s.dataType() != e.getValue().dtype()) {
                diffs.add("'" + e.getKey() + "' is " + s.dataType() + " in the checkpoint but "
                        + e.getValue().dtype() + " in the module");
            }
        }
        return diffs;
    }
}
