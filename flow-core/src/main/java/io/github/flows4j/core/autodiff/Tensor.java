package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J array with the operation that made it, so gradients can flow back through it.
 *
 * <p>Every op returns a new tensor; none mutates its inputs. When {@link GradMode} is on and an input
 * {@link #requiresGrad() requires a gradient}, the result records a {@link Function} node. Backward rules are
 * themselves written with tensor ops, so {@link Autodiff#grad} with {@code createGraph = true} returns
 * differentiable gradients (divergences, Hessian-vector products, gradients of gradients).
 *
 * <p>Shapes follow NumPy broadcasting for the binary elementwise ops. Float32 is the default, float64 on request;
 * ops never mix the two ({@link io.github.flows4j.core.DTypeMismatchException}).
 *
 * <pre>{@code
 * Tensor w = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 3, 2));
 * Tensor x = Tensor.constant(Nd4j.rand(DataType.DOUBLE, 5, 3));
 * Tensor loss = x.matmul(w).tanh().square().mean();
 * Tensor[] g = Autodiff.grad(loss, w);      // d loss / d w, shape [3, 2]
 * }</pre>
 */
public final class Tensor {
    private INDArray value;
    private Function function;
    private final boolean requiresGrad;
    private final boolean owned;
    private INDArray grad;
    private boolean gradOwned;
    private String releasedFrom;
    private long[] releasedShape;
    private Function releasedBy;
    /** For a {@link #detach()}ed alias: the tensor whose memory it shares (its lifetime is the base's). */
    private Tensor base;

    private Tensor(INDArray value, Function function, boolean requiresGrad, boolean owned) {
        this.value = value;
        this.function = function;
        this.requiresGrad = requiresGrad;
        this.owned = owned;
    }

    // ---------------------------------------------------------------- creation

    /**
     * @param value an array; it is wrapped, not copied, and never released by flows4j
     * @return a leaf that needs no gradient
     */
    public static Tensor constant(INDArray value) {
        return new Tensor(checkValue(value), null, false, false);
    }

    /**
     * @param value an array; it is wrapped, not copied, and never released by flows4j
     * @return a leaf whose gradient {@link #backward()} accumulates into {@link #grad()}
     */
    public static Tensor variable(INDArray value) {
        return new Tensor(checkValue(value), null, true, false);
    }

    /**
     * @param v    the value
     * @param type FLOAT or DOUBLE
     * @return a rank-0 constant
     */
    public static Tensor scalar(double v, DataType type) {
        return owned(Nd4j.scalar(type, v));
    }

    /**
     * @param type  the data type
     * @param shape the shape
     * @return a constant of zeros, owned by the current scope
     */
    public static Tensor zeros(DataType type, long... shape) {
        return owned(Nd4j.zeros(type, shape));
    }

    /**
     * @param type  the data type
     * @param shape the shape
     * @return a constant of ones, owned by the current scope
     */
    public static Tensor ones(DataType type, long... shape) {
        return owned(Nd4j.ones(type, shape));
    }

    /**
     * Wraps the result of a custom op. The node is recorded only if grad mode is on and an input requires a
     * gradient; the value belongs to the current {@link TensorScope}.
     *
     * @param value    the op's freshly allocated result
     * @param function the op's node, holding its inputs
     * @return the result tensor
     */
    public static Tensor fromFunction(INDArray value, Function function) {
        boolean record = false;
        if (GradMode.isEnabled()) {
            for (int i = 0; i < function.arity(); i++) {
                if (function.input(i).requiresGrad) {
                    record = true;
                    break;
                }
            }
        }
        return result(value, record ? function : null);
    }

    /** An op result: owned by the current scope; records {@code fn} if non-null. */
    static Tensor result(INDArray value, Function fn) {
        Tensor t = new Tensor(value, fn, fn != null, true);
        TensorScope.register(t);
        return t;
    }

    /** An owned constant made by flows4j (released with the scope). */
    static Tensor owned(INDArray value) {
        return result(value, null);
    }

    /** @return whether grad mode is on and any of the tensors requires a gradient */
    static boolean recording(Tensor a) {
        return a.requiresGrad && GradMode.isEnabled();
    }

