package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;

/**
 * A replay buffer of complete trajectories for off-policy GFlowNet training: a fixed-capacity ring of action
 * sequences; once full, each new trajectory replaces the oldest. Balance objectives hold for any trajectory, so
 * replayed ones can be mixed into a batch ({@link GFlowNetLoss}). Draws are uniform with replacement from an explicit
 * {@link Rng}. Not thread-safe.
 *
 * <pre>{@code
 * TrajectoryReplay replay = new TrajectoryReplay(grid, 10_000);
 * replay.add(batch);
 * Trajectories old = replay.sample(8, rng);
 * }</pre>
 */
public final class TrajectoryReplay {
    private final DiscreteEnvironment env;
    private final int[][] ring;
    private int next;
    private int size;

    /**
     * @param env      the state space of the stored trajectories
     * @param capacity the most trajectories kept, &ge; 1
     * @throws InvalidConfigException naming the argument if env is null or capacity &lt; 1
     */
    public TrajectoryReplay(DiscreteEnvironment env, int capacity) {
        if (env == null) {
            throw InvalidConfigException.of("env", "non-null", null);
        }
        if (capacity < 1) {
            throw InvalidConfigException.of("capacity", ">= 1", capacity);
        }
        this.env = env;
        this.ring = new int[capacity][];
    }

    /** @return the number stored */
    public int size() {
        return size;
    }

    /** @return the capacity */
    public int capacity() {
        return ring.length;
    }

    /**
     * @param batch trajectories of this buffer's state space
     * @throws InvalidConfigException if the batch belongs to another state space
     */
    public void add(Trajectories batch) {
        if (!batch.env().equals(env)) {
            throw InvalidConfigException.of("batch.env", env.toString(), batch.env());
        }
        for (int[] seq : batch.actionSequences()) {
            ring[next] = seq;
            next = (next + 1) % ring.length;
            size = Math.min(ring.length, size + 1);
        }
    }

    /**
     * @param n   how many, &ge; 1
     * @param rng the random stream
     * @return n stored trajectories drawn uniformly with replacement
     * @throws InvalidConfigException if n &lt; 1 or the buffer is empty
     */
    public Trajectories sample(int n, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (size == 0) {
            throw InvalidConfigException.of("size", ">= 1 (add trajectories before sampling)", 0);
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = ring[rng.nextInt(size)];
        }
        return Trajectories.of(env, out);
    }

    /**
     * @param a trajectories
     * @param b more trajectories of the same state space
     * @return both batches in one
     */
    static Trajectories concat(Trajectories a, Trajectories b) {
        int[][] sa = a.actionSequences();
        int[][] sb = b.actionSequences();
        int[][] all = java.util.Arrays.copyOf(sa, sa.length + sb.length);
        System.arraycopy(sb, 0, all, sa.length, sb.length);
        return Trajectories.of(a.env(), all);
    }
}
