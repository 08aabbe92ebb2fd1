package io.github.flows4j.spark.train;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.core.train.StepContext;
import io.github.flows4j.spark.HostArray;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.Replicas;
import io.github.flows4j.spark.RowFailedException;
import io.github.flows4j.spark.SparkJobException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Synchronous data-parallel gradients on Apache Spark, for the {@link io.github.flows4j.core.train.Trainer}'s
 * one training loop. Each step: the driver draws the global batch with the objective's {@link BatchSampler},
 * splits its rows into {@code partitions} contiguous shards, broadcasts the parameters as plain arrays
 * ({@link ParameterSnapshot}); each task loads them into its thread's model replica, back-propagates the
 * {@link BatchLoss} of its shard through the flows4j tape and returns the gradients weighted by its share of the rows;
 * {@code treeAggregate} sums them; the driver writes the sum into the parameters' gradients and the trainer takes
 * the optimiser step. The sum equals the gradient of the whole batch, so on a fixed seed training matches
 * {@link BatchObjective#local()} to float rounding. Per step and executor the wire carries the parameters once each
 * way (4 bytes per FLOAT parameter) plus the shard's rows.
 *
 * <p>A non-finite row, or a {@link RowFailedException} from the loss, fails the step with a
 * {@link RowFailedException} naming the global batch row; any other failure with a {@link SparkJobException} naming
 * the step. Spark's task retries are Spark's business ({@code spark.task.maxFailures}); with none the job fails at
 * once instead of hanging.
 *
 * <pre>{@code
 * SparkGradientSource<TimeMlp> grads = SparkGradientSource.builder(sc, factory, objective).partitions(2).build();
 * TrainResult r = Trainer.builder(model).config(config).gradients(grads).build().fit(rng.split(), rng.split());
 * }</pre>
 *
 * @param <M> the model's type
 */
public final class SparkGradientSource<M extends Module> implements GradientSource<M> {
    private final JavaSparkContext sc;
    private final ModelFactory<M> factory;
    private final BatchObjective<M> objective;
    private final int partitions;
    private final int depth;
    private final String key = "grad-" + UUID.randomUUID();
    private final List<INDArray> lastGrads = new ArrayList<>();
    private long bytesPerStep;

    private SparkGradientSource(Builder<M> b) {
        this.sc = b.sc;
        this.factory = b.factory;
        this.objective = b.objective;
        this.partitions = b.partitions;
        this.depth = b.depth;
    }

    /**
     * @param sc        the Spark context
     * @param factory   builds empty replicas of the model on executors
     * @param objective the sampler (driver) and the loss (executors)
     * @param <M>       the model's type
     * @return a builder; {@code partitions} defaults to {@code sc.defaultParallelism()}, {@code depth} to 2
     */
    public static <M extends Module> Builder<M> builder(JavaSparkContext sc, ModelFactory<M> factory,
            BatchObjective<M> objective) {
        return new Builder<>(sc, factory, objective);
    }

    /** @return the number of shards (Spark tasks) per step */
    public int partitions() {
        return partitions;
    }

    /**
     * @return the bytes of the last step's parameter broadcast plus its aggregated gradient (0 before the first
     *     step): one executor's share of the step's traffic, leaving out the shard rows
     */
    public long bytesPerStep() {
        return bytesPerStep;
    }

    @Override
    public double compute(StepContext<M> ctx) {
        releaseLastGrads(ctx.parameters());
        Map<String, Tensor> params = ctx.parameters();
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
        List<Shard> shards = split(ctx);
        ParameterSnapshot snapshot = ParameterSnapshot.of(params);
        Broadcast<ParameterSnapshot> broadcast = sc.broadcast(snapshot);
        ShardGradient sum;
        try {
            JavaRDD<Shard> rdd = sc.parallelize(shards, shards.size());
            String k = key;
            ModelFactory<M> f = factory;
            BatchLoss<M> loss = objective.loss();
            sum = rdd.map(s -> shardGradient(s, broadcast, k, f, loss))
                    .treeAggregate(ShardGradient.EMPTY, ShardGradient::plus, ShardGradient::plus, depth);
        } catch (Exception e) {            // Spark's job failure is a (Scala-unchecked) checked SparkException
            throw SparkJobException.of("gradient of step " + (ctx.index() + 1), e);
        } finally {
            broadcast.destroy();
        }
        for (Map.Entry<String, HostArray> e : sum.grads.entrySet()) {
            INDArray g = e.getValue().toArray();
            params.get(e.getKey()).setGrad(g);
            lastGrads.add(g);
        }
        bytesPerStep = 2 * snapshot.bytes();
        return sum.loss;
    }

    private void releaseLastGrads(Map<String, Tensor> params) {
        for (Tensor p : params.values()) {
            if (p.grad() != null && lastGrads.stream().anyMatch(g -> g == p.grad())) {
                p.setGrad(null);
            }
        }
        for (INDArray g : lastGrads) {
            g.close();
        }
        lastGrads.clear();
    }

    private List<Shard> split(StepContext<M> ctx) {
        INDArray batch = objective.sampler().sample(ctx.data(), ctx.noise());
        try {
            if (batch.rank() != 2 || batch.rows() == 0) {
                throw io.github.flows4j.core.ShapeMismatchException.of("sampled batch", "[rows > 0, columns]",
                        batch.shape());
            }
            int rows = batch.rows();
            int n = Math.min(partitions, rows);
            List<Shard> shards = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int from = (int) ((long) rows * k / n);
                int to = (int) ((long) rows * (k + 1) / n);
                INDArray view = batch.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                shards.add(new Shard(k, from, rows, HostArray.of(view)));
            }
            return shards;
        } finally {
            batch.close();
        }
    }

    @SuppressWarnings("try")
    private static <M extends Module> ShardGradient shardGradient(Shard shard, Broadcast<ParameterSnapshot> params,
            String key, ModelFactory<M> factory, BatchLoss<M> loss) {
        M model = Replicas.get(key, factory);
        params.value().loadInto(model);
        BatchObjective.checkFinite(shard.rows(), shard.offset());
        int n = (int) shard.rows().shape()[0];
        double weight = (double) n / shard.total();
        INDArray x = shard.rows().toArray();
        try (TensorScope scope = TensorScope.open()) {
            model.zeroGrad();
            Tensor l;
            try {
                l = loss.loss(model, x);
                l.backward();
            } catch (RowFailedException e) {
                throw e.shifted(shard.offset());
            } catch (RuntimeException e) {
                throw new SparkJobException("the loss of batch rows " + shard.offset() + ".."
                        + (shard.offset() + n - 1) + " (partition " + shard.partition() + ") threw "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            LinkedHashMap<String, HostArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
                INDArray g = e.getValue().grad();
                if (g != null) {
                    INDArray scaled = g.mul(weight);
                    grads.put(e.getKey(), HostArray.of(scaled));
                    scaled.close();
                }
            }
            return new ShardGradient(weight * l.item(), n, grads);
        } finally {
            model.zeroGrad();
            x.close();
        }
    }

    /**
     * Builds a {@link SparkGradientSource}.
     *
     * @param <M> the model's type
     */
    public static final class Builder<M extends Module> {
        private final JavaSparkContext sc;
        private final ModelFactory<M> factory;
        private final BatchObjective<M> objective;
        private int partitions;
        private int depth = 2;

        private Builder(JavaSparkContext sc, ModelFactory<M> factory, BatchObjective<M> objective) {
            this.sc = sc;
            this.factory = factory;
            this.objective = objective;
        }

        /**
         * @param value shards (Spark tasks) per step, &ge; 1; a batch with fewer rows uses one shard per row
         * @return this builder
         */
        public Builder<M> partitions(int value) {
            this.partitions = value;
            return this;
        }

        /**
         * @param value the depth of {@code treeAggregate}, &ge; 1 (2: executors pre-sum before the driver)
         * @return this builder
         */
        public Builder<M> depth(int value) {
            this.depth = value;
            return this;
        }

        /**
         * @return the source
         * @throws InvalidConfigException if the context, factory or objective is null, or a count is &lt; 1
         */
        public SparkGradientSource<M> build() {
            if (sc == null) {
                throw InvalidConfigException.of("sc", "non-null", null);
            }
            if (factory == null) {
                throw InvalidConfigException.of("factory", "non-null", null);
            }
            if (objective == null) {
                throw InvalidConfigException.of("objective", "non-null", null);
            }
            if (partitions == 0) {
                partitions = sc.defaultParallelism();
            }
            if (partitions < 1) {
                throw InvalidConfigException.of("partitions", ">= 1", partitions);
            }
            if (depth < 1) {
                throw InvalidConfigException.of("depth", ">= 1", depth);
            }
            return new SparkGradientSource<>(this);
        }
    }
}
