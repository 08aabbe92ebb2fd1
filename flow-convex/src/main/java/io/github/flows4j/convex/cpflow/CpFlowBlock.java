package io.github.flows4j.convex.cpflow;

import io.github.flows4j.convex.logdet.HessianOperator;
import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.BatchedObjective;
import io.github.flows4j.core.optim.Lbfgs;
import io.github.flows4j.core.optim.LbfgsConfig;
import io.github.flows4j.core.optim.LbfgsOutcome;
import io.github.flows4j.core.optim.LbfgsResult;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convex potential flow block (Huang et al., Convex Potential Flows, ICLR 2021, Sec. 3): the map
 * y = f(x) = ∇F(x) of a strongly convex {@link ConvexPotential}, computed by automatic differentiation, with
 * log |det ∂f/∂x| = log det ∇²F(x) from a {@link LogDetEstimator}. The inverse solves the strictly convex problem
 * <pre>
 *   f⁻¹(y) = argmin_x F(x) − ⟨x, y⟩
 * </pre>
 * (its gradient is f(x) − y) row by row with batched {@link Lbfgs}, starting from x = y. By Brenier's theorem the
 * map is the optimal transport map (squared Euclidean cost) from the data to whatever it pushes them to.
 *
 * <pre>{@code
 * CpFlowBlock block = new CpFlowBlock(new ConvexPotential(icnn, true));
 * FlowStep s = block.forward(x, null, new CgLogDetGradient(new CgConfig(10, 1e-3, 0), 1), rng);
 * INDArray back = block.inverse(s.y().value(), null);      // ≈ x
 * }</pre>
 */
public final class CpFlowBlock extends FlowLayer {
    private final ConvexPotential potential;
    private final LbfgsConfig inverseConfig;

    /**
     * A block whose inverse runs L-BFGS to a gradient tolerance of 1e-10 (float64) or 1e-4 (float32), 1000
     * iterations at most, with value tolerance 1e-12 (float64) or 1e-6 (float32).
     *
     * @param potential F
     * @throws InvalidConfigException if potential is null
     */
    public CpFlowBlock(ConvexPotential potential) {
        this(potential, defaultInverseConfig(potential));
    }

    /**
     * @param potential     F
     * @param inverseConfig the L-BFGS settings of {@link #inverse}
     * @throws InvalidConfigException if an argument is null
     */
    public CpFlowBlock(ConvexPotential potential, LbfgsConfig inverseConfig) {
        Checks.notNull("potential", potential);
        Checks.notNull("inverseConfig", inverseConfig);
        this.potential = registerModule("potential", potential);
        this.inverseConfig = inverseConfig;
    }

    private static LbfgsConfig defaultInverseConfig(ConvexPotential potential) {
        Checks.notNull("potential", potential);
        boolean dbl = potential.dtype() == DataType.DOUBLE;
        return LbfgsConfig.builder().maxIterations(1000).gradientTolerance(dbl ? 1e-10 : 1e-4)
                .valueTolerance(dbl ? 1e-12 : 1e-6).build();
    }

    /** @return F */
    public ConvexPotential potential() {
        return potential;
    }

    /** @return the inverse's L-BFGS settings */
    public LbfgsConfig inverseConfig() {
        return inverseConfig;
    }

    @Override
    public int dim() {
        return potential.dim();
    }

    /**
     * @param x         [batch, d]; gradients flow back through it if it requires one
     * @param context   [batch, contextDim] or {@code null}
     * @param estimator the log-det estimator (a surrogate for training, exact or Lanczos for evaluation)
     * @param rng       probes for stochastic estimators
     * @return y = ∇F(x) [batch, d] (differentiable) and the estimator's log det ∇²F [batch, 1]
     */
    @Override
    public FlowStep forward(Tensor x, Tensor context, LogDetEstimator estimator, Rng rng) {
        Checks.notNull("estimator", estimator);
        HessianOperator h = potential.hessianAt(x, context);
        return new FlowStep(h.gradient(), estimator.estimate(h, rng));
    }

    @Override
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public INDArray transform(INDArray x, INDArray context) {
        try (TensorScope scope = TensorScope.open(); GradMode.Scope on = GradMode.enableGrad()) {
            Tensor xv = Tensor.variable(cast(x));
            Tensor total = potential.forward(xv, context == null ? null : Tensor.constant(cast(context))).sum();
            return Autodiff.grad(total, xv)[0].value().dup();
        }
    }

    /**
     * @param y       [batch, d]
     * @param context [batch, contextDim] or {@code null}
     * @return f⁻¹(y), [batch, d], in the potential's data type
     * @throws InversionException if some row neither converges nor stalls at the floating-point floor
     */
    @Override
    public INDArray inverse(INDArray y, INDArray context) {
        LbfgsResult r = invert(y, context);
        for (LbfgsOutcome o : r.outcomes()) {
            if (o != LbfgsOutcome.CONVERGED && o != LbfgsOutcome.STALLED) {
                throw new InversionException(r);
            }
        }
        return cast(r.x());
    }

    /**
     * Solves argmin_x F(x) − ⟨x, y⟩ for every row and reports how each went, without throwing.
     *
     * @param y       [batch, d]
     * @param context [batch, contextDim] or {@code null}
     * @return the L-BFGS result; its x is f⁻¹(y) in float64
     * @throws ShapeMismatchException if y is not [batch, d]
     */
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public LbfgsResult invert(INDArray y, INDArray context) {
        Checks.matrix("y", y);
        if (y.size(1) != dim()) {
            throw ShapeMismatchException.of("y", "[batch, " + dim() + "]", y.shape());
        }
        Checks.finite("y", y);
        INDArray target = y.castTo(DataType.DOUBLE);
        double[] targetValues = HostArrays.toDoubles(target);
        BatchedObjective objective = (x, rows) -> {
            try (TensorScope scope = TensorScope.open(); GradMode.Scope on = GradMode.enableGrad()) {
                Tensor xv = Tensor.variable(cast(x));
                Tensor ctx = context == null ? null : Tensor.constant(cast(context.getRows(rows)));
                Tensor f = potential.forward(xv, ctx);
                Tensor grad = Autodiff.grad(f.sum(), xv)[0];
                // F(x) − ⟨x, y⟩ and f(x) − y, copied out of the scope in float64
                int k = rows.length;
                int d = dim();
                double[] fv = HostArrays.toDoubles(f.value());
                double[] gv = HostArrays.toDoubles(grad.value());
                double[] xs = HostArrays.toDoubles(x);
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < d; j++) {
                        double yj = targetValues[rows[i] * d + j];
                        fv[i] -= xs[i * d + j] * yj;
                        gv[i * d + j] -= yj;
                    }
                }
                return new BatchedObjective.Evaluation(HostArrays.fromDoubles(fv, DataType.DOUBLE, k),
                        HostArrays.fromDoubles(gv, DataType.DOUBLE, k, d));
            }
        };
        return new Lbfgs(inverseConfig).minimize(objective, target);
    }

    @Override
    public void initialize(INDArray x, INDArray context) {
        potential.network().initialize(x, context);
    }

    private INDArray cast(INDArray a) {
        return a.dataType() == potential.dtype() ? a : a.castTo(potential.dtype());
    }

    @Override
    public String toString() {
        return "CpFlowBlock(" + potential.network() + ")";
    }
}