    static boolean recording(Tensor a, Tensor b) {
        return (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled();
    }

    private static INDArray checkValue(INDArray value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        return value;
    }

    // ---------------------------------------------------------------- state

    /**
     * @return the array; do not mutate it if the tensor takes part in a graph
     * @throws TensorReleasedException if the scope that owned this tensor has closed
     */
    public INDArray value() {
        INDArray v = value;
        if (base != null && base.value == null) {
            v = null;
            releasedFrom = base.releasedDescription() + " (through a detached alias)";
        }
        if (v == null) {
            throw new TensorReleasedException("tensor " + releasedDescription()
                    + " was used after its TensorScope closed; "
                    + "keep it with TensorScope.keep(t) or copy it with t.value().dup() before the scope closes");
        }
        return v;
    }

    /** @return the shape */
    public long[] shape() {
        return value().shape();
    }

    /**
     * @param dim a dimension, negative counts from the end
     * @return the size along {@code dim}
     */
    public long size(int dim) {
        return value().size(dim);
    }

    /** @return the rank */
    public int rank() {
        return value().rank();
    }

    /** @return the number of elements */
    public long length() {
        return value().length();
    }

    /** @return the data type */
    public DataType dtype() {
        return value().dataType();
    }

    /** @return whether gradients flow back through this tensor */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** @return whether this tensor was made by the user rather than by a recorded op */
    public boolean isLeaf() {
        return function == null;
    }

    /** @return the node that made this tensor, or {@code null} for leaves and unrecorded results */
    public Function function() {
        return function;
    }

    /** @return whether the owning scope has released this tensor (or, for a detached alias, its base) */
    public boolean isReleased() {
        return value == null || (base != null && base.value == null);
    }

    /**
     * @return the gradient accumulated by {@link #backward()} for a {@link #variable} leaf, or {@code null}
     */
    public INDArray grad() {
        return grad;
    }

    /** Forgets the accumulated gradient (the next {@link #backward()} starts from zero). */
    public void zeroGrad() {
        if (grad != null) {
            if (gradOwned) {
                ArrayPool.recycle(grad);
            }
            grad = null;
        }
    }

    /**
     * @param g replaces the accumulated gradient (not copied); used by optimizers and gradient clipping
     */
    public void setGrad(INDArray g) {
        if (g != null && !Arrays.equals(g.shape(), shape())) {
            throw new io.github.flows4j.core.ShapeMismatchException("grad must have shape " + Arrays.toString(shape())
                    + "; got " + Arrays.toString(g.shape()));
        }
        grad = g;
        gradOwned = false;
    }

    void accumulateGrad(INDArray g) {
        if (grad == null) {
            INDArray copy;
            if (g.rank() > 0) {
                // a pooled copy by the kernels (ND4J's assign op costs ~10 µs of dispatch per parameter)
                copy = io.github.flows4j.core.kernel.Kernels.get().reshape(LinAlg.dense(g), g.shape());
            } else {
                copy = ArrayPool.uninitialized(g.dataType(), g.shape());
                copy.assign(g);
            }
            grad = copy;
            gradOwned = true;
        } else {
            io.github.flows4j.core.kernel.Kernels.get().addInPlace(grad, g);
        }
    }

    /**
     * @return the elements in c (row-major) order as a fresh {@code double[]} (PyTorch's
     *     {@code x.flatten().tolist()}); the tensor is not changed
     */
    public double[] toDoubleArray() {
        return io.github.flows4j.core.kernel.HostArrays.toDoubles(value());
    }

    /** @return the scalar value of a one-element tensor (PyTorch's {@code x.item()}) */
    public double item() {
        INDArray v = value();
        if (v.length() != 1) {
            throw new io.github.flows4j.core.ShapeMismatchException("item() needs a one-element tensor; got shape "
                    + Arrays.toString(v.shape()));
        }
        return v.getDouble(0);
    }

    /**
     * @return a tensor sharing this value that records nothing and needs no gradient; it lives as long as this
     *     tensor does ({@link TensorScope#keep} of the alias keeps this tensor's memory)
     */
    public Tensor detach() {
        Tensor d = new Tensor(value(), null, false, false);
        d.base = base != null ? base : this;
        return d;
    }

    /** @return the tensor whose memory a detached alias shares, or this tensor */
    Tensor memoryOwner() {
        return base != null ? base : this;
    }

    /**
     * PyTorch's {@code x.detach().requires_grad_()}: a new leaf sharing this value (and its lifetime) that requires
     * a gradient, cut off from the graph that made this tensor — for differentiating a function at a point.
     *
     * @return the leaf
     */
    public Tensor asVariable() {
        Tensor v = new Tensor(value(), null, true, false);
        v.base = memoryOwner();
        return v;
    }

    /** Used by {@link TensorScope#keep}: drops scope ownership, copying views. */
    Tensor detachOwned() {
        INDArray v = value();
        if (v.isView()) {
            INDArray copy = v.dup();
            Tensor t = new Tensor(copy, function, requiresGrad, true);
            return t;
        }
        return this;
    }

    private String releasedDescription() {
        if (releasedFrom == null && releasedShape != null) {
            releasedFrom = Arrays.toString(releasedShape) + (releasedBy != null ? " made by " + releasedBy.name() : "");
        }
        return releasedFrom;
    }

    /** Releases this tensor's memory (scope close). */
    void release() {
        INDArray v = value;
        if (v == null) {
            return;
        }
        // the message is built only if the tensor is used after release (release is on every step's hot path)
        releasedShape = v.shape();
        releasedBy = function;
        value = null;
        function = null;
        if (owned) {
            ArrayPool.recycle(v);
        }
    }

    /**
     * Accumulates d(this)/d(leaf) into every {@link #variable} leaf's {@link #grad()}. This tensor must be a scalar.
     */
    public void backward() {
        Autodiff.backward(this, null);
    }

    /**
     * @param gradOutput the vector in the vector-Jacobian product, shape of this tensor
     */
    public void backward(Tensor gradOutput) {
        Autodiff.backward(this, gradOutput);
    }

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    /** @param b addend (broadcast) @return this + b */
    public Tensor add(Tensor b) {
        return Arithmetic.add(this, b);
    }

    /** @param b subtrahend (broadcast) @return this − b */
    public Tensor sub(Tensor b) {
        return Arithmetic.sub(this, b);
    }

    /** @param b factor (broadcast) @return this ⊙ b */
    public Tensor mul(Tensor b) {
        return Arithmetic.mul(this, b);
    }

    /** @param b divisor (broadcast) @return this / b */
    public Tensor div(Tensor b) {
        return Arithmetic.div(this, b);
    }

    /** @param c a constant @return this + c */
    public Tensor add(double c) {
        return Arithmetic.addScalar(this, c);
    }

    /** @param c a constant @return this − c */
    public Tensor sub(double c) {
        return Arithmetic.addScalar(this, -c);
    }

    /** @param c a constant @return c − this */
    public Tensor rsub(double c) {
        return Arithmetic.addScalar(Arithmetic.mulScalar(this, -1), c);
    }

    /** @param c a constant @return c · this */
    public Tensor mul(double c) {
        return Arithmetic.mulScalar(this, c);
    }

    /** @param c a non-zero constant @return this / c */
    public Tensor div(double c) {
        if (c == 0) {
            throw InvalidConfigException.of("divisor", "non-zero", c);
        }
        return Arithmetic.mulScalar(this, 1.0 / c);
    }

    /** @return −this */
    public Tensor neg() {
        return Arithmetic.mulScalar(this, -1);
    }

    /** @return this² elementwise */
    public Tensor square() {
        return Unary.square(this);
    }

    /** @param p the exponent @return this^p elementwise */
    public Tensor pow(double p) {
        return Unary.pow(this, p);
    }

    /** @return √this */
    public Tensor sqrt() {
        return Unary.sqrt(this);
    }

    /** @return e^this */
    public Tensor exp() {
        return Unary.exp(this);
    }

    /** @return ln this */
    public Tensor log() {
        return Unary.log(this);
    }

    /** @return ln(1 + this) */
    public Tensor log1p() {
        return Unary.log1p(this);
    }

    /** @return |this| (subgradient 0 at 0) */
    public Tensor abs() {
        return Unary.abs(this);
    }

    /** @param lo lower bound @param hi upper bound @return this clamped to [lo, hi]; gradient 0 outside */
    public Tensor clamp(double lo, double hi) {
        return Unary.clamp(this, lo, hi);
    }

    /** @return sin this */
    public Tensor sin() {
        return Unary.sin(this);
    }

    /** @return cos this */
    public Tensor cos() {
        return Unary.cos(this);
    }

    /**
     * @return arccos of this clamped to [−1, 1]; the gradient −1/√(1−x²) is bounded by clamping 1−x² at 1e-12
     *     (float64) or 1e-6 (float32), so antipodes and identical points give no NaN
     */
    public Tensor acos() {
        return Unary.acos(this);
    }

    /** @return the standard normal CDF Φ(this) = ½ erfc(−this/√2), accurate in both tails; Φ' = φ */
    public Tensor normalCdf() {
        return Special.normalCdf(this);
    }

    /** @return the standard normal density φ(this) = e^{−this²/2}/√(2π); φ'(x) = −x φ(x) */
    public Tensor normalPdf() {
        return Special.normalPdf(this);
    }

    // ---------------------------------------------------------------- activations

    /** @return tanh this */
    public Tensor tanh() {
        return Activations.tanh(this);
    }

    /** @return σ(this) = 1/(1 + e^−this) */
    public Tensor sigmoid() {
        return Activations.sigmoid(this);
    }

    /** @return ln(1 + e^this), computed without overflow */
    public Tensor softplus() {
        return Activations.softplus(this);
    }

    /** @return this · σ(this) (SiLU, also called swish) */
    public Tensor silu() {
        return Activations.silu(this);
    }

    /** @return max(this, 0) */
    public Tensor relu() {
        return Activations.relu(this);
    }

    /** @param alpha the negative saturation @return this if &gt; 0, else alpha(e^this − 1) */
    public Tensor elu(double alpha) {
        return Activations.elu(this, alpha);
    }

    // ---------------------------------------------------------------- linear algebra

    /** @param b right operand, [k, n] @return this·b for this [m, k] */
    public Tensor matmul(Tensor b) {
        return LinAlg.matmul(this, b, false, false);
    }

    /**
     * @param b          right operand
     * @param transposeA use thisᵀ
     * @param transposeB use bᵀ
     * @return op(this)·op(b), with no transposed copy materialised
     */
    public Tensor matmul(Tensor b, boolean transposeA, boolean transposeB) {
        return LinAlg.matmul(this, b, transposeA, transposeB);
    }

    /** @return the transpose of a matrix (a copy in c order) */
    public Tensor t() {
        return Shapes.transpose(this);
    }

    // ---------------------------------------------------------------- shapes

    /** @param shape the new shape, same element count @return the reshaped tensor */
    public Tensor reshape(long... shape) {
        return Shapes.reshape(this, shape);
    }

    /**
     * @param axis   the axis
     * @param start  first index
     * @param length how many
     * @return the slice {@code [start, start + length)} along {@code axis}
     */
    public Tensor narrow(int axis, long start, long length) {
        return Shapes.narrow(this, axis, start, length);
    }

    /**
     * PyTorch's {@code x.select(dim, index)}, i.e. {@code x[:, index]} for {@code dim = 1}: one index along
     * {@code dim}, which is dropped.
     *
     * @param dim   the axis, negative counts from the end
     * @param index the position along it, negative counts from the end
     * @return the tensor of rank {@code rank() - 1}
     * @throws io.github.flows4j.core.ShapeMismatchException if the axis or the index is out of range
     */
    public Tensor select(int dim, long index) {
        return Shapes.select(this, dim, index);
    }

    /**
     * PyTorch's {@code x[from:to]} along {@code dim} ({@code x.narrow(dim, from, to - from)}).
     *
     * @param dim  the axis, negative counts from the end
     * @param from first index, inclusive; negative counts from the end
     * @param to   last index, exclusive; negative counts from the end
     * @return the slice, {@code dim} of size {@code to - from}
     * @throws io.github.flows4j.core.ShapeMismatchException if the range is outside the axis
     */
    public Tensor slice(int dim, long from, long to) {
        return Shapes.slice(this, dim, from, to);
    }

    /**
     * @param dim a size-1 axis, negative counts from the end
     * @return this without that axis
     * @throws io.github.flows4j.core.ShapeMismatchException if the axis does not have size 1 (PyTorch would return the
     *     tensor unchanged; here it is an error, which is almost always what such a call means)
     */
    public Tensor squeeze(int dim) {
        return Shapes.squeeze(this, dim);
    }

    /** @return this without any size-1 axis (a one-element tensor becomes rank 0) */
    public Tensor squeeze() {
        return Shapes.squeezeAll(this);
    }

    /**
     * @param dim where the new size-1 axis goes, in {@code [-rank() - 1, rank()]}
     * @return this with a size-1 axis inserted at {@code dim}
     */
    public Tensor unsqueeze(int dim) {
        return Shapes.unsqueeze(this, dim);
    }

    /** @param shape a shape this broadcasts to @return this repeated to {@code shape} */
    public Tensor broadcastTo(long... shape) {
        return Shapes.broadcastTo(this, shape);
    }

    /** @param shape a shape that broadcasts to this one @return this summed down to {@code shape} */
    public Tensor sumTo(long... shape) {
        return Shapes.sumTo(this, shape);
    }

    /** @param type the target type @return this converted (gradients are converted back) */
    public Tensor cast(DataType type) {
        return Shapes.cast(this, type);
    }

    /** @param indices rows to take along axis 0 (repeats allowed) @return the selected rows */
    public Tensor indexSelect(int[] indices) {
        return Indexing.indexSelect(this, indices);
    }

    // ---------------------------------------------------------------- reductions
    //
    // One argument order for every reduction (PyTorch's x.sum(dim, keepdim)): the axes first, then keepDims.
    //   r()                        every element, rank 0
    //   r(int axis)                one axis, dropped
    //   r(int axis, boolean keep)  one axis, kept as size 1 if keep
    //   r(int[] axes, boolean keep) several axes (an empty array means every axis)
    // Negative axes count from the end.

    /** @return the sum of all elements, rank 0 */
    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    /** @param axis the axis @return the sum over {@code axis}, which is dropped */
    public Tensor sum(int axis) {
        return Reductions.sum(this, false, axis);
    }

    /** @param axis the axis @param keepDims keep it as size 1 @return the sum over {@code axis} */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.sum(this, keepDims, axis);
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return the sum over {@code axes} */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, keepDims, axes);
    }

    /** @return the mean of all elements, rank 0 */
    public Tensor mean() {
        return Reductions.sumAll(this).mul(1.0 / length());
    }

    /** @param axis the axis @return the mean over {@code axis}, which is dropped */
    public Tensor mean(int axis) {
        return mean(new int[] {axis}, false);
    }

    /** @param axis the axis @param keepDims keep it as size 1 @return the mean over {@code axis} */
    public Tensor mean(int axis, boolean keepDims) {
        return mean(new int[] {axis}, keepDims);
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return the mean over {@code axes} */
    public Tensor mean(int[] axes, boolean keepDims) {
        int[] a = Reductions.reduceAxes("mean", this, axes);
        long n = 1;
        long[] s = shape();
        for (int ax : a) {
            n *= s[ax];
        }
        return Reductions.sum(this, keepDims, a).mul(1.0 / n);
    }

    /** @return the largest element, rank 0 (ties share the gradient) */
    public Tensor max() {
        return Reductions.max(this, false);
    }

    /** @param axis the axis @return the maximum over {@code axis}, which is dropped (ties share the gradient) */
    public Tensor max(int axis) {
        return Reductions.max(this, false, axis);
    }

    /** @param axis the axis @param keepDims keep it as size 1 @return the maximum (ties share the gradient) */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.max(this, keepDims, axis);
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return the maximum over {@code axes} */
    public Tensor max(int[] axes, boolean keepDims) {
        return Reductions.max(this, keepDims, axes);
    }

    /** @return the smallest element, rank 0 (ties share the gradient) */
    public Tensor min() {
        return neg().max().neg();
    }

    /** @param axis the axis @return the minimum over {@code axis}, which is dropped (ties share the gradient) */
    public Tensor min(int axis) {
        return neg().max(axis).neg();
    }

    /** @param axis the axis @param keepDims keep it as size 1 @return the minimum (ties share the gradient) */
    public Tensor min(int axis, boolean keepDims) {
        return neg().max(axis, keepDims).neg();
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return the minimum over {@code axes} */
    public Tensor min(int[] axes, boolean keepDims) {
        return neg().max(axes, keepDims).neg();
    }

    /** @return log Σ exp over every element, rank 0, computed stably */
    public Tensor logsumexp() {
        return Reductions.logsumexp(this, false);
    }

    /** @param axis the axis @return log Σ exp over {@code axis}, which is dropped */
    public Tensor logsumexp(int axis) {
        return Reductions.logsumexp(this, false, axis);
    }

    /** @param axis the axis @param keepDims keep it as size 1 @return log Σ exp, computed stably */
    public Tensor logsumexp(int axis, boolean keepDims) {
        return Reductions.logsumexp(this, keepDims, axis);
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return log Σ exp over {@code axes} */
    public Tensor logsumexp(int[] axes, boolean keepDims) {
        return Reductions.logsumexp(this, keepDims, axes);
    }

    /** @param axis the axis @return the softmax along {@code axis} */
    public Tensor softmax(int axis) {
        return sub(logsumexp(axis, true)).exp();
    }

    /** @param axis the axis @return the log-softmax along {@code axis} */
    public Tensor logSoftmax(int axis) {
        return sub(logsumexp(axis, true));
    }

    /** @return the Euclidean (Frobenius) norm of all elements, rank 0; its gradient at 0 is 0 */
    public Tensor norm() {
        return Reductions.norm(this, false);
    }

    /** @param axis the axis @return the Euclidean norm over {@code axis}, which is dropped; gradient 0 at 0 */
    public Tensor norm(int axis) {
        return Reductions.norm(this, false, axis);
    }

    /**
     * @param axis     the axis
     * @param keepDims keep it as size 1
     * @return the Euclidean norm along {@code axis}; its gradient at 0 is 0
     */
    public Tensor norm(int axis, boolean keepDims) {
        return Reductions.norm(this, keepDims, axis);
    }

    /** @param axes the axes (empty: all) @param keepDims keep them as size 1 @return the Euclidean norm */
    public Tensor norm(int[] axes, boolean keepDims) {
        return Reductions.norm(this, keepDims, axes);
    }

    /** @param axis the axis @return the running sum along {@code axis} */
    public Tensor cumsum(int axis) {
        return Reductions.cumsum(this, axis);
    }

    // ---------------------------------------------------------------- static ops

    /**
     * @param axis    the axis
     * @param tensors tensors of one type whose shapes agree except along {@code axis}
     * @return their concatenation
     */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Shapes.concat(axis, tensors);
    }

    /**
     * PyTorch's {@code torch.stack(tensors, dim)}: the tensors joined along a new axis.
     *
     * @param dim     where the new axis goes, in {@code [-rank - 1, rank]}
     * @param tensors tensors of one type and one shape
     * @return shape of the tensors with {@code tensors.length} inserted at {@code dim}
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes differ
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Shapes.stack(dim, tensors);
    }

    /**
     * @param t     the tensor
     * @param axis  the axis
     * @param sizes sizes of the pieces, summing to {@code t.size(axis)}
     * @return the pieces
     */
    public static Tensor[] split(Tensor t, int axis, long... sizes) {
        return Shapes.split(t, axis, sizes);
    }

    /**
     * @param mask a 0/1 array broadcastable with a and b (no gradient flows to it)
     * @param a    taken where mask is 1
     * @param b    taken where mask is 0
     * @return elementwise selection
     */
    public static Tensor where(INDArray mask, Tensor a, Tensor b) {
        return Unary.where(mask, a, b);
    }

    /** @param y ordinate @param x abscissa @return atan2(y, x) elementwise */
    public static Tensor atan2(Tensor y, Tensor x) {
        return Unary.atan2(y, x);
    }

    /**
     * Scatter-add along axis 0: {@code out[indices[i]] += src[i]}, out of {@code rows} rows.
     *
     * @param rows    the number of output rows
     * @param indices target row per source row
     * @param src     the source rows, [indices.length, ...]
     * @return the accumulated rows
     */
    public static Tensor indexAdd(long rows, int[] indices, Tensor src) {
        return Indexing.indexAdd(rows, indices, src);
    }

    /**
     * Fused affine layer {@code x·Wᵀ + b} (PyTorch's {@code nn.Linear} layout).
     *
     * @param x input [batch, in]
     * @param w weight [out, in]
     * @param b bias [out], or {@code null}
     * @return [batch, out]
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return LinAlg.linear(x, w, b);
    }

    /**
     * Prints the values as PyTorch's {@code print(x)} does, then the data type, the shape and how gradients flow:
     * <pre>
     * Tensor([[1.0000, 2.5000],
     *         [3.0000, 4.0000]], dtype=DOUBLE, shape=[2, 2], requiresGrad=true)
     * </pre>
     * Past 1000 elements only the first and last 3 entries of each axis are printed, around {@code ...}.
     * A recorded result adds {@code fn=<op>}; a released tensor prints only where it was made.
     *
     * @return the description
     */
    @Override
    public String toString() {
        if (value == null) {
            return "Tensor(released " + releasedDescription() + ")";
        }
        if (base != null && base.value == null) {
            return "Tensor(released " + base.releasedDescription() + " (through a detached alias))";
        }
        INDArray v = value();
        String prefix = "Tensor(";
        return prefix + TensorFormat.of(this, prefix.length()) + ", dtype=" + v.dataType() + ", shape="
                + Arrays.toString(v.shape()) + ", requiresGrad=" + requiresGrad
                + (function != null ? ", fn=" + function.name() : "") + ")";
    }
}
