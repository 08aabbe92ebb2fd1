package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * n copies of an environment stepped together for batched rollouts (Gymnasium's {@code SyncVectorEnv}, stepped in
 * this thread). Actions and observations are [n, dim] arrays. A copy whose episode ends is reset within the same
 * step (the "same-step" autoreset): its row of {@link VectorStep#observation()} is the new episode's first
 * observation, and {@link VectorStep#finalObservation()} keeps the last observation of the finished one, which is
 * what a replay buffer stores as s'. Each copy draws its initial states from its own stream, split off the
 * {@link Rng} of {@link #reset(Rng, DataType)}.
 *
 * <pre>{@code
 * VectorEnv envs = new VectorEnv(Pendulum::new, 8);
 * INDArray obs = envs.reset(Rng.seeded(0), DataType.FLOAT);           // [8, 3]
 * VectorStep s = envs.step(Nd4j.zeros(DataType.FLOAT, 8, 1));          // rewards [8]
 * }</pre>
 */
public final class VectorEnv {
    private final Env[] envs;
    private final Rng[] streams;
    private DataType type = DataType.FLOAT;
    private boolean started;

    /**
     * @param factory makes one fresh environment per call
     * @param n       the number of copies, &ge; 1
     * @throws InvalidConfigException if n &lt; 1 or the copies' spaces differ
     */
    public VectorEnv(Supplier<? extends Env> factory, int n) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        envs = new Env[n];
        streams = new Rng[n];
        for (int i = 0; i < n; i++) {
            envs[i] = factory.get();
            if (!envs[i].actionSpace().equals(envs[0].actionSpace())
                    || !envs[i].observationSpace().equals(envs[0].observationSpace())) {
                throw InvalidConfigException.of("factory", "environments with equal spaces", envs[i].name());
            }
        }
    }

    /** @return the number of copies */
    public int size() {
        return envs.length;
    }

    /** @return the copies' action space */
    public Box actionSpace() {
        return envs[0].actionSpace();
    }

    /** @return the copies' observation space */
    public Box observationSpace() {
        return envs[0].observationSpace();
    }

    /**
     * Resets every copy.
     *
     * @param rng  the stream each copy's own stream is split off
     * @param type FLOAT or DOUBLE, the type of the arrays this and {@link #step} return
     * @return the first observations, [n, obsDim]
     */
    public INDArray reset(Rng rng, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        this.type = type;
        double[][] obs = new double[envs.length][];
        for (int i = 0; i < envs.length; i++) {
            streams[i] = rng.split();
            obs[i] = envs[i].reset(streams[i]);
        }
        started = true;
        return Nd4j.createFromArray(obs).castTo(type);
    }

    /**
     * Steps every copy, resetting those whose episode ends.
     *
     * @param actions [n, actionDim]
     * @return the step's observations, rewards and flags
     * @throws ShapeMismatchException if actions is not [n, actionDim]
     * @throws EpisodeStateException if called before {@link #reset}
     */
    public VectorStep step(INDArray actions) {
        int n = envs.length;
        int a = actionSpace().dim();
        if (actions == null || actions.rank() != 2 || actions.size(0) != n || actions.size(1) != a) {
            throw ShapeMismatchException.of("actions", "[" + n + ", " + a + "]",
                    actions == null ? null : actions.shape());
        }
        if (!started) {
            throw new EpisodeStateException("VectorEnv.step() called before reset(); call reset() first");
        }
        double[][] act = actions.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] obs = new double[n][];
        double[][] fin = new double[n][];
        double[] reward = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        for (int i = 0; i < n; i++) {
            StepResult r = envs[i].step(act[i]);
            reward[i] = r.reward();
            terminated[i] = r.terminated();
            truncated[i] = r.truncated();
            fin[i] = r.observation();
            obs[i] = r.done() ? envs[i].reset(streams[i]) : fin[i];
        }
        return new VectorStep(Nd4j.createFromArray(obs).castTo(type), reward, terminated, truncated,
                Nd4j.createFromArray(fin).castTo(type));
    }
}
