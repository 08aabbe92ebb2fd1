package io.github.flows4j.convex.cpflow;

import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.nn.ModuleList;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A normalizing flow z = T_K ∘ … ∘ T_1(x) of {@link FlowLayer}s (convex potential blocks and ActNorms) onto a
 * {@link GaussianBase}, with the change of variables (Huang et al., Convex Potential Flows, ICLR 2021, Eq. 2)
 * <pre>
 *   log p(x) = log N(z) + Σ_k log |det ∂T_k/∂x_{k−1}|.
 * </pre>
 * Training minimises −mean log p with a surrogate log-det estimator (so the loss is a surrogate too); evaluation
 * uses the exact or Lanczos estimator; sampling inverts every layer, the convex ones by L-BFGS. Parameters are the
 * layers', under {@code layers.<k>.}.
 *
 * <pre>{@code
 * CpFlow flow = new CpFlow(List.of(new ActNormStep(2, DataType.DOUBLE), new CpFlowBlock(potential)),
 *         new GaussianBase(2.0));
 * flow.initialize(firstBatch, null);
 * Tensor loss = flow.logProb(Tensor.constant(batch), null, surrogateEstimator, rng).mean().neg();
 * double nll = -flow.evaluateLogProb(test, null, ExactLogDet.evaluation(), null, 2048).meanNumber().doubleValue();
 * INDArray samples = flow.sample(1000, null, rng);          // [1000, 2]
 * }</pre>
 */
public final class CpFlow extends Module {
    private final ModuleList<FlowLayer> layers;
    private final GaussianBase base;
    private final int dim;

