package io.github.flows4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The elementwise kernels behind the autodiff ops. Each call returns a freshly allocated c-ordered result and
 * never mutates its inputs.
 *
 * <p>Two implementations: {@link JavaKernels} runs plain Java loops over the CPU backend's zero-copy buffers
 * (ND4J's own per-op dispatch costs 5–25 µs, and several of its transcendental kernels are 3–5× slower than
 * loops the JIT vectorises); {@link Nd4jKernels} uses ND4J ops only and is what non-CPU backends (CUDA) get.
 * {@link #get()} picks by backend; the system property {@code flows4j.kernels=java|nd4j} overrides.
 *
 * <pre>{@code
 * INDArray y = Kernels.get().tanh(x);
 * }</pre>
 */
public interface Kernels {

    /** @return the kernels for the current ND4J backend */
    static Kernels get() {
        return Holder.INSTANCE;
    }

    /** @param a left @param b right (broadcast) @return a + b */
    INDArray add(INDArray a, INDArray b);

    /** @param a left @param b right (broadcast) @return a − b */
    INDArray sub(INDArray a, INDArray b);

    /** @param a left @param b right (broadcast) @return a ⊙ b */
    INDArray mul(INDArray a, INDArray b);

    /** @param a left @param b right (broadcast) @return a / b */
    INDArray div(INDArray a, INDArray b);

    /** @param x input @param scale factor @param shift offset @return scale·x + shift */
    INDArray affine(INDArray x, double scale, double shift);

    /** @param x input @return tanh x (exact sign and magnitude for tiny x) */
    INDArray tanh(INDArray x);

    /** @param g upstream gradient @param y tanh output @return g ⊙ (1 − y²) */
    INDArray tanhGrad(INDArray g, INDArray y);

    /** @param x input @return σ(x) */
    INDArray sigmoid(INDArray x);

    /** @param g upstream gradient @param y sigmoid output @return g ⊙ y ⊙ (1 − y) */
    INDArray sigmoidGrad(INDArray g, INDArray y);

    /** @param x input @return ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), finite for every finite x */
    INDArray softplus(INDArray x);

    /** @param x input @return x·σ(x) */
    INDArray silu(INDArray x);

    /** @param x input @return max(x, 0), NaN kept (x &lt; 0 ? 0 : x, as ND4J's and PyTorch's relu) */
    INDArray relu(INDArray x);

    /**
     * @param g upstream gradient @param x ReLU input, same shape
     * @return g where x &gt; 0, else 0 (PyTorch's threshold_backward; NaN where x or an infinite g meets a 0 mask)
     */
    INDArray reluGrad(INDArray g, INDArray x);

    /**
     * SiLU and the sigmoid behind it, for a forward pass that keeps σ(x) for its derivatives.
     *
     * @param x input
     * @return {x·σ(x), σ(x)}, each of x's shape (the Java kernels compute both in one pass)
     */
    default INDArray[] siluAndSigmoid(INDArray x) {
        INDArray s = sigmoid(x);
        return new INDArray[] {mul(x, s), s};
    }

    /** @param g upstream gradient @param x SiLU input @return g ⊙ σ(x)(1 + x(1 − σ(x))) */
    INDArray siluGrad(INDArray g, INDArray x);

    /**
     * {@link #siluGrad(INDArray, INDArray)} with σ(x) already at hand (no transcendental function).
     *
     * @param g upstream gradient @param x SiLU input @param s σ(x), same shape
     * @return g ⊙ s(1 + x(1 − s))
     */
    INDArray siluGrad(INDArray g, INDArray x, INDArray s);

    /**
     * The SiLU's second derivative times two factors, with σ(x) at hand (one pass for the x-part of the
     * derivative of {@link #siluGrad(INDArray, INDArray, INDArray)}).
     *
     * @param a first factor @param b second factor @param x SiLU input @param s σ(x), all one shape
     * @return a ⊙ b ⊙ SiLU''(x) = a ⊙ b ⊙ s(1 − s)(2 + x(1 − 2s))
     */
    INDArray siluSecond(INDArray a, INDArray b, INDArray x, INDArray s);

    /** @param x a matrix [n, d] @return its column sums, shape [d] */
    INDArray sumRows(INDArray x);

    /** @param x any array @return the sum of all its elements (accumulated in double) */
    double sumAll(INDArray x);

    /** @param x input @return eˣ */
    INDArray exp(INDArray x);

    /** @param x input @return ln x */
    INDArray log(INDArray x);

    /**
     * c ← α·op(a)·op(b) + β·c for dense c-ordered matrices (BLAS GEMM; op is the transpose when the flag is set).
     *
     * @param a     [m, k], or [k, m] if {@code ta}
     * @param b     [k, n], or [n, k] if {@code tb}
     * @param c     [m, n], dense and c-ordered; overwritten (read first if β ≠ 0)
     * @param ta    transpose a
     * @param tb    transpose b
     * @param alpha scale of the product
     * @param beta  scale of c's old contents
     */
    void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta);

    /** @param x a dense array, set to zero in place */
    void zero(INDArray x);

    /**
     * target ← target + x, in place (gradient accumulation).
     *
     * @param target the array to add into (dense, c-ordered)
     * @param x      an array of the same shape and type, or one that broadcasts to it
     */
    void addInPlace(INDArray target, INDArray x);

    /**
     * Concatenation along an axis (shapes already checked: equal outside {@code axis}).
     *
     * @param axis  the axis
     * @param parts dense c-ordered arrays of one type
     * @return a new c-ordered array
     */
    INDArray concat(int axis, INDArray... parts);

    /**
     * @param x     a dense c-ordered array
     * @param shape a shape with x's element count (checked by the caller), rank &ge; 1
     * @return a new c-ordered copy of x's elements with that shape
     */
    INDArray reshape(INDArray x, long... shape);

    /**
     * The slice [start, start + length) of {@code x} along {@code axis}, as a new c-ordered array.
     *
     * @param x the array @param axis the axis @param start first index (checked) @param length slice length
     * @return the copy
     */
    INDArray narrow(INDArray x, int axis, long start, long length);

    /**
     * Zeros of shape {@code full} with {@code g} placed at {@code start} along {@code axis} (narrow's adjoint).
     *
     * @param g the block @param full the result's shape @param axis the axis @param start where g goes
     * @return the new c-ordered array
     */
    INDArray embed(INDArray g, long[] full, int axis, long start);

    /** The kernels chosen once per JVM. */
    final class Holder {
        static final Kernels INSTANCE = choose();

        private Holder() {
        }

        private static Kernels choose() {
            KernelPool.policy(); // the thread policy is in force before the first op
            String forced = System.getProperty("flows4j.kernels", "");
            if (forced.equalsIgnoreCase("nd4j")) {
                return new Nd4jKernels();
            }
            if (forced.equalsIgnoreCase("java")) {
                return new JavaKernels();
            }
            String backend = Nd4j.getBackend().getClass().getName().toLowerCase(java.util.Locale.ROOT);
            return backend.contains("cpu") ? new JavaKernels() : new Nd4jKernels();
        }
    }
}
