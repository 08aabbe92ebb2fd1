package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hypergrid benchmark of GFlowNets (Bengio et al. 2021; Malkin et al. 2022, "Trajectory balance"): states are the
 * points {@code s ∈ {0, …, H-1}^d}, the walk starts at the origin, forward action {@code i < d} adds 1 to coordinate i,
 * action {@code d} stops, and every state is a possible object with reward
 *
 * <pre>
 * R(s) = R0 + R1 · ∏_i 𝟙[0.25 &lt; |s_i/(H-1) - 0.5|] + R2 · ∏_i 𝟙[0.3 &lt; |s_i/(H-1) - 0.5| &lt; 0.4]
 * </pre>
 *
 * <p>(2^d modes near the corners; small R0 makes them hard to reach). Backward action i subtracts 1 from coordinate i.
 * A state's index is {@code Σ_i s_i H^i}, so forward steps increase it. States are encoded one-hot per coordinate,
 * {@code [n, d·H]} (torchgfn's K-hot encoding).
 *
 * <pre>{@code
 * Hypergrid grid = Hypergrid.of(4, 8, 0.01);           // R1 = 0.5, R2 = 2
 * double[] target = grid.rewardDistribution();          // R(x)/Z over the 8^4 states
 * double logZ = grid.logPartition();
 * }</pre>
 *
 * @param dim    d, &ge; 1
 * @param height H, &ge; 2
 * @param r0     R0 &gt; 0 (the reward floor; the reward must be positive everywhere)
 * @param r1     R1 &ge; 0
 * @param r2     R2 &ge; 0
 */
public record Hypergrid(int dim, int height, double r0, double r1, double r2) implements DiscreteEnvironment {
    /** The most states a hypergrid may have. */
    public static final int MAX_STATES = 1 << 24;

    /**
     * @throws InvalidConfigException naming the field if dim &lt; 1, height &lt; 2, H^d exceeds {@link #MAX_STATES},
     *     r0 ≤ 0 or r1, r2 negative or not finite
     */
    public Hypergrid {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
        if (height < 2) {
            throw InvalidConfigException.of("height", ">= 2", height);
        }
        if (Math.pow(height, dim) > MAX_STATES) {
            throw InvalidConfigException.of("height^dim", "<= " + MAX_STATES, height + "^" + dim);
        }
        if (!(r0 > 0) || !Double.isFinite(r0)) {
            throw InvalidConfigException.of("r0", "> 0 and finite (the reward must be positive)", r0);
        }
        if (!(r1 >= 0) || !Double.isFinite(r1)) {
            throw InvalidConfigException.of("r1", ">= 0 and finite", r1);
        }
        if (!(r2 >= 0) || !Double.isFinite(r2)) {
            throw InvalidConfigException.of("r2", ">= 0 and finite", r2);
        }
    }

    /**
     * @param dim    d
     * @param height H
     * @param r0     R0 (R1 = 0.5, R2 = 2, as in the papers)
     * @return the hypergrid
     */
    public static Hypergrid of(int dim, int height, double r0) {
        return new Hypergrid(dim, height, r0, 0.5, 2.0);
    }

    @Override
    public int stateCount() {
        int n = 1;
        for (int i = 0; i < dim; i++) {
            n *= height;
        }
        return n;
    }

    @Override
    public int initialState() {
        return 0;
    }

    @Override
    public int forwardActionCount() {
        return dim + 1;
    }

    @Override
    public int stopAction() {
        return dim;
    }

    @Override
    public int backwardActionCount() {
        return dim;
    }

    @Override
    public int maxTrajectoryLength() {
        return dim * (height - 1) + 1;
    }

    /**
     * @param state a state index
     * @return its coordinates, [d]
     * @throws InvalidConfigException if the index is out of range
     */
    public int[] coordinates(int state) {
        checkState(state);
        int[] c = new int[dim];
        int r = state;
        for (int i = 0; i < dim; i++) {
            c[i] = r % height;
            r /= height;
        }
        return c;
    }

    /**
     * @param coordinates d values in [0, H)
     * @return the state index Σ s_i H^i
     * @throws InvalidConfigException if a coordinate is out of range or the length is not d
     */
    public int index(int... coordinates) {
        if (coordinates.length != dim) {
            throw InvalidConfigException.of("coordinates.length", "= dim = " + dim, coordinates.length);
        }
        int s = 0;
        for (int i = dim - 1; i >= 0; i--) {
            if (coordinates[i] < 0 || coordinates[i] >= height) {
                throw InvalidConfigException.of("coordinates[" + i + "]", "in [0, " + height + ")", coordinates[i]);
            }
            s = s * height + coordinates[i];
        }
        return s;
    }

    private int coordinate(int state, int axis) {
        int r = state;
        for (int i = 0; i < axis; i++) {
            r /= height;
        }
        return r % height;
    }

    private int stride(int axis) {
        int s = 1;
        for (int i = 0; i < axis; i++) {
            s *= height;
        }
        return s;
    }

    @Override
    public boolean isValidForward(int state, int action) {
        checkState(state);
        if (action < 0 || action > dim) {
            throw InvalidConfigException.of("action", "a forward action in [0, " + dim + "]", action);
        }
        return action == dim || coordinate(state, action) < height - 1;
    }

    @Override
    public int step(int state, int action) {
        if (action == dim || !isValidForward(state, action)) {
            throw InvalidConfigException.of("action", "a valid non-stop forward action from state "
                    + java.util.Arrays.toString(coordinates(state)), action);
        }
        return state + stride(action);
    }

    @Override
    public boolean isValidBackward(int state, int action) {
        checkState(state);
        if (action < 0 || action >= dim) {
            throw InvalidConfigException.of("action", "a backward action in [0, " + dim + ")", action);
        }
        return coordinate(state, action) > 0;
    }

    @Override
    public int backwardStep(int state, int action) {
        if (!isValidBackward(state, action)) {
            throw InvalidConfigException.of("action", "a valid backward action from state "
                    + java.util.Arrays.toString(coordinates(state)), action);
        }
        return state - stride(action);
    }

    @Override
    public int backwardActionOf(int parent, int forwardAction) {
        if (forwardAction == dim || !isValidForward(parent, forwardAction)) {
            throw InvalidConfigException.of("forwardAction", "a valid non-stop forward action from state "
                    + java.util.Arrays.toString(coordinates(parent)), forwardAction);
        }
        return forwardAction;
    }

    /**
     * @param state a state (every state may stop)
     * @return R(state) by the formula above
     * @throws InvalidConfigException if the index is out of range
     */
    public double reward(int state) {
        int[] c = coordinates(state);
        boolean outer = true;
        boolean ring = true;
        for (int v : c) {
            double a = Math.abs(v / (double) (height - 1) - 0.5);
            outer &= a > 0.25;
            ring &= a > 0.3 && a < 0.4;
        }
        return r0 + (outer ? r1 : 0) + (ring ? r2 : 0);
    }

    /**
     * The corner mode a state belongs to: the 2^d regions where every coordinate is in the outer band
     * {@code |s_i/(H-1) - 0.5| > 0.25} (the R1 term; each holds one R2 ring of the corner's mode), numbered by the
     * bits {@code b_i = 1} when coordinate i is on the high side ({@code s_i/(H-1) > 0.5}).
     *
     * <pre>{@code
     * Hypergrid grid = Hypergrid.of(2, 8, 0.01);
     * grid.corner(grid.index(6, 1));   // 1: high on axis 0, low on axis 1
     * grid.corner(grid.index(3, 1));   // -1: axis 0 is in the middle band
     * }</pre>
     *
     * @param state a state index
     * @return its corner in [0, 2^d), or -1 if it lies in no corner region
     * @throws InvalidConfigException if the index is out of range
     */
    public int corner(int state) {
        int[] c = coordinates(state);
        int bits = 0;
        for (int i = 0; i < dim; i++) {
            double u = c[i] / (double) (height - 1) - 0.5;
            if (!(Math.abs(u) > 0.25)) {
                return -1;
            }
            bits |= u > 0 ? 1 << i : 0;
        }
        return bits;
    }

    /**
     * The mass a distribution over the states puts on each corner region of {@link #corner(int)}: comparing
     * {@code cornerMasses(P_T)} with {@code cornerMasses(rewardDistribution())} shows which modes a sampler misses.
     *
     * <pre>{@code
     * double[] learned = grid.cornerMasses(TerminalDistribution.of(grid, gfn).probabilities());
     * double[] target = grid.cornerMasses(grid.rewardDistribution());
     * }</pre>
     *
     * @param distribution a value per state, [stateCount]
     * @return the sums over each corner region, [2^d]
     * @throws InvalidConfigException if the length is not the state count or d &gt; 30
     */
    public double[] cornerMasses(double[] distribution) {
        int n = stateCount();
        if (distribution.length != n) {
            throw InvalidConfigException.of("distribution.length", "= stateCount = " + n, distribution.length);
        }
        if (dim > 30) {
            throw InvalidConfigException.of("dim", "<= 30 for a corner breakdown", dim);
        }
        double[] mass = new double[1 << dim];
        for (int s = 0; s < n; s++) {
            int k = corner(s);
            if (k >= 0) {
                mass[k] += distribution[s];
            }
        }
        return mass;
    }

    @Override
    public double logReward(int state) {
        return Math.log(reward(state));
    }

    @Override
    public int featureDim() {
        return dim * height;
    }

    @Override
    public INDArray encode(int[] states, DataType type) {
        double[] x = new double[states.length * dim * height];
        for (int n = 0; n < states.length; n++) {
            checkState(states[n]);
            int r = states[n];
            for (int i = 0; i < dim; i++) {
                x[(n * dim + i) * height + r % height] = 1;
                r /= height;
            }
        }
        return Nd4j.create(x, new long[] {states.length, (long) dim * height}, type);
    }

    @Override
    public INDArray forwardMask(int[] states, DataType type) {
        double[] m = new double[states.length * (dim + 1)];
        for (int n = 0; n < states.length; n++) {
            checkState(states[n]);
            int r = states[n];
            for (int i = 0; i < dim; i++) {
                m[n * (dim + 1) + i] = r % height < height - 1 ? 1 : 0;
                r /= height;
            }
            m[n * (dim + 1) + dim] = 1;
        }
        return Nd4j.create(m, new long[] {states.length, dim + 1}, type);
    }

    @Override
    public INDArray backwardMask(int[] states, DataType type) {
        double[] m = new double[states.length * dim];
        for (int n = 0; n < states.length; n++) {
            checkState(states[n]);
            int r = states[n];
            for (int i = 0; i < dim; i++) {
                m[n * dim + i] = r % height > 0 ? 1 : 0;
                r /= height;
            }
        }
        return Nd4j.create(m, new long[] {states.length, dim}, type);
    }

    private void checkState(int state) {
        if (state < 0 || state >= stateCount()) {
            throw InvalidConfigException.of("state", "in [0, " + stateCount() + ")", state);
        }
    }
}