    /**
     * @param layers the layers, applied first to last from data to base; at least one, all of one dimension
     * @param base   the base distribution
     * @throws InvalidConfigException if there are no layers or the base is null
     * @throws ShapeMismatchException if the layers' dimensions differ
     */
    public CpFlow(List<? extends FlowLayer> layers, GaussianBase base) {
        if (layers == null || layers.isEmpty()) {
            throw InvalidConfigException.of("layers", "at least one layer", layers);
        }
        Checks.notNull("base", base);
        int d = layers.get(0).dim();
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).dim() != d) {
                throw new ShapeMismatchException("layers[" + i + "] must have dimension " + d + " (that of layers[0]);"
                        + " got " + layers.get(i).dim());
            }
        }
        this.layers = registerModule("layers", ModuleList.of(List.copyOf(layers)));
        this.base = base;
        this.dim = d;
    }

    /** @return the layers, data side first */
    public List<FlowLayer> layers() {
        List<FlowLayer> out = new ArrayList<>();
        for (FlowLayer l : layers) {
            out.add(l);
        }
        return List.copyOf(out);
    }

    /** @return the base distribution */
    public GaussianBase base() {
        return base;
    }

    /** @return the dimension d */
    public int dim() {
        return dim;
    }

    /**
     * @param x         [batch, d]
     * @param context   [batch, contextDim] or {@code null}
     * @param estimator log-det estimator for the convex blocks
     * @param rng       probes for stochastic estimators
     * @return z [batch, d] and Σ_k log |det| [batch, 1]
     */
    public FlowStep forward(Tensor x, Tensor context, LogDetEstimator estimator, Rng rng) {
        checkPoints("x", x.shape());
        Tensor h = x;
        Tensor total = null;
        for (FlowLayer l : layers) {
            FlowStep s = l.forward(h, context, estimator, rng);
            h = s.y();
            total = total == null ? s.logDet() : total.add(s.logDet());
        }
        return new FlowStep(h, total);
    }

    /**
     * @param x         [batch, d]
     * @param context   [batch, contextDim] or {@code null}
     * @param estimator log-det estimator; with a surrogate (training) the result's value is not log p
     * @param rng       probes for stochastic estimators
     * @return log N(z) + Σ log |det|, [batch, 1]
     */
    public Tensor logProb(Tensor x, Tensor context, LogDetEstimator estimator, Rng rng) {
        FlowStep s = forward(x, context, estimator, rng);
        return base.logProb(s.y()).add(s.logDet());
    }

    /**
     * Evaluates log p on many points in chunks, each in its own {@link TensorScope}, with no training graph kept.
     *
     * @param x         [n, d]
     * @param context   [n, contextDim] or {@code null}
     * @param estimator a value estimator (exact or Lanczos), not a surrogate
     * @param rng       probes for stochastic estimators (may be null for the exact one)
     * @param chunk     rows per chunk, &ge; 1
     * @return log p(x), [n, 1], float64
     * @throws InvalidConfigException if the estimator is a surrogate or chunk &lt; 1
     */
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public INDArray evaluateLogProb(INDArray x, INDArray context, LogDetEstimator estimator, Rng rng, int chunk) {
        if (estimator == null || estimator.isSurrogate()) {
            throw InvalidConfigException.of("estimator", "a value estimator (ExactLogDet or StochasticLanczos), "
                    + "not a training surrogate", estimator);
        }
        if (chunk < 1) {
            throw InvalidConfigException.of("chunk", ">= 1", chunk);
        }
        checkPoints("x", x.shape());
        long n = x.size(0);
        double[] out = new double[(int) n];
        DataType t = dtype();
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            try (TensorScope scope = TensorScope.open()) {
                INDArray xs = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).castTo(t);
                Tensor ctx = context == null ? null : Tensor.constant(
                        context.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).castTo(t));
                double[] lp = HostArrays.toDoubles(logProb(Tensor.constant(xs), ctx, estimator, rng).value());
                System.arraycopy(lp, 0, out, (int) start, lp.length);
            }
        }
        return HostArrays.fromDoubles(out, DataType.DOUBLE, n, 1);
    }

    /**
     * @param x       [n, d]
     * @param context [n, contextDim] or {@code null}
     * @return z = T(x), [n, d], no graph
     */
    public INDArray transform(INDArray x, INDArray context) {
        checkPoints("x", x.shape());
        return byRows(x, context, (xs, cs) -> {
            INDArray h = xs;
            for (FlowLayer l : layers) {
                h = l.transform(h, cs);
            }
            return h;
        });
    }

    /** Rows per pass of {@link #transform} and {@link #inverse}: bounds their memory on large inputs. */
    static final int ROWS = 4096;

    /**
     * Applies {@code f} to blocks of at most {@link #ROWS} rows, each in its own scope, and gathers the results:
     * each block's intermediates (the gradient graph of ∇F, a block's inversion) are released before the next.
     */
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    private INDArray byRows(INDArray x, INDArray context,
            java.util.function.BinaryOperator<INDArray> f) {
        long n = x.size(0);
        DataType t = dtype();
        double[] out = new double[(int) (n * dim)];
        for (long start = 0; start < n; start += ROWS) {
            long end = Math.min(n, start + ROWS);
            try (TensorScope scope = TensorScope.open()) {
                INDArray xs = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).castTo(t);
                INDArray cs = context == null ? null
                        : context.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                double[] block = HostArrays.toDoubles(f.apply(xs, cs));
                System.arraycopy(block, 0, out, (int) (start * dim), block.length);
            }
        }
        return HostArrays.fromDoubles(out, t, n, dim);
    }

    /**
     * @param z       [n, d]
     * @param context [n, contextDim] or {@code null}
     * @return x = T⁻¹(z), [n, d]
     * @throws InversionException if a convex block's inversion fails
     */
    public INDArray inverse(INDArray z, INDArray context) {
        checkPoints("z", z.shape());
        Checks.finite("z", z);
        return byRows(z, context, (zs, cs) -> {
            INDArray h = zs;
            for (int k = layers.size() - 1; k >= 0; k--) {
                h = layers.get(k).inverse(h, cs);
            }
            return h;
        });
    }

    /**
     * @param n       the number of samples, &ge; 1
     * @param context [n, contextDim] or {@code null}
     * @param rng     the source of base draws
     * @return T⁻¹(z) for z ~ base, [n, d]
     */
    public INDArray sample(int n, INDArray context, Rng rng) {
        return inverse(base.sample(n, dim, dtype(), rng), context);
    }

    /**
     * Data-dependent initialisation: pushes the batch through the layers in order, letting each initialise from
     * what reaches it (ActNorms standardise it).
     *
     * @param x       a batch, [n, d]
     * @param context [n, contextDim] or {@code null}
     */
    public void initialize(INDArray x, INDArray context) {
        checkPoints("x", x.shape());
        INDArray h = x.castTo(dtype());
        for (FlowLayer l : layers) {
            l.initialize(h, context);
            h = l.transform(h, context);
        }
    }

    /** @return the parameters' data type */
    public DataType dtype() {
        return parameters().values().iterator().next().dtype();
    }

    private void checkPoints(String name, long[] shape) {
        if (shape.length != 2 || shape[1] != dim) {
            throw ShapeMismatchException.of(name, "[batch, " + dim + "]", shape);
        }
    }

    @Override
    public String toString() {
        return "CpFlow(" + layers + ", " + base + ")";
    }
}
