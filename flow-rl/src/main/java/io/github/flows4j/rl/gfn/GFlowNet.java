package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Layer;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learnable parts of a GFlowNet over a {@link DiscreteEnvironment}: a forward policy P_F, a backward policy P_B
 * (fixed or learned), a log-partition estimate log Z and, for the local objectives, a state flow log F(s). One
 * {@link Module}, so the {@link io.github.flows4j.core.train.Trainer} trains and checkpoints all of it; the parameter
 * names are {@code forward.*}, {@code backward.*} (a learned P_B only), {@code flow.*} and {@code log_z}.
 *
 * <p>log Z is stored as {@code log_z / logZScale}: Adam's step is invariant to a parameter's scale, so log Z moves
 * {@code logZScale} times faster than the network weights under one learning rate (torchgfn trains log Z with a
 * rate 100 times the policy's, the default here). By convention F(s0) = Z, so the flow network is only read at
 * non-initial states.
 *
 * <pre>{@code
 * Hypergrid grid = Hypergrid.of(4, 8, 0.01);
 * GFlowNet gfn = GFlowNet.builder(grid).hidden(256, 256).build(Rng.seeded(0));
 * double logZ = gfn.logZ().item();                     // 0 at initialisation
 * }</pre>
 */
public final class GFlowNet extends Module {
    private final ForwardPolicy forward;
    private final BackwardPolicy backward;
    private final Layer flow;
    private final Tensor logZRaw;
    private final double logZScale;
    private final DataType dtype;

    /**
     * @param forward   P_F; registered as child {@code forward} if it is a {@link Module}
     * @param backward  P_B; registered as child {@code backward} if it is a {@link Module}
     * @param flow      log F(s): a layer from features [n, featureDim] to [n, 1], or {@code null} (trajectory balance
     *                  needs none); registered as {@code flow} if it is a {@link Module}
     * @param logZScale how much faster log Z learns than the weights, &gt; 0
     * @param dtype     FLOAT or DOUBLE, the type of every tensor this model makes
     * @throws InvalidConfigException naming the argument if a policy is null, the scale is not positive or the
     *     type is unsupported
     */
    public GFlowNet(ForwardPolicy forward, BackwardPolicy backward, Layer flow, double logZScale, DataType dtype) {
        if (forward == null) {
            throw InvalidConfigException.of("forward", "non-null", null);
        }
        if (backward == null) {
            throw InvalidConfigException.of("backward", "non-null", null);
        }
        if (!(logZScale > 0) || !Double.isFinite(logZScale)) {
            throw InvalidConfigException.of("logZScale", "> 0 and finite", logZScale);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
        if (forward instanceof Module m) {
            registerModule("forward", m);
        }
        if (backward instanceof Module m) {
            registerModule("backward", m);
        }
        if (flow instanceof Module m) {
            registerModule("flow", m);
        }
        this.forward = forward;
        this.backward = backward;
        this.flow = flow;
        this.logZRaw = registerParameter("log_z", Nd4j.zeros(dtype, 1, 1));
        this.logZScale = logZScale;
        this.dtype = dtype;
    }

    /**
     * @param env the state space whose sizes the networks take
     * @return a builder of MLP policies and flow
     */
    public static Builder builder(DiscreteEnvironment env) {
        return new Builder(env);
    }

    /** @return P_F */
    public ForwardPolicy forwardPolicy() {
        return forward;
    }

    /** @return P_B */
    public BackwardPolicy backwardPolicy() {
        return backward;
    }

    /** @return whether a state flow is present (needed by detailed and sub-trajectory balance) */
    public boolean hasStateFlow() {
        return flow != null;
    }

    /** @return the tensor type */
    public DataType dtype() {
        return dtype;
    }

    /** @return the log Z scale */
    public double logZScale() {
        return logZScale;
    }

    /** @return log Z, [1, 1], differentiable */
    public Tensor logZ() {
        return logZRaw.mul(logZScale);
    }

    /**
     * Sets log Z (e.g. to the exact value in a test).
     *
     * @param value the new log Z, finite
     * @throws InvalidConfigException if it is not finite
     */
    public void setLogZ(double value) {
        if (!Double.isFinite(value)) {
            throw InvalidConfigException.of("value", "finite", value);
        }
        logZRaw.value().assign(value / logZScale);
    }

    /**
     * @param features [n, featureDim]
     * @return log F(s), [n, 1]
     * @throws IllegalStateException if this model has no state flow
     */
    public Tensor logFlow(Tensor features) {
        if (flow == null) {
            throw new IllegalStateException("this GFlowNet has no state flow; build it with stateFlow(true)");
        }
        return flow.forward(features);
    }

    /** Collects the sizes of a GFlowNet of MLPs; {@link #build(Rng)} validates them. */
    public static final class Builder {
        private final DiscreteEnvironment env;
        private int[] hidden = {256, 256};
        private boolean learnedBackward;
        private boolean stateFlow = true;
        private double logZScale = 100;
        private DataType dtype = DataType.FLOAT;

        private Builder(DiscreteEnvironment env) {
            if (env == null) {
                throw InvalidConfigException.of("env", "non-null", null);
            }
            this.env = env;
        }

        /** @param widths the hidden widths of every MLP (default 256, 256) @return this builder */
        public Builder hidden(int... widths) {
            this.hidden = widths == null ? null : widths.clone();
            return this;
        }

        /** @param learned whether P_B is an MLP (default false: uniform over parents) @return this builder */
        public Builder learnedBackward(boolean learned) {
            this.learnedBackward = learned;
            return this;
        }

        /** @param stateFlow whether to add the log F(s) network (default true) @return this builder */
        public Builder stateFlow(boolean stateFlow) {
            this.stateFlow = stateFlow;
            return this;
        }

        /** @param scale how much faster log Z learns (default 100) @return this builder */
        public Builder logZScale(double scale) {
            this.logZScale = scale;
            return this;
        }

        /** @param dtype FLOAT (default) or DOUBLE @return this builder */
        public Builder dtype(DataType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * @param rng the source of the initial weights (split once per network)
         * @return the model
         * @throws InvalidConfigException naming the field if a size is below 1, the scale is not positive or the type
         *     is unsupported
         */
        public GFlowNet build(Rng rng) {
            if (rng == null) {
                throw InvalidConfigException.of("rng", "non-null", null);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            ForwardPolicy pf = new MlpPolicy(env.featureDim(), hidden, env.forwardActionCount(), dtype,
                    rng.split());
            BackwardPolicy pb = learnedBackward
                    ? new MlpPolicy(env.featureDim(), hidden, env.backwardActionCount(), dtype, rng.split())
                    : new UniformBackwardPolicy();
            Mlp f = stateFlow ? MlpPolicy.mlp(env.featureDim(), hidden, 1, dtype, rng.split()) : null;
            return new GFlowNet(pf, pb, f, logZScale, dtype);
        }
    }

    /**
     * @param env    the state space
     * @param states n states
     * @return their encodings as a constant, [n, featureDim]
     */
    Tensor features(DiscreteEnvironment env, int[] states) {
        INDArray x = env.encode(states, dtype);
        return Tensor.constant(x);
    }
}
