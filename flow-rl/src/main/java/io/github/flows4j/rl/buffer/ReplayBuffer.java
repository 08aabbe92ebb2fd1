package io.github.flows4j.rl.buffer;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fixed-capacity ring buffer of transitions (s, a, r, s', done) for off-policy learning (the experience replay of
 * Mnih et al. 2015, as used by Soft Actor-Critic, Haarnoja et al. 2018). Transitions are stored in preallocated
 * [capacity, ·] arrays; once full, each new transition overwrites the oldest. Minibatches are drawn uniformly
 * <em>without replacement</em> from an explicit {@link Rng}, so the same seed and the same history give the same
 * batches. Not thread-safe; stored values are copies, so callers may reuse their arrays.
 *
 * <pre>{@code
 * ReplayBuffer buffer = new ReplayBuffer(100_000, 3, 1, DataType.FLOAT);
 * buffer.add(obs, action, reward, nextObs, done);        // obs [3] or [1, 3], action [1] or [1, 1]
 * if (buffer.size() >= 256) {
 *     Transitions batch = buffer.sample(256, rng);       // obs [256, 3], reward [256, 1], ...
 * }
 * }</pre>
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int obsDim;
    private final int actionDim;
    private final DataType type;
    private final INDArray obs;
    private final INDArray action;
    private final INDArray reward;
    private final INDArray nextObs;
    private final INDArray done;
    private int next;
    private int size;

    /**
     * @param capacity  the most transitions kept, &ge; 1
     * @param obsDim    the observation size, &ge; 1
     * @param actionDim the action size, &ge; 1
     * @param type      FLOAT or DOUBLE
     * @throws InvalidConfigException if a size is below 1 or the type is unsupported
     */
    public ReplayBuffer(int capacity, int obsDim, int actionDim, DataType type) {
        if (capacity < 1) {
            throw InvalidConfigException.of("capacity", ">= 1", capacity);
        }
        if (obsDim < 1) {
            throw InvalidConfigException.of("obsDim", ">= 1", obsDim);
        }
        if (actionDim < 1) {
            throw InvalidConfigException.of("actionDim", ">= 1", actionDim);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.type = type;
        this.obs = Nd4j.zeros(type, capacity, obsDim);
        this.action = Nd4j.zeros(type, capacity, actionDim);
        this.reward = Nd4j.zeros(type, capacity, 1);
        this.nextObs = Nd4j.zeros(type, capacity, obsDim);
        this.done = Nd4j.zeros(type, capacity, 1);
    }

    /** @return the most transitions kept */
    public int capacity() {
        return capacity;
    }

    /** @return how many transitions are stored, at most {@link #capacity()} */
    public int size() {
        return size;
    }

    /** @return the observation size */
    public int obsDim() {
        return obsDim;
    }

    /** @return the action size */
    public int actionDim() {
        return actionDim;
    }

    /** @return the stored arrays' type, FLOAT or DOUBLE */
    public DataType dataType() {
        return type;
    }

    /**
     * Stores one transition, overwriting the oldest once the buffer is full.
     *
     * @param obs     s, [obsDim] or [1, obsDim]
     * @param action  a, [actionDim] or [1, actionDim]
     * @param reward  r
     * @param nextObs s', [obsDim] or [1, obsDim]
     * @param done    whether the episode ended at s'
     * @throws ShapeMismatchException if an array has the wrong size
     * @throws DTypeMismatchException if an array's type differs from the buffer's
     */
    public void add(INDArray obs, INDArray action, double reward, INDArray nextObs, boolean done) {
        INDArray o = row("obs", obs, obsDim);
        INDArray a = row("action", action, actionDim);
        INDArray n = row("nextObs", nextObs, obsDim);
        this.obs.getRow(next).assign(o);
        this.action.getRow(next).assign(a);
        this.nextObs.getRow(next).assign(n);
        this.reward.putScalar(next, 0, reward);
        this.done.putScalar(next, 0, done ? 1.0 : 0.0);
        advance(1);
    }

    /**
     * Stores a batch of transitions in order, as if {@link #add} were called row by row.
     *
     * @param batch the transitions, of this buffer's sizes and type
     * @throws ShapeMismatchException if the batch's sizes differ from the buffer's
     * @throws DTypeMismatchException if its type differs from the buffer's
     */
    public void addAll(Transitions batch) {
        if (batch.obs().size(1) != obsDim || batch.action().size(1) != actionDim) {
            throw new ShapeMismatchException("batch must have obs [b, " + obsDim + "] and action [b, " + actionDim
                    + "]; got obs " + java.util.Arrays.toString(batch.obs().shape()) + " and action "
                    + java.util.Arrays.toString(batch.action().shape()));
        }
        if (batch.obs().dataType() != type) {
            throw new DTypeMismatchException("batch is " + batch.obs().dataType() + " but the buffer holds " + type);
        }
        int b = batch.size();
        int from = Math.max(0, b - capacity);
        advance(from);
        while (from < b) {
            int len = Math.min(b - from, capacity - next);
            copy(batch.obs(), obs, from, len);
            copy(batch.action(), action, from, len);
            copy(batch.reward(), reward, from, len);
            copy(batch.nextObs(), nextObs, from, len);
            copy(batch.done(), done, from, len);
            advance(len);
            from += len;
        }
    }

    /**
     * Draws a minibatch uniformly without replacement (a partial Fisher–Yates shuffle of the stored slots).
     *
     * @param batchSize how many transitions, in [1, size()]
     * @param rng       the random stream (advanced by batchSize draws)
     * @return copies of the chosen transitions, in the order drawn
     * @throws InvalidConfigException if batchSize is outside [1, size()]
     */
    public Transitions sample(int batchSize, Rng rng) {
        if (batchSize < 1 || batchSize > size) {
            throw InvalidConfigException.of("batchSize", "in [1, size() = " + size + "]", batchSize);
        }
        int[] idx = new int[batchSize];
        Map<Integer, Integer> swapped = new HashMap<>();
        for (int i = 0; i < batchSize; i++) {
            int j = i + rng.nextInt(size - i);
            int vj = swapped.getOrDefault(j, j);
            int vi = swapped.getOrDefault(i, i);
            idx[i] = vj;
            swapped.put(j, vi);
        }
        return new Transitions(obs.getRows(idx), action.getRows(idx), reward.getRows(idx), nextObs.getRows(idx),
                done.getRows(idx));
    }

    /**
     * Writes this buffer's contents and cursor into checkpoint state under {@code prefix} (arrays
     * {@code prefix + "obs"}, … and counters {@code prefix + "next"}, {@code prefix + "size"}), for
     * {@link io.github.flows4j.core.io.Checkpoint.Extras}.
     *
     * @param prefix   the key prefix, e.g. {@code "replay/"}
     * @param counters receives the cursor
     * @param buffers  receives copies of the stored arrays
     */
    public void saveState(String prefix, Map<String, Long> counters, Map<String, INDArray> buffers) {
        counters.put(prefix + "next", (long) next);
        counters.put(prefix + "size", (long) size);
        counters.put(prefix + "capacity", (long) capacity);
        buffers.put(prefix + "obs", obs.dup());
        buffers.put(prefix + "action", action.dup());
        buffers.put(prefix + "reward", reward.dup());
        buffers.put(prefix + "nextObs", nextObs.dup());
        buffers.put(prefix + "done", done.dup());
    }

    /**
     * Restores what {@link #saveState} wrote.
     *
     * @param prefix   the key prefix used when saving
     * @param counters the saved counters
     * @param buffers  the saved arrays
     * @throws ShapeMismatchException if the saved buffer has another capacity or other sizes
     * @throws InvalidConfigException if a key is missing
     */
    public void loadState(String prefix, Map<String, Long> counters, Map<String, INDArray> buffers) {
        Long cap = counters.get(prefix + "capacity");
        if (cap == null || counters.get(prefix + "next") == null || counters.get(prefix + "size") == null) {
            throw InvalidConfigException.of("counters", "holding " + prefix + "capacity, next and size",
                    counters.keySet());
        }
        if (cap != capacity) {
            throw new ShapeMismatchException("saved replay buffer has capacity " + cap + "; this one " + capacity);
        }
        INDArray[] mine = {obs, action, reward, nextObs, done};
        String[] names = {"obs", "action", "reward", "nextObs", "done"};
        for (int i = 0; i < names.length; i++) {
            INDArray saved = buffers.get(prefix + names[i]);
            if (saved == null) {
                throw InvalidConfigException.of("buffers", "holding " + prefix + names[i], buffers.keySet());
            }
            if (!java.util.Arrays.equals(saved.shape(), mine[i].shape())) {
                throw ShapeMismatchException.of(prefix + names[i], java.util.Arrays.toString(mine[i].shape()),
                        saved.shape());
            }
        }
        for (int i = 0; i < names.length; i++) {
            mine[i].assign(buffers.get(prefix + names[i]));
        }
        next = counters.get(prefix + "next").intValue();
        size = counters.get(prefix + "size").intValue();
    }

    private void advance(int steps) {
        next = (next + steps) % capacity;
        size = Math.min(capacity, size + steps);
    }

    private void copy(INDArray src, INDArray dst, int from, int len) {
        dst.get(NDArrayIndex.interval(next, next + len), NDArrayIndex.all())
                .assign(src.get(NDArrayIndex.interval(from, from + len), NDArrayIndex.all()));
    }

    private INDArray row(String name, INDArray a, int dim) {
        boolean ok = (a.rank() == 1 && a.size(0) == dim) || (a.rank() == 2 && a.size(0) == 1 && a.size(1) == dim);
        if (!ok) {
            throw ShapeMismatchException.of(name, "[" + dim + "] or [1, " + dim + "]", a.shape());
        }
        if (a.dataType() != type) {
            throw new DTypeMismatchException(name + " is " + a.dataType() + " but the buffer holds " + type);
        }
        return a.reshape(dim);
    }
}
