package io.github.flows4j.core.nn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Activation normalisation (Kingma and Dhariwal, Glow, 2018, Sec. 3.1): a per-feature affine map
 * {@code y = x ⊙ e^s + b} with data-dependent initialisation — {@link #initialize} sets s and b so that a batch
 * comes out with mean 0 and standard deviation 1 per feature. The scale e^s is positive, so the map is invertible
 * ({@link #inverse}), its log-Jacobian-determinant is Σ_j s_j for every row ({@link #logDet}), and it keeps
 * convexity and monotonicity (input-convex networks use it between layers). Parameters are {@code log_scale} and
 * {@code shift}, both [features]; until initialised the map is the identity.
 *
 * <pre>{@code
 * ActNorm norm = new ActNorm(2, DataType.DOUBLE);
 * norm.initialize(batch);                   // batch: [n, 2]; now norm(batch) has mean 0, std 1
 * Tensor y = norm.forward(x);               // x: [batch, 2] -> y: [batch, 2]
 * Tensor logDet = norm.logDet();            // scalar Σ s_j
 * }</pre>
 */
public final class ActNorm extends Module implements Layer {
    private final int features;
    private final Tensor logScale;
    private final Tensor shift;
    private boolean initialized;

    /**
     * @param features the number of features, &ge; 1
     * @param dtype    FLOAT or DOUBLE
     * @throws InvalidConfigException if features &lt; 1 or the type is neither FLOAT nor DOUBLE
     */
    public ActNorm(int features, DataType dtype) {
        if (features < 1) {
            throw InvalidConfigException.of("features", ">= 1", features);
        }
        Linear.checkDtype(dtype);
        this.features = features;
        this.logScale = registerParameter("log_scale", org.nd4j.linalg.factory.Nd4j.zeros(dtype, features));
        this.shift = registerParameter("shift", org.nd4j.linalg.factory.Nd4j.zeros(dtype, features));
    }

    /**
     * Sets s = −log(std + 1e-6) and b = −mean · e^s per feature, so that {@code forward(x)} has mean 0 and standard
     * deviation 1 over the batch; marks the layer initialised.
     *
     * @param x a batch, [n, features], n &ge; 1 (not modified)
     * @throws ShapeMismatchException if x is not [n, features]
     */
    public void initialize(INDArray x) {
        check("x", x.shape());
        INDArray xs = x.dataType() == logScale.dtype() ? x : x.castTo(logScale.dtype());
        INDArray mean = xs.mean(0);
        INDArray std = xs.std(false, 0);
        INDArray s = Transforms.log(std.addi(1e-6), false).negi();
        logScale.value().assign(s);
        shift.value().assign(mean.mul(Transforms.exp(s, true)).negi());
        initialized = true;
    }

    /** @return whether {@link #initialize} has run (or parameters were loaded into a layer marked so) */
    public boolean isInitialized() {
        return initialized;
    }

    /** Marks the layer initialised without touching its parameters (after loading them from a checkpoint). */
    public void markInitialized() {
        initialized = true;
    }

    /**
     * @param x [batch, features]
     * @return x ⊙ e^s + b, [batch, features]
     * @throws ShapeMismatchException if x is not [batch, features]
     */
    @Override
    public Tensor forward(Tensor x) {
        check("x", x.shape());
        return x.mul(logScale.exp()).add(shift);
    }

    /**
     * @param y [batch, features]
     * @return (y − b) ⊙ e^{−s}, [batch, features], a new array (no graph)
     * @throws ShapeMismatchException if y is not [batch, features]
     */
    public INDArray inverse(INDArray y) {
        check("y", y.shape());
        INDArray s = logScale.value();
        INDArray ys = y.dataType() == s.dataType() ? y : y.castTo(s.dataType());
        return ys.subRowVector(shift.value()).muliRowVector(Transforms.exp(s.neg(), false));
    }

    /** @return log |det ∂y/∂x| = Σ_j s_j, the same for every row; a scalar tensor, differentiable in s */
    public Tensor logDet() {
        return logScale.sum();
    }

    /** @return the log-scale parameter s, [features] */
    public Tensor logScale() {
        return logScale;
    }

    /** @return the shift parameter b, [features] */
    public Tensor shift() {
        return shift;
    }

    /** @return the number of features */
    public int features() {
        return features;
    }

    private void check(String name, long[] shape) {
        if (shape.length != 2 || shape[1] != features) {
            throw ShapeMismatchException.of(name, "[batch, " + features + "]", shape);
        }
    }

    @Override
    public String toString() {
        return "ActNorm(" + features + (initialized ? "" : ", uninitialised") + ")";
    }
}
