package io.github.flows4j.core.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.Map;

/**
 * What a {@link GradientSource} gets for one training step: the step's index, the model and its parameters, the two
 * random streams of the run, and the step's learning rate and progress. Every random draw of a step must come from
 * {@link #data()} or {@link #noise()}: the trainer checkpoints and restores exactly these two streams, which is what
 * makes a resumed run continue with identical losses.
 *
 * <pre>{@code
 * StepLoss<Mlp> loss = ctx -> {
 *     INDArray x = toy.sample(256, ctx.data(), DataType.FLOAT);        // the batch
 *     return fm.loss(ctx.model(), x, ctx.noise());                      // the loss's own noise
 * };
 * }</pre>
 *
 * @param <M>          the model's type
 * @param index        the step's 0-based index (the number of steps taken before it)
 * @param model        the model being trained
 * @param parameters   its parameters by name, whose gradients the step fills
 * @param data         the stream for data batches
 * @param noise        the stream for the loss's own randomness (times, noise, probes)
 * @param learningRate the rate the optimizer will use for this step
 * @param progress     the fraction of the run done, in [0, 1] (see {@link TrainerConfig})
 */
public record StepContext<M extends Module>(long index, M model, Map<String, Tensor> parameters, Rng data, Rng noise,
        double learningRate, double progress) {
}
