package io.github.flows4j.core.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;

/**
 * How one training step computes its loss and the parameters' gradients: on return, every parameter in
 * {@link StepContext#parameters()} that the loss depends on holds its gradient ({@link Tensor#grad()}), and the
 * returned value is the step's loss. The {@link Trainer} then checks loss and gradients for NaN and infinity, clips,
 * steps the optimizer and updates the EMA; it never looks inside.
 *
 * <p>{@link #local} is the default: forget the old gradients, build the loss on this machine, back-propagate. A
 * data-parallel source replaces it without touching the loop: it ships the parameters' values to workers, each draws
 * its share of the batch from a stream split off {@link StepContext#data()} (and {@link StepContext#noise()}),
 * computes a local gradient, and the source writes the averaged gradients back with {@link Tensor#setGrad} and returns
 * the averaged loss. Called inside the step's {@link io.github.flows4j.core.autodiff.TensorScope}.
 *
 * <pre>{@code
 * GradientSource<Mlp> local = GradientSource.local(ctx -> loss(ctx.model(), ctx.data()));
 * GradientSource<Mlp> custom = ctx -> {
 *     ctx.parameters().values().forEach(Tensor::zeroGrad);
 *     Tensor l = loss(ctx.model(), ctx.data());
 *     l.backward();
 *     return l.item();
 * };
 * }</pre>
 *
 * @param <M> the model's type
 */
@FunctionalInterface
public interface GradientSource<M extends Module> {
    /**
     * @param ctx the step
     * @return the step's loss value (may be non-finite: the trainer then stops with a
     *     {@link TrainingDivergedException})
     */
    double compute(StepContext<M> ctx);

    /**
     * The default, local computation: zero every parameter's gradient, build the loss, call
     * {@link Tensor#backward()}, return {@link Tensor#item()}.
     *
     * @param <M>  the model's type
     * @param loss the step's loss
     * @return the gradient source
     * @throws io.github.flows4j.core.InvalidConfigException if loss is null
     */
    static <M extends Module> GradientSource<M> local(StepLoss<M> loss) {
        if (loss == null) {
            throw io.github.flows4j.core.InvalidConfigException.of("loss", "non-null", null);
        }
        return ctx -> {
            for (Tensor p : ctx.parameters().values()) {
                p.zeroGrad();
            }
            Tensor l = loss.loss(ctx);
            l.backward();
            return l.item();
        };
    }
}
