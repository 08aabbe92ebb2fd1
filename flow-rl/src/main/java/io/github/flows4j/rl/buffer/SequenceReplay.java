package io.github.flows4j.rl.buffer;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed-capacity ring of episode steps from which fixed-length pieces of episodes are replayed, for agents that
 * carry a recurrent state while acting (SMAC on a recurrent belief, Zhang et al. 2023; the sequence replay of
 * Dreamer, Hafner et al. 2020, with the stored recurrent state of R2D2, Kapturowski et al. 2019). Each slot holds one
 * observation o_t, the previous action a_{t−1}, the acting agent's recurrent state just before o_t was observed
 * (its "memory"), and — once the step is taken — a_t, r_t and whether the episode terminated. An episode's final
 * observation is stored too (with no action), so the last transition has its s'. Slots are written in order and
 * overwrite the oldest once full.
 *
 * <p>{@link #sample} draws pieces of L transitions (L + 1 observations) uniformly, with replacement, among all
 * starting slots whose L + 1 observations belong to one episode and are all still stored; a piece never crosses an
 * episode boundary. Every random draw comes from the given {@link Rng}.
 *
 * <pre>{@code
 * SequenceReplay replay = new SequenceReplay(100_000, 2, 1, 36, DataType.FLOAT);
 * replay.begin(obs0, memory0);                                         // episode start: memory = initial state
 * replay.add(action, reward, terminated, nextObs, memory1, done);      // after each environment step
 * Sequences s = replay.sample(16, 16, rng);                            // 16 pieces, obs [17, 16, 2]
 * }</pre>
 */
public final class SequenceReplay {
    private static final int INITIAL_SLOTS = 4096;

    private final int capacity;
    private final int obsDim;
    private final int actionDim;
    private final int memoryDim;
    private final DataType type;
    private double[] obs;
    private double[] prevAction;
    private double[] memory;
    private double[] action;
    private double[] reward;
    private boolean[] terminated;
    private long[] episode;
    private int[] step;
    private int slots;
    private int next;
    private int size;
    private int last = -1;
    private boolean open;
    private long episodes;

    /**
     * @param capacity  the most observations kept, &ge; 2
     * @param obsDim    observation size, &ge; 1
     * @param actionDim action size, &ge; 1
     * @param memoryDim size of the stored recurrent state, &ge; 1
     * @param type      FLOAT or DOUBLE, the type of the sampled arrays
     * @throws InvalidConfigException if a size is out of range or the type unsupported
     */
    public SequenceReplay(int capacity, int obsDim, int actionDim, int memoryDim, DataType type) {
        if (capacity < 2) {
            throw InvalidConfigException.of("capacity", ">= 2", capacity);
        }
        atLeastOne("obsDim", obsDim);
        atLeastOne("actionDim", actionDim);
        atLeastOne("memoryDim", memoryDim);
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.memoryDim = memoryDim;
        this.type = type;
        allocate(Math.min(capacity, INITIAL_SLOTS));
    }

    private static void atLeastOne(String name, int v) {
        if (v < 1) {
            throw InvalidConfigException.of(name, ">= 1", v);
        }
    }

    /** @return the observations stored, at most the capacity */
    public int size() {
        return size;
    }

    /** @return the episodes begun so far */
    public long episodes() {
        return episodes;
    }

    /**
     * Starts an episode with its first observation.
     *
     * @param firstObs      o_0, [obsDim]
     * @param initialMemory the agent's recurrent state before o_0 (its initial state), [memoryDim]
     * @throws ShapeMismatchException if a length is wrong
     */
    public void begin(double[] firstObs, double[] initialMemory) {
        check("firstObs", firstObs, obsDim);
        check("initialMemory", initialMemory, memoryDim);
        episodes++;
        write(firstObs, new double[actionDim], initialMemory, 0);
        open = true;
    }

    /**
     * Records the step taken from the last stored observation and stores the next observation.
     *
     * @param act        a_t, [actionDim]
     * @param r          r_t
     * @param term       whether the episode terminated at o_{t+1} (no bootstrapping)
     * @param nextObs    o_{t+1}, [obsDim]
     * @param nextMemory the agent's recurrent state before o_{t+1} is observed, [memoryDim]
     * @param done       whether the episode ends here (terminated or truncated): {@link #begin} must come next
     * @throws IllegalStateException if no episode is open
     * @throws ShapeMismatchException if a length is wrong
     */
    public void add(double[] act, double r, boolean term, double[] nextObs, double[] nextMemory, boolean done) {
        if (!open) {
            throw new IllegalStateException("no open episode: call begin first (after a reset or an episode's end)");
        }
        check("action", act, actionDim);
        check("nextObs", nextObs, obsDim);
        check("nextMemory", nextMemory, memoryDim);
        System.arraycopy(act, 0, action, last * actionDim, actionDim);
        reward[last] = r;
        terminated[last] = term;
        write(nextObs, act, nextMemory, step[last] + 1);
        open = !done;
    }

    private void write(double[] o, double[] prev, double[] mem, int t) {
        if (next == slots && slots < capacity) {
            grow();
        }
        int s = next;
        System.arraycopy(o, 0, obs, s * obsDim, obsDim);
        System.arraycopy(prev, 0, prevAction, s * actionDim, actionDim);
        System.arraycopy(mem, 0, memory, s * memoryDim, memoryDim);
        Arrays.fill(action, s * actionDim, (s + 1) * actionDim, 0);
        reward[s] = 0;
        terminated[s] = false;
        episode[s] = episodes;
        step[s] = t;
        last = s;
        next = (s + 1) % capacity;
        size = Math.min(capacity, size + 1);
    }

    /**
     * @param start a slot
     * @param length L
     * @return whether the L + 1 observations from {@code start} on are one episode's consecutive steps
     */
    private boolean valid(int start, int length) {
        if (start >= size) {
            return false;
        }
        int end = (int) ((start + (long) length) % capacity);
        return end < size && episode[end] == episode[start] && step[end] == step[start] + length;
    }

    /**
     * Draws pieces of episodes uniformly (with replacement) among the valid starting slots.
     *
     * @param batch  pieces, &ge; 1
     * @param length L, transitions per piece, &ge; 1
     * @param rng    draws the starts
     * @return the pieces
     * @throws InvalidConfigException if batch or length is below 1
     * @throws IllegalStateException if no stored episode has L + 1 consecutive observations
     */
    public Sequences sample(int batch, int length, Rng rng) {
        atLeastOne("batch", batch);
        atLeastOne("length", length);
        int[] starts = new int[batch];
        int[] validStarts = null;
        for (int i = 0; i < batch; i++) {
            int s = -1;
            for (int tries = 0; tries < 64 && s < 0; tries++) {
                int c = rng.nextInt(size);
                if (valid(c, length)) {
                    s = c;
                }
            }
            if (s < 0) {
                if (validStarts == null) {
                    validStarts = validStarts(length);
                }
                s = validStarts[rng.nextInt(validStarts.length)];
            }
            starts[i] = s;
        }
        return gather(starts, length);
    }

    private int[] validStarts(int length) {
        int[] all = new int[size];
        int n = 0;
        for (int s = 0; s < size; s++) {
            if (valid(s, length)) {
                all[n++] = s;
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no stored episode has " + (length + 1) + " consecutive observations "
                    + "(length " + length + "); collect more steps or shorten the pieces");
        }
        return Arrays.copyOf(all, n);
    }

    private Sequences gather(int[] starts, int length) {
        int b = starts.length;
        double[][][] o = new double[length + 1][b][obsDim];
        double[][][] pa = new double[length + 1][b][actionDim];
        double[][][] a = new double[length][b][actionDim];
        double[][][] r = new double[length][b][1];
        double[][][] d = new double[length][b][1];
        double[][] m = new double[b][memoryDim];
        long[] eps = new long[b];
        int[] offs = new int[b];
        for (int i = 0; i < b; i++) {
            int s0 = starts[i];
            System.arraycopy(memory, s0 * memoryDim, m[i], 0, memoryDim);
            eps[i] = episode[s0];
            offs[i] = step[s0];
            for (int t = 0; t <= length; t++) {
                int s = (s0 + t) % capacity;
                System.arraycopy(obs, s * obsDim, o[t][i], 0, obsDim);
                System.arraycopy(prevAction, s * actionDim, pa[t][i], 0, actionDim);
                if (t < length) {
                    System.arraycopy(action, s * actionDim, a[t][i], 0, actionDim);
                    r[t][i][0] = reward[s];
                    d[t][i][0] = terminated[s] ? 1 : 0;
                }
            }
        }
        return new Sequences(cast(Nd4j.createFromArray(o)), cast(Nd4j.createFromArray(pa)),
                cast(Nd4j.createFromArray(a)), cast(Nd4j.createFromArray(r)), cast(Nd4j.createFromArray(d)),
                cast(Nd4j.createFromArray(m)), eps, offs);
    }

    private INDArray cast(INDArray x) {
        return x.castTo(type);
    }

    /**
     * Writes the stored steps and cursors into checkpoint state under {@code prefix}.
     *
     * @param prefix   the key prefix, e.g. {@code "replay/"}
     * @param counters receives the cursors
     * @param arrays   receives copies of the stored steps (float64)
     */
    public void saveState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        counters.put(prefix + "capacity", (long) capacity);
        counters.put(prefix + "slots", (long) slots);
        counters.put(prefix + "next", (long) next);
        counters.put(prefix + "size", (long) size);
        counters.put(prefix + "episodes", episodes);
        arrays.put(prefix + "obs", Nd4j.createFromArray(obs.clone()));
        arrays.put(prefix + "prevAction", Nd4j.createFromArray(prevAction.clone()));
        arrays.put(prefix + "memory", Nd4j.createFromArray(memory.clone()));
        arrays.put(prefix + "action", Nd4j.createFromArray(action.clone()));
        arrays.put(prefix + "reward", Nd4j.createFromArray(reward.clone()));
        double[] flags = new double[slots];
        double[] ids = new double[slots];
        double[] steps = new double[slots];
        for (int s = 0; s < slots; s++) {
            flags[s] = terminated[s] ? 1 : 0;
            ids[s] = episode[s];
            steps[s] = step[s];
        }
        arrays.put(prefix + "terminated", Nd4j.createFromArray(flags));
        arrays.put(prefix + "episode", Nd4j.createFromArray(ids));
        arrays.put(prefix + "step", Nd4j.createFromArray(steps));
    }

    /**
     * Restores what {@link #saveState} wrote; no episode is open afterwards ({@link #begin} comes next).
     *
     * @param prefix   the key prefix used when saving
     * @param counters the saved cursors
     * @param arrays   the saved steps
     * @throws InvalidConfigException if a key is missing
     * @throws ShapeMismatchException if the saved replay has another capacity or other sizes
     */
    public void loadState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        String[] keys = {"capacity", "slots", "next", "size", "episodes"};
        for (String k : keys) {
            if (counters.get(prefix + k) == null) {
                throw InvalidConfigException.of("counters", "holding " + prefix + k, counters.keySet());
            }
        }
        if (counters.get(prefix + "capacity") != capacity) {
            throw new ShapeMismatchException("saved sequence replay has capacity " + counters.get(prefix + "capacity")
                    + "; this one " + capacity);
        }
        int n = counters.get(prefix + "slots").intValue();
        double[][] v = new double[8][];
        String[] names = {"obs", "prevAction", "memory", "action", "reward", "terminated", "episode", "step"};
        int[] widths = {obsDim, actionDim, memoryDim, actionDim, 1, 1, 1, 1};
        for (int i = 0; i < names.length; i++) {
            INDArray a = arrays.get(prefix + names[i]);
            if (a == null) {
                throw InvalidConfigException.of("arrays", "holding " + prefix + names[i], arrays.keySet());
            }
            if (a.length() != (long) n * widths[i]) {
                throw ShapeMismatchException.of(prefix + names[i], "[" + ((long) n * widths[i]) + "]", a.shape());
            }
            v[i] = a.castTo(DataType.DOUBLE).toDoubleVector();
        }
        allocate(n);
        obs = v[0];
        prevAction = v[1];
        memory = v[2];
        action = v[3];
        reward = v[4];
        for (int s = 0; s < n; s++) {
            terminated[s] = v[5][s] != 0;
            episode[s] = (long) v[6][s];
            step[s] = (int) v[7][s];
        }
        next = counters.get(prefix + "next").intValue();
        size = counters.get(prefix + "size").intValue();
        episodes = counters.get(prefix + "episodes");
        last = -1;
        open = false;
    }

    private void allocate(int n) {
        slots = n;
        obs = new double[n * obsDim];
        prevAction = new double[n * actionDim];
        memory = new double[n * memoryDim];
        action = new double[n * actionDim];
        reward = new double[n];
        terminated = new boolean[n];
        episode = new long[n];
        step = new int[n];
    }

    private void grow() {
        int n = (int) Math.min(capacity, 2L * slots);
        obs = Arrays.copyOf(obs, n * obsDim);
        prevAction = Arrays.copyOf(prevAction, n * actionDim);
        memory = Arrays.copyOf(memory, n * memoryDim);
        action = Arrays.copyOf(action, n * actionDim);
        reward = Arrays.copyOf(reward, n);
        terminated = Arrays.copyOf(terminated, n);
        episode = Arrays.copyOf(episode, n);
        step = Arrays.copyOf(step, n);
        slots = n;
    }

    private static void check(String name, double[] v, int dim) {
        if (v == null || v.length != dim) {
            throw ShapeMismatchException.of(name, "[" + dim + "]", v == null ? null : new long[] {v.length});
        }
    }
}
