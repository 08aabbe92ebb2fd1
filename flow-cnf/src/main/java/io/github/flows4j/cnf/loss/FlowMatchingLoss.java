package io.github.flows4j.cnf.loss;

import io.github.flows4j.cnf.coupling.Coupling;
import io.github.flows4j.cnf.coupling.IndependentCoupling;
import io.github.flows4j.cnf.coupling.Pair;
import io.github.flows4j.cnf.model.ConditionalVelocityField;
import io.github.flows4j.cnf.model.FieldInputs;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.NoisyAffinePath;
import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.distributions.Sampler;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional Flow Matching loss (Lipman et al. 2023, eq. 9; with couplings, Tong et al. 2023):
 * L(θ) = E_{t, (x₀, x₁) ~ π} λ(t) ‖v_θ(x_t, t) − u_t(x_t | x₀, x₁)‖², with x₀ from the source (N(0, I) unless
 * {@link Builder#source} names another {@link Sampler}: a distribution, a toy, a data set), x₁ from the data,
 * t ~ U[0, 1] and (x₀, x₁) paired by a {@link Coupling} (independent by default; minibatch OT straightens paths).
 * The squared error is averaged over batch and dimensions, as PyTorch's {@code mse_loss}.
 *
 * <p>Data-to-data: {@link #lossBetween(VelocityField, INDArray, INDArray, Rng)} takes both batches, e.g. two data sets
 * coupled by minibatch OT, or paired rows with {@link io.github.flows4j.cnf.coupling.PairedCoupling}. TorchCFM's
 * variants are path + coupling combinations, see {@link CfmVariant}.
 *
 * <p>For a {@link ConditionalVelocityField}, each row's context is dropped to ∅ (zeros) with probability
 * {@code conditionDropout}, which trains the unconditional field used by classifier-free guidance.
 *
 * <pre>{@code
 * FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor loss = fm.loss(model, x1, rng);       // x1: [batch, dim] data
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 */
public final class FlowMatchingLoss {
    private final ProbPath path;
    private final Coupling coupling;
    private final TimeWeighting weighting;
    private final double conditionDropout;
    private final Sampler source;

    private FlowMatchingLoss(Builder b) {
        this.source = b.source;
        this.path = b.path;
        this.coupling = b.coupling;
        this.weighting = b.weighting;
        this.conditionDropout = b.conditionDropout;
    }

    /** @return a builder; {@code path} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the probability path */
    public ProbPath path() {
        return path;
    }

    /** @return the coupling */
    public Coupling coupling() {
        return coupling;
    }

    /** @return the source x₀ is drawn from; null for N(0, I) in the data's dimension */
    public Sampler source() {
        return source;
    }

    /**
     * Draws x₀ from the source, t and the coupling, and builds the regression problem.
     *
     * @param x1  data, [batch, dim]
     * @param rng the generator
     * @return the path sample (with the coupled rows) and the target rows' original indices
     * @throws ShapeMismatchException naming {@code source} if its dimension is not the data's
     */
    public Draw draw(INDArray x1, Rng rng) {
        Checks.matrix("x1", x1);
        Checks.finite("x1", x1);
        INDArray x0;
        if (source == null) {
            x0 = rng.normal(x1.dataType(), x1.shape());
        } else {
            if (source.dim() != x1.size(1)) {
                throw ShapeMismatchException.of("source", "dimension " + x1.size(1) + " (the data's, x1 is "
                        + java.util.Arrays.toString(x1.shape()) + ")", new long[] {source.dim()});
            }
            x0 = source.sample((int) x1.size(0), rng, x1.dataType());
        }
        return couple(x0, x1, rng);
    }

    /**
     * Data-to-data: couples the two given batches, draws t, and builds the regression problem.
     *
     * @param x0  source batch, [batch, dim]
     * @param x1  target batch, [batch, dim], same shape and type
     * @param rng the generator (coupling, times, path noise)
     * @return the path sample and the target rows' original indices
     * @throws ShapeMismatchException naming {@code x0} or {@code x1} if the shapes differ
     * @throws DTypeMismatchException if the types differ
     */
    public Draw draw(INDArray x0, INDArray x1, Rng rng) {
        Checks.matrix("x0", x0);
        Checks.matrix("x1", x1);
        if (!java.util.Arrays.equals(x0.shape(), x1.shape())) {
            throw ShapeMismatchException.of("x1", java.util.Arrays.toString(x0.shape()) + " (the shape of x0)",
                    x1.shape());
        }
        if (x0.dataType() != x1.dataType()) {
            throw new DTypeMismatchException("x0 is " + x0.dataType() + " but x1 is " + x1.dataType()
                    + "; both must share one type");
        }
        Checks.finite("x0", x0);
        Checks.finite("x1", x1);
        return couple(x0, x1, rng);
    }

    private Draw couple(INDArray x0, INDArray x1, Rng rng) {
        Pair pair = coupling.couple(x0, x1, rng);
        INDArray t = rng.uniform(x1.dataType(), x1.size(0), 1);
        return new Draw(path.sample(pair.x0(), pair.x1(), t, rng), pair.index1());
    }

    /**
     * A drawn regression problem.
     *
     * @param sample    the path sample (x₀, x₁, t, x_t, u_t)
     * @param targetRow for each row, the row of the data batch its x₁ came from
     */
    public record Draw(PathSample sample, int[] targetRow) {
    }

    /**
     * @param model the velocity field
     * @param x1    data, [batch, dim]
     * @param rng   the generator (noise, times, coupling)
     * @return the scalar loss, differentiable in the model's parameters
     */
    public Tensor loss(VelocityField model, INDArray x1, Rng rng) {
        FieldInputs.require("x1", x1, model);
        Draw d = draw(x1, rng);
        PathSample s = d.sample();
        Tensor v = model.velocity(Tensor.constant(s.xt()), Tensor.constant(s.t()));
        return regression(v, s);
    }

    /**
     * Data-to-data Flow Matching: the loss on two given batches, paired by the coupling.
     *
     * @param model the velocity field
     * @param x0    source batch, [batch, dim]
     * @param x1    target batch, [batch, dim]
     * @param rng   the generator (coupling, times, path noise)
     * @return the scalar loss
     * @throws ShapeMismatchException naming {@code x0} or {@code x1} if a shape does not fit the other or the model
     */
    public Tensor lossBetween(VelocityField model, INDArray x0, INDArray x1, Rng rng) {
        FieldInputs.require("x0", x0, model);
        FieldInputs.require("x1", x1, model);
        Draw d = draw(x0, x1, rng);
        PathSample s = d.sample();
        Tensor v = model.velocity(Tensor.constant(s.xt()), Tensor.constant(s.t()));
        return regression(v, s);
    }

    /**
     * SB-CFM's joint objective (Tong et al. 2023, §3.4, Alg. 3): on one draw of a {@link NoisyAffinePath}, the flow
     * regression plus the score regression ‖s_t (s_θ(x_t, t) − ∇ log p_t(x_t | x₀, x₁))‖² = ‖s_t s_θ + ε‖²,
     * weighted by the noise s_t so that the target stays bounded as s_t → 0. The two trained fields sample the
     * bridge SDE dx = [v_θ + (σ²/2) s_θ] dt + σ dW ({@link io.github.flows4j.cnf.sample.BridgeSde}).
     *
     * @param flow  the velocity field v_θ
     * @param score the score field s_θ (a {@link VelocityField} of the same dimension)
     * @param d     a draw of this loss ({@link #draw(INDArray, Rng)} or {@link #draw(INDArray, INDArray, Rng)})
     * @return the scalar loss, the sum of the two mean squared errors
     * @throws InvalidConfigException naming {@code path} unless it is a {@link NoisyAffinePath}
     */
    public Tensor flowAndScoreLoss(VelocityField flow, VelocityField score, Draw d) {
        if (!(path instanceof NoisyAffinePath noisy)) {
            throw InvalidConfigException.of("path", "a NoisyAffinePath (a score needs Gaussian noise)", path);
        }
        Checks.notNull("d", d);
        PathSample s = d.sample();
        FieldInputs.require("x_t", s.xt(), flow);
        FieldInputs.require("x_t", s.xt(), score);
        double[] ts = HostArrays.toDoubles(s.t());
        double[] sd = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            sd[i] = noisy.noise().sigma(ts[i]);
        }
        INDArray sdCol = HostArrays.fromDoubles(sd, s.t().dataType(), ts.length, 1);
        Tensor xt = Tensor.constant(s.xt());
        Tensor tt = Tensor.constant(s.t());
        Tensor flowLoss = regression(flow.velocity(xt, tt), s);
        Tensor target = Tensor.constant(noisy.score(s).mulColumnVector(sdCol));
        Tensor scoreLoss = score.velocity(xt, tt).mul(Tensor.constant(sdCol)).sub(target).square().mean();
        return flowLoss.add(scoreLoss);
    }

    /**
     * @param model the conditional field
     * @param x1    data, [batch, dim]
     * @param cond  contexts, [batch, conditionDim], one per data row
     * @param rng   the generator
     * @return the scalar loss
     */
    public Tensor loss(ConditionalVelocityField model, INDArray x1, INDArray cond, Rng rng) {
        requireDim(model.dim(), x1);
        if (cond.rank() != 2 || cond.size(0) != x1.size(0) || cond.size(1) != model.conditionDim()) {
            throw ShapeMismatchException.of("cond", "[" + x1.size(0) + ", " + model.conditionDim() + "]",
                    cond.shape());
        }
        Draw d = draw(x1, rng);
        PathSample s = d.sample();
        INDArray c = Nd4j.pullRows(cond, 1, d.targetRow());
        if (conditionDropout > 0) {
            double[] keep = new double[(int) c.size(0)];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = rng.nextDouble() < conditionDropout ? 0.0 : 1.0;
            }
            c = c.mulColumnVector(HostArrays.fromDoubles(keep, c.dataType(), keep.length, 1));
        }
        Tensor v = model.velocity(Tensor.constant(s.xt()), Tensor.constant(s.t()), Tensor.constant(c));
        return regression(v, s);
    }

    private Tensor regression(Tensor v, PathSample s) {
        Tensor err = v.sub(Tensor.constant(s.dxt())).square();
        if (weighting == null) {
            return err.mean();
        }
        double[] ts = HostArrays.toDoubles(s.t());
        double[] w = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            w[i] = weighting.weight(ts[i]);
        }
        Tensor wt = Tensor.constant(HostArrays.fromDoubles(w, s.t().dataType(), ts.length, 1));
        return err.mul(wt).mean();
    }

    private static void requireDim(int dim, INDArray x1) {
        Checks.matrix("x1", x1);
        if (x1.size(1) != dim) {
            throw ShapeMismatchException.of("x1", "[batch, " + dim + "] (the model's dimension)", x1.shape());
        }
    }

    /** Builds a {@link FlowMatchingLoss}. */
    public static final class Builder {
        private ProbPath path;
        private Coupling coupling = new IndependentCoupling();
        private TimeWeighting weighting;
        private double conditionDropout = 0.0;
        private Sampler source;

        private Builder() {
        }

        /**
         * @param value where x₀ comes from in {@link FlowMatchingLoss#loss(VelocityField, INDArray, Rng)}: any
         *              distribution, toy or data set of the data's dimension (default null: N(0, I))
         * @return this
         */
        public Builder source(Sampler value) {
            source = value;
            return this;
        }

        /** @param value the conditional path (required) @return this */
        public Builder path(ProbPath value) {
            path = value;
            return this;
        }

        /** @param value how x₀ and x₁ are paired (default independent) @return this */
        public Builder coupling(Coupling value) {
            coupling = value;
            return this;
        }

        /** @param value λ(t) (default uniform) @return this */
        public Builder weighting(TimeWeighting value) {
            weighting = value;
            return this;
        }

        /** @param value probability in [0, 1) of dropping a row's context (default 0) @return this */
        public Builder conditionDropout(double value) {
            conditionDropout = value;
            return this;
        }

        /**
         * @return the loss
         * @throws InvalidConfigException if the path is missing or the dropout is outside [0, 1)
         */
        public FlowMatchingLoss build() {
            if (path == null) {
                throw InvalidConfigException.of("path", "set", null);
            }
            if (coupling == null) {
                throw InvalidConfigException.of("coupling", "set", null);
            }
            if (!(conditionDropout >= 0 && conditionDropout < 1)) {
                throw InvalidConfigException.of("conditionDropout", "in [0, 1)", conditionDropout);
            }
            return new FlowMatchingLoss(this);
        }
    }
}
