package io.github.flows4j.spark.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.ModelFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Flow Matching on the checkerboard as a {@link BatchObjective}: a row is {@code [x1 (2) | x0 (2) | t (1)]}. */
final class FmFixture {
    private FmFixture() {
    }

    static ModelFactory<TimeMlp> factory(DataType type, int hidden) {
        return () -> TimeMlp.builder().sizes(2, hidden, hidden, 2).dtype(type).build(Rng.seeded(0));
    }

    static BatchSampler sampler(int batch, DataType type) {
        return (data, noise) -> Nd4j.hstack(Toy2d.CHECKERBOARD.sample(batch, data, type),
                noise.normal(type, batch, 2), noise.uniform(type, batch, 1));
    }

    static BatchLoss<TimeMlp> loss() {
        return (model, b) -> {
            Tensor rows = Tensor.constant(b);
            Tensor x1 = rows.narrow(1, 0, 2);
            Tensor x0 = rows.narrow(1, 2, 2);
            Tensor t = rows.narrow(1, 4, 1);
            Tensor xt = x0.mul(t.rsub(1)).add(x1.mul(t));
            return model.forward(t, xt).sub(x1.sub(x0)).square().sum(1).mean();
        };
    }

    static BatchObjective<TimeMlp> objective(int batch, DataType type) {
        return new BatchObjective<>(sampler(batch, type), loss());
    }
}
