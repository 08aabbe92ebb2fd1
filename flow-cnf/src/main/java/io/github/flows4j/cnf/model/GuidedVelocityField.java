package io.github.flows4j.cnf.model;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classifier-free guidance (Ho and Salimans 2022) for flows: ṽ = (1 + w) v(x, t, c) − w v(x, t, ∅), with ∅ the
 * all-zeros context. w = 0 is the plain conditional field; larger w sharpens samples towards the condition.
 * The context is fixed per sampling call, one row per sample.
 *
 * <pre>{@code
 * VelocityField guided = new GuidedVelocityField(model, oneHot, 1.5);   // oneHot: [batch, classes]
 * Samples s = sampler.sample(guided, x0);
 * }</pre>
 */
public final class GuidedVelocityField implements VelocityField {
    private final ConditionalVelocityField model;
    private final Tensor cond;
    private final Tensor none;
    private final double guidance;

    /**
     * @param model    the conditional field, trained with context dropout
     * @param cond     the contexts, [batch, conditionDim]
     * @param guidance w &ge; 0
     */
    public GuidedVelocityField(ConditionalVelocityField model, INDArray cond, double guidance) {
        if (!(guidance >= 0) || Double.isInfinite(guidance)) {
            throw InvalidConfigException.of("guidance", "finite and >= 0", guidance);
        }
        if (cond.rank() != 2 || cond.size(1) != model.conditionDim()) {
            throw ShapeMismatchException.of("cond", "[batch, " + model.conditionDim() + "]", cond.shape());
        }
        this.model = model;
        this.cond = Tensor.constant(cond);
        this.none = Tensor.constant(Nd4j.zeros(cond.dataType(), cond.shape()));
        this.guidance = guidance;
    }

    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        if (x.size(0) != cond.size(0)) {
            throw ShapeMismatchException.of("x", "[" + cond.size(0) + ", " + model.dim() + "] (one row per context)",
                    x.shape());
        }
        Tensor vc = model.velocity(x, t, cond);
        if (guidance == 0) {
            return vc;
        }
        Tensor vu = model.velocity(x, t, none);
        return vc.mul(1 + guidance).sub(vu.mul(guidance));
    }

    @Override
    public int dim() {
        return model.dim();
    }

    @Override
    public java.util.List<Tensor> trainableTensors() {
        return model instanceof VelocityField v ? v.trainableTensors() : java.util.List.of();
    }
}
