package io.github.flows4j.core.random;

import io.github.flows4j.core.InvalidConfigException;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The explicit, seeded, splittable random generator that every random operation in flows4j takes. There is no
 * global randomness: the same seed replays the same draws, on any thread count.
 *
 * <p>{@link #split()} derives an independent child stream (e.g. one per data loader, one per probe) so that
 * adding a draw in one place does not shift every draw after it elsewhere. Not thread-safe: split one per thread.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, 2014, "Fast splittable pseudorandom number generators"),
 * exactly the algorithm of {@link java.util.SplittableRandom}: every stream — {@code nextLong}, {@code nextDouble},
 * {@code nextGaussian}, {@code nextInt(bound)}, {@code split} and the array draws — is bit-identical to a
 * {@code SplittableRandom} with the same seed. Unlike {@code SplittableRandom}, its state (two longs) can be read
 * with {@link #state()} and restored with {@link #fromState}, so a checkpoint can resume a run's random streams.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(42);
 * INDArray x0 = rng.normal(DataType.FLOAT, 256, 2);     // N(0, I)
 * INDArray t  = rng.uniform(DataType.FLOAT, 256, 1);    // U[0, 1)
 * Rng probes  = rng.split();                            // an independent stream
 * Rng.State s = rng.state();                            // for a checkpoint
 * Rng again   = Rng.fromState(s);                       // continues exactly where rng stands
 * }</pre>
 */
public final class Rng {
    /** The odd increment of a seeded root stream (SplittableRandom's GOLDEN_GAMMA). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final SplitMix random;

    private Rng(SplitMix random) {
        this.random = random;
    }

    /**
     * @param seed the seed; the same seed gives the same stream
     * @return a new generator
     */
    public static Rng seeded(long seed) {
        return new Rng(new SplitMix(seed, GOLDEN_GAMMA));
    }

    /**
     * The generator's complete state: SplitMix64's current {@code seed} and its odd increment {@code gamma}.
     *
     * <pre>{@code
     * Rng.State s = rng.state();
     * Rng copy = Rng.fromState(s);   // copy and rng now draw the same values
     * }</pre>
     *
     * @param seed  the current seed (advanced by gamma before every draw)
     * @param gamma the increment, odd
     */
    public record State(long seed, long gamma) {
        /** @throws InvalidConfigException if gamma is even (no SplitMix64 stream has an even increment) */
        public State {
            if ((gamma & 1L) == 0) {
                throw InvalidConfigException.of("gamma", "odd", gamma);
            }
        }
    }

    /**
     * @param state a state taken by {@link #state()}
     * @return a new generator that continues from that state
     * @throws InvalidConfigException if state is null
     */
    public static Rng fromState(State state) {
        if (state == null) {
            throw InvalidConfigException.of("state", "non-null", null);
        }
        return new Rng(new SplitMix(state.seed(), state.gamma()));
    }

    /** @return a snapshot of this generator's state; drawing does not change the snapshot */
    public State state() {
        return new State(random.seed, random.gamma);
    }

    /** @return an independent child generator; this generator advances by two draws of its seed sequence */
    public Rng split() {
        return new Rng(random.split());
    }

    /** @return a uniform double in [0, 1) */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** @return a standard normal double */
    public double nextGaussian() {
        return random.nextGaussian();
    }

    /** @return a uniform long */
    public long nextLong() {
        return random.nextLong();
    }

    /**
     * @param bound exclusive upper bound, &gt; 0
     * @return a uniform int in [0, bound)
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw InvalidConfigException.of("bound", "> 0", bound);
        }
        return random.nextInt(bound);
    }

    /**
     * @param n the size, &ge; 0
     * @return a uniformly random permutation of 0 .. n-1 (Fisher–Yates)
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw InvalidConfigException.of("n", ">= 0", n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param shape the shape
     * @return i.i.d. U[0, 1) draws
     */
    public INDArray uniform(DataType type, long... shape) {
        return uniform(0, 1, type, shape);
    }

    /**
     * @param lo    lower bound
     * @param hi    upper bound, &gt; lo
     * @param type  FLOAT or DOUBLE
     * @param shape the shape
     * @return i.i.d. U[lo, hi) draws
     */
    public INDArray uniform(double lo, double hi, DataType type, long... shape) {
        if (!(hi > lo)) {
            throw InvalidConfigException.of("hi", "> lo (" + lo + ")", hi);
        }
        double[] v = new double[count(shape)];
        double w = hi - lo;
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + w * random.nextDouble();
        }
        return make(v, type, shape);
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param shape the shape
     * @return i.i.d. standard normal draws
     */
    public INDArray normal(DataType type, long... shape) {
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return make(v, type, shape);
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param shape the shape
     * @return i.i.d. Rademacher draws: -1 or +1 with probability one half each
     */
    public INDArray rademacher(DataType type, long... shape) {
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextBoolean() ? 1.0 : -1.0;
        }
        return make(v, type, shape);
    }

    /**
     * @param p     success probability in [0, 1]
     * @param type  FLOAT or DOUBLE
     * @param shape the shape
     * @return i.i.d. Bernoulli(p) draws as 0/1 values
     */
    public INDArray bernoulli(double p, DataType type, long... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw InvalidConfigException.of("p", "in [0, 1]", p);
        }
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() < p ? 1.0 : 0.0;
        }
        return make(v, type, shape);
    }

    /**
     * @param n     exclusive upper bound, &gt; 0
     * @param shape the shape
     * @return i.i.d. uniform integers in [0, n) as an INT64 array
     */
    public INDArray randint(int n, long... shape) {
        if (n <= 0) {
            throw InvalidConfigException.of("n", "> 0", n);
        }
        long[] v = new long[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(n);
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    private static int count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw InvalidConfigException.of("shape", "non-negative", java.util.Arrays.toString(shape));
            }
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw InvalidConfigException.of("shape", "at most 2^31-1 elements", n);
        }
        return (int) n;
    }

    private static INDArray make(double[] v, DataType type, long[] shape) {
        if (type == DataType.DOUBLE) {
            return Nd4j.createFromArray(v).reshape(shape);
        }
        if (type != DataType.FLOAT) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.createFromArray(f).reshape(shape);
    }

    /**
     * SplitMix64 as {@link java.util.SplittableRandom} (JDK 17) implements it. That class overrides only
     * {@code nextLong()}, {@code nextInt()}, {@code nextBytes} and {@code split} of {@link RandomGenerator}; every
     * other draw ({@code nextDouble}, {@code nextGaussian}, {@code nextBoolean}, {@code nextInt(bound)}) is the interface's
     * default built on those two, so overriding the same two here reproduces every stream bit for bit.
     */
    private static final class SplitMix implements RandomGenerator {
        private long seed;
        private final long gamma;

        SplitMix(long seed, long gamma) {
            this.seed = seed;
            this.gamma = gamma;
        }

        private static long mix64(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        private static int mix32(long z) {
            z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
            return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
        }

        private static long mixGamma(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            z = (z ^ (z >>> 33)) | 1L;
            int n = Long.bitCount(z ^ (z >>> 1));
            return (n < 24) ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
        }

        private long nextSeed() {
            seed += gamma;
            return seed;
        }

        SplitMix split() {
            return new SplitMix(nextLong(), mixGamma(nextSeed()));
        }

        @Override
        public long nextLong() {
            return mix64(nextSeed());
        }

        @Override
        public int nextInt() {
            return mix32(nextSeed());
        }
    }
}
