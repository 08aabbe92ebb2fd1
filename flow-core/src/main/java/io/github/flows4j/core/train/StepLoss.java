package io.github.flows4j.core.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;

/**
 * The scalar loss of one training step, built from the step's context; {@link GradientSource#local} turns it into
 * the default gradient computation. Runs inside the step's {@link io.github.flows4j.core.autodiff.TensorScope}.
 *
 * <pre>{@code
 * StepLoss<Mlp> loss = ctx -> {
 *     INDArray x = ctx.data().uniform(-1, 1, DataType.DOUBLE, 64, 2);
 *     return ctx.model().forward(Tensor.constant(x)).sub(Tensor.constant(target(x))).square().mean();
 * };
 * }</pre>
 *
 * @param <M> the model's type
 */
@FunctionalInterface
public interface StepLoss<M extends Module> {
    /**
     * @param ctx the step: model, parameters and random streams
     * @return the loss, a scalar tensor that depends on the parameters
     */
    Tensor loss(StepContext<M> ctx);
}
