package io.github.flows4j.cnf.loss;

import io.github.flows4j.cnf.coupling.Coupling;
import io.github.flows4j.cnf.coupling.IndependentCoupling;
import io.github.flows4j.cnf.coupling.Pair;
import io.github.flows4j.cnf.model.ConditionalVelocityField;
import io.github.flows4j.cnf.model.FieldInputs;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional Flow Matching loss (Lipman et al. 2023, eq. 9; with couplings, Tong et al. 2023):
 * L(θ) = E_{t, (x₀, x₁) ~ π} λ(t) ‖v_θ(x_t, t) − u_t(x_t | x₀, x₁)‖², with x₀ ~ N(0, I), x₁ from the data,
 * t ~ U[0, 1] and (x₀, x₁) paired by a {@link Coupling} (independent by default; minibatch OT straightens paths).
 * The squared error is averaged over batch and dimensions, as PyTorch's {@code mse_loss}.
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

    private FlowMatchingLoss(Builder b) {
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

    /**
     * Draws x₀, t and the coupling, and builds the regression problem.
     *
     * @param x1  data, [batch, dim]
     * @param rng the generator
     * @return the path sample (with the coupled rows) and the target rows' original indices
     */
    public Draw draw(INDArray x1, Rng rng) {
        Checks.matrix("x1", x1);
        Checks.finite("x1", x1);
        long batch = x1.size(0);
        INDArray x0 = rng.normal(x1.dataType(), x1.shape());
        Pair pair = coupling.couple(x0, x1, rng);
        INDArray t = rng.uniform(x1.dataType(), batch, 1);
        return new Draw(path.sample(pair.x0(), pair.x1(), t), pair.index1());
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

        private Builder() {
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
