package io.github.flows4j.examples.spark;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.eval.ModelPoints;
import io.github.flows4j.spark.eval.PointFunction;
import io.github.flows4j.spark.eval.StochasticPointFunction;
import io.github.flows4j.spark.train.BatchLoss;
import io.github.flows4j.spark.train.BatchObjective;
import io.github.flows4j.spark.train.BatchSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flow Matching on a 2-D toy in the row form of {@code flow-spark}: a row of the global batch is
 * {@code [x1 (2) | x0 (2) | t (1)]} — the data point, its source point x0 ~ N(0, I) and its time t ~ U(0, 1), all
 * drawn on the driver — and the loss is the mean over rows of |v(x_t, t) − (x1 − x0)|² with
 * x_t = (1 − t) x0 + t x1 (Lipman et al. 2023, the independent-coupling conditional path). The exact NLL point
 * function solves the CNF likelihood with dopri5 at rtol = atol = 1e-5; the sample point function solves the flow
 * from source points.
 *
 * <pre>{@code
 * BatchObjective<MlpVelocityField> fm = FmRows.objective(Toy2d.CHECKERBOARD, 256);
 * PointFunction nll = FmRows.exactNll(FmRows.factory(64, 64), ParameterSnapshot.of(field.parameters()));
 * }</pre>
 */
public final class FmRows {
    private FmRows() {
    }

    /**
     * @param hidden the hidden widths
     * @return a factory of empty 2-D MLP velocity fields of that shape (FLOAT)
     */
    public static ModelFactory<MlpVelocityField> factory(int... hidden) {
        int[] h = hidden.clone();
        return () -> MlpVelocityField.builder().dim(2).hidden(h).dtype(DataType.FLOAT).build(Rng.seeded(0));
    }

    /**
     * @param rng    initialises the weights
     * @param hidden the hidden widths
     * @return a freshly initialised 2-D MLP velocity field (FLOAT)
     */
    public static MlpVelocityField field(Rng rng, int... hidden) {
        return MlpVelocityField.builder().dim(2).hidden(hidden.clone()).dtype(DataType.FLOAT).build(rng);
    }

    /**
     * @param toy   the data
     * @param batch rows per step
     * @return the sampler (driver) and loss (executors)
     */
    public static BatchObjective<MlpVelocityField> objective(Toy2d toy, int batch) {
        return objective((data, noise) -> toy.sample(batch, data, DataType.FLOAT), batch);
    }

    /**
     * @param points draws {@code [batch, 2]} FLOAT data points (e.g. a {@code DatasetSampler} over a Parquet file)
     * @param batch  rows per step, as {@code points} draws them
     * @return the sampler (driver: the points plus x0 and t) and loss (executors)
     */
    public static BatchObjective<MlpVelocityField> objective(BatchSampler points, int batch) {
        BatchSampler sampler = (data, noise) -> Nd4j.hstack(points.sample(data, noise),
                noise.normal(DataType.FLOAT, batch, 2), noise.uniform(DataType.FLOAT, batch, 1));
        BatchLoss<MlpVelocityField> loss = (model, b) -> {
            Tensor rows = Tensor.constant(b);
            Tensor x1 = rows.narrow(1, 0, 2);
            Tensor x0 = rows.narrow(1, 2, 2);
            Tensor t = rows.narrow(1, 4, 1);
            Tensor xt = x0.mul(t.rsub(1)).add(x1.mul(t));
            return model.velocity(xt, t).sub(x1.sub(x0)).square().sum(1).mean();
        };
        return new BatchObjective<>(sampler, loss);
    }

    /**
     * @param factory the model's factory
     * @param weights the trained weights
     * @return the flow's sample for each source point x0 ~ N(0, I): the end point of the solve from t = 0 to 1
     *     (dopri5, rtol = atol = 1e-5), {@code [n, 2]}
     */
    public static PointFunction samples(ModelFactory<MlpVelocityField> factory, ParameterSnapshot weights) {
        return ModelPoints.of(factory, weights, (f, x0) -> FlowSampler.builder().build().sample(f, x0, null).x1());
    }

    /**
     * @param factory the model's factory
     * @param weights the trained weights
     * @return the exact negative log-likelihood per point, in nats
     */
    public static PointFunction exactNll(ModelFactory<MlpVelocityField> factory, ParameterSnapshot weights) {
        return ModelPoints.of(factory, weights, (f, x) -> CnfLikelihood.builder().build().evaluate(f, x).logProb()
                .neg());
    }

    /**
     * @param factory the model's factory
     * @param weights the trained weights
     * @param probes  Rademacher probes per point
     * @return a Hutchinson estimate of the negative log-likelihood per point, in nats (dopri5, rtol = atol = 1e-5;
     *     the probes drawn from the batch's generator)
     */
    public static StochasticPointFunction hutchinsonNll(ModelFactory<MlpVelocityField> factory,
            ParameterSnapshot weights, int probes) {
        return ModelPoints.stochastic(factory, weights, (f, x, rng) -> CnfLikelihood.builder()
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, probes)).build()
                .evaluate(f, x, rng).logProb().neg());
    }
}
