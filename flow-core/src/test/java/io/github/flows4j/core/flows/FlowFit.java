package io.github.flows4j.core.flows;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Maximum-likelihood training of a flow on a 2-D toy through the Trainer, and its test NLL (nats). */
final class FlowFit {
    private FlowFit() {
    }

    /** The result of one run: test NLL of the untrained flow (the base N(0, I)) and of the trained one. */
    record Result(double baseNll, double trainedNll, TrainResult train) {
    }

    /**
     * @param flow  a fresh (identity) flow
     * @param toy   the data
     * @param steps Adam steps, cosine schedule from lr to 0
     * @param batch the batch size
     * @param lr    the peak learning rate
     * @param test  held-out points, [m, 2], of the flow's data type
     * @param rng   the data stream
     */
    static Result fit(NormalizingFlow flow, Toy2d toy, int steps, int batch, double lr, INDArray test, Rng rng) {
        double base = nll(flow, test);
        TrainerConfig cfg = TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.cosine(lr, steps, 0))
                .clipNorm(10).build();
        TrainResult r = Trainer.builder(flow).config(cfg)
                .loss(ctx -> ctx.model().logProb(Tensor.constant(toy.sample(batch, ctx.data(), flow.dtype())), null)
                        .mean().neg())
                .build().fit(rng.split(), rng.split());
        return new Result(base, nll(flow, test), r);
    }

    /** @return the mean negative log-likelihood of the rows of x, nats */
    @SuppressWarnings("try")
    static double nll(NormalizingFlow flow, INDArray x) {
        try (TensorScope s = TensorScope.open(); GradMode.Scope g = GradMode.noGrad()) {
            return -flow.logProb(Tensor.constant(x), null).mean().item();
        }
    }
}
