package io.github.flows4j.cnf.model;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A time-dependent vector field v(x, t) on R^dim: the model a flow is made of. Written with tensor ops, so it can be
 * trained by Flow Matching, integrated by any flow-core ODE solver, and differentiated for divergences.
 *
 * <pre>{@code
 * VelocityField v = MlpVelocityField.builder().dim(2).hidden(256, 256, 256).build(rng);
 * Tensor u = v.velocity(x, 0.5);                 // x: [batch, 2] → [batch, 2]
 * }</pre>
 */
public interface VelocityField {
    /**
     * @param x points, [batch, dim]
     * @param t times, [batch, 1], same type as x
     * @return velocities, [batch, dim]
     */
    Tensor velocity(Tensor x, Tensor t);

    /**
     * @param x points, [batch, dim]
     * @param t one time for every row
     * @return velocities, [batch, dim]
     */
    default Tensor velocity(Tensor x, double t) {
        return velocity(x, timeColumn(t, x));
    }

    /** @return the dimension of the space the field acts on */
    int dim();

    /**
     * @return the trainable tensors the field depends on (its {@link Module} parameters if it is a module), for
     *     optimizers and for the continuous adjoint
     */
    default List<Tensor> trainableTensors() {
        return this instanceof Module m ? List.copyOf(m.parameters().values()) : List.of();
    }

    /**
     * @param t    a time
     * @param like a [batch, ...] tensor giving the batch size and type
     * @return a [batch, 1] constant filled with t
     */
    static Tensor timeColumn(double t, Tensor like) {
        INDArray col = Nd4j.valueArrayOf(new long[] {like.size(0), 1}, t, like.dtype());
        return Tensor.constant(col);
    }
}
