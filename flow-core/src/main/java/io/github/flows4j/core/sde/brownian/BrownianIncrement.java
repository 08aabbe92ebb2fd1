package io.github.flows4j.core.sde.brownian;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a Brownian path gives over one interval {@code [t0, t1]}: the increment {@code W = W(t1) − W(t0)} and,
 * where the path provides it, the space-time Lévy area
 * {@code H = (1/h) ∫_{t0}^{t1} (W(r) − W(t0) − ((r − t0)/h) W) dr}, {@code h = t1 − t0}
 * (Foster, Lyons &amp; Oberhauser 2020; Kidger 2021, §5.5.2). {@code W ~ N(0, h)} and {@code H ~ N(0, h/12)} are
 * independent. The strong-order-1.5 Runge–Kutta methods read the time integral
 * {@link #timeIntegral() U = ∫_{t0}^{t1} (W(r) − W(t0)) dr = h (H + W/2)} (torchsde's {@code I_k0}).
 *
 * <pre>{@code
 * BrownianIncrement dw = brownian.increment(0.25, 0.5);
 * Tensor w = dw.w();                 // [batch, m]
 * Tensor u = dw.timeIntegral();      // [batch, m], needs the space-time Lévy area
 * }</pre>
 *
 * @param t0 the interval's start
 * @param t1 the interval's end, {@code > t0}
 * @param w  the increment {@code W(t1) − W(t0)}, {@code [batch, m]}
 * @param h  the space-time Lévy area, {@code [batch, m]}, or {@code null} if the path does not provide it
 */
public record BrownianIncrement(double t0, double t1, Tensor w, Tensor h) {
    /**
     * Checks the interval and the shapes.
     *
     * @throws InvalidConfigException if {@code t1 <= t0} or a time is not finite
     * @throws ShapeMismatchException if {@code h} is given with another shape than {@code w}
     */
    public BrownianIncrement {
        if (!Double.isFinite(t0) || !Double.isFinite(t1) || !(t1 > t0)) {
            throw InvalidConfigException.of("BrownianIncrement interval", "finite with t1 > t0",
                    "[" + t0 + ", " + t1 + "]");
        }
        if (w == null) {
            throw new IllegalArgumentException("w must not be null");
        }
        if (h != null && !Arrays.equals(h.shape(), w.shape())) {
            throw ShapeMismatchException.of("h", Arrays.toString(w.shape()) + " (that of w)", h.shape());
        }
    }

    /** @return the interval's length {@code t1 − t0} */
    public double dt() {
        return t1 - t0;
    }

    /** @return whether the space-time Lévy area is present */
    public boolean hasSpaceTimeLevyArea() {
        return h != null;
    }

    /**
     * @return {@code U = ∫_{t0}^{t1} (W(r) − W(t0)) dr = h (H + W/2)}, {@code [batch, m]}
     * @throws IllegalStateException if the path gave no space-time Lévy area
     */
    public Tensor timeIntegral() {
        if (h == null) {
            throw new IllegalStateException("this increment has no space-time Levy area; use a BrownianPath with "
                    + "hasSpaceTimeLevyArea(), e.g. VirtualBrownianTree");
        }
        double dt = dt();
        return h.mul(dt).add(w.mul(0.5 * dt));
    }

    /**
     * The same increment with {@code extra} zero columns appended (for a state augmented with components that
     * carry no noise, e.g. the KL term of a logqp solve).
     *
     * @param extra the number of zero columns, &ge; 0
     * @return the padded increment, {@code [batch, m + extra]}
     */
    public BrownianIncrement padded(int extra) {
        if (extra < 0) {
            throw InvalidConfigException.of("extra", ">= 0", extra);
        }
        if (extra == 0) {
            return this;
        }
        return new BrownianIncrement(t0, t1, pad(w, extra), h == null ? null : pad(h, extra));
    }

    private static Tensor pad(Tensor x, int extra) {
        INDArray v = x.value();
        INDArray z = Nd4j.zeros(v.dataType(), v.size(0), extra);
        return Tensor.constant(Nd4j.hstack(v, z));
    }
}
