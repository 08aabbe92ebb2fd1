package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.Kernels;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 2-D convolution (cross-correlation) {@code y[n, o, i, j] = b[o] + Σ_{c, p, q} W[o, c, p, q] ·
 * x[n, c, i·s_h + p − pad_h, j·s_w + q − pad_w]} in PyTorch's {@code nn.Conv2d} layout (NCHW) and default
 * initialisation: {@code W [out, in, kh, kw]} and {@code b [out]} drawn from {@code U(−1/√fanIn, 1/√fanIn)} with
 * {@code fanIn = in·kh·kw}; zero padding. Parameters are named {@code weight} and {@code bias}. The output is
 * {@code [batch, out, (H + 2·pad_h − kh)/s_h + 1, (W + 2·pad_w − kw)/s_w + 1]} (rounded down).
 *
 * <p>It is computed as im2col (ND4J's native op) followed by one matrix product ({@link Tensor#matmul}) and a
 * permutation. The
 * im2col op and its adjoint col2im are tape ops whose backward passes are each other, so gradients of every order
 * flow through the layer (input, weight and bias), as through {@link Linear}.
 *
 * <pre>{@code
 * Conv2d conv = Conv2d.builder(1, 8).kernel(3).stride(2).padding(1).dtype(DataType.FLOAT).build(Rng.seeded(0));
 * Tensor y = conv.forward(x);               // x: [batch, 1, 28, 28] -> y: [batch, 8, 14, 14]
 * }</pre>
 */
public final class Conv2d extends Module implements Layer {
    private final int in;
    private final int out;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final Tensor weight;
    private final Tensor bias;

    private Conv2d(Builder b, Rng rng) {
        this.in = b.in;
        this.out = b.out;
        this.kh = b.kh;
        this.kw = b.kw;
        this.sh = b.sh;
        this.sw = b.sw;
        this.ph = b.ph;
        this.pw = b.pw;
        double bound = 1.0 / Math.sqrt((double) in * kh * kw);
        this.weight = registerParameter("weight", rng.uniform(-bound, bound, b.dtype, out, in, kh, kw));
        this.bias = b.bias ? registerParameter("bias", rng.uniform(-bound, bound, b.dtype, out)) : null;
    }

    /**
     * @param in  input channels, &ge; 1
     * @param out output channels, &ge; 1
     * @return a builder: kernel 3×3, stride 1, padding 0, bias, FLOAT unless changed
     */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    /**
     * @param x {@code [batch, in, H, W]}, of this layer's data type, with {@code H + 2·pad_h ≥ kh} and
     *          {@code W + 2·pad_w ≥ kw}
     * @return {@code [batch, out, H', W']}
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, in, H, W]} or is smaller than the kernel
     * @throws io.github.flows4j.core.DTypeMismatchException if {@code x} has another data type
     */
    @Override
    public Tensor forward(Tensor x) {
        long[] s = x.shape();
        if (s.length != 4 || s[1] != in) {
            throw ShapeMismatchException.of("x", "[batch, " + in + ", H, W]", s);
        }
        int n = (int) s[0];
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = outputSize(h, kh, sh, ph);
        int ow = outputSize(w, kw, sw, pw);
        if (oh < 1 || ow < 1) {
            throw ShapeMismatchException.of("x", "[batch, " + in + ", H, W] with H + 2·" + ph + " >= " + kh
                    + " and W + 2·" + pw + " >= " + kw, s);
        }
        Geometry g = new Geometry(n, in, h, w, kh, kw, sh, sw, ph, pw, oh, ow);
        Tensor wmat = weight.reshape(out, (long) in * kh * kw);
        return convolve(x, wmat, bias, g, out);
    }

    /**
     * y = W·im2col(x) + b in [n, out, oh, ow] layout, as one tape op that keeps only its inputs: the patch matrix
     * (often the largest array of a training step, in·kh·kw times the input) is made, used and freed here, and made
     * again by the backward pass, which needs it for the weights' gradient. The backward pass is written in tape ops
     * (im2col, col2im, matmul, permute), so it is differentiable again. The numbers are those of the op-by-op
     * formula: the same GEMM, bias addition and copies.
     */
    private static Tensor convolve(Tensor x, Tensor wmat, Tensor bias, Geometry g, int out) {
        INDArray img = x.value().ordering() == 'c' ? x.value() : x.value().dup('c');
        INDArray cols = patchMatrix(img, g);                                     // [in·kh·kw, n·oh·ow]
        if (img != x.value()) {
            img.close();
        }
        INDArray y = Nd4j.createUninitialized(cols.dataType(), out, g.rows());  // [out, n·oh·ow]
        Kernels.get().gemm(wmat.value(), cols, y, false, false, 1.0, 0.0);
        cols.close();
        if (bias != null) {
            y.addiColumnVector(bias.value().reshape(out, 1));
        }
        long positions = (long) g.oh() * g.ow();
        INDArray result = Nd4j.createUninitialized(y.dataType(), g.n(), out, g.oh(), g.ow());
        result.reshape('c', g.n(), out, positions).assign(y.reshape('c', out, g.n(), positions).permute(1, 0, 2));
        y.close();
        Tensor[] inputs = bias == null ? new Tensor[] {x, wmat} : new Tensor[] {x, wmat, bias};
        return Tensor.fromFunction(result, new Convolution(inputs, g, out));
    }

    private static final class Convolution extends Function {
        private final Geometry g;
        private final int out;

        Convolution(Tensor[] inputs, Geometry g, int out) {
            super(inputs);
            this.g = g;
            this.out = out;
        }

        @Override
        public String name() {
            return "conv2d";
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            Tensor x = input(0);
            Tensor wmat = input(1);
            Tensor gy = permute(gradOutput.reshape(g.n(), out, (long) g.oh() * g.ow()), 1, 0, 2)
                    .reshape(out, g.rows());                                     // [out, n·oh·ow]
            Tensor[] grads = new Tensor[needs.length];
            if (needs[0]) {
                grads[0] = col2im(wmat.matmul(gy, true, false), g);
            }
            if (needs[1]) {
                grads[1] = gy.matmul(im2col(x, g), false, true);
            }
            if (needs.length > 2 && needs[2]) {
                grads[2] = gy.sumTo(out, 1).reshape(out);
            }
            return grads;
        }
    }

    private static int outputSize(int size, int k, int stride, int pad) {
        int span = size + 2 * pad - k;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** @return the weight, {@code [out, in, kh, kw]} */
    public Tensor weight() {
        return weight;
    }

    /** @return the bias, {@code [out]}, or {@code null} if this layer has none */
    public Tensor bias() {
        return bias;
    }

    /** @return the number of input channels */
    public int inChannels() {
        return in;
    }

    /** @return the number of output channels */
    public int outChannels() {
        return out;
    }

    /**
     * @param h input height
     * @param w input width
     * @return {@code {H', W'}}, the output's spatial size for an input of {@code h × w}
     */
    public int[] outputSize(int h, int w) {
        return new int[] {outputSize(h, kh, sh, ph), outputSize(w, kw, sw, pw)};
    }

    @Override
    public String toString() {
        return "Conv2d(in=" + in + ", out=" + out + ", kernel=" + kh + "x" + kw + ", stride=" + sh + "x" + sw
                + ", padding=" + ph + "x" + pw + ", bias=" + (bias != null) + ", " + weight.dtype() + ")";
    }

    // ---------------------------------------------------------------- im2col / col2im as tape ops

    /** Sizes of one convolution: input {@code [n, c, h, w]}, kernel, stride, padding, output {@code oh × ow}. */
    private record Geometry(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
            int oh, int ow) {
        long rows() {
            return (long) n * oh * ow;
        }

        long cols() {
            return (long) c * kh * kw;
        }
    }

    /**
     * {@code [n, c, h, w]} to the patch matrix {@code [c·kh·kw, n·oh·ow]}, by ND4J's native im2col and one permutation
     * whose innermost axis ({@code oh·ow}) stays contiguous (a 6-D permutation to {@code [n·oh·ow, c·kh·kw]} copies
     * 2–3 times slower).
     */
    static Tensor im2col(Tensor x, Geometry g) {
        INDArray img = x.value().ordering() == 'c' ? x.value() : x.value().dup('c');
        INDArray v = patchMatrix(img, g);
        if (img != x.value()) {
            img.close();
        }
        return Tensor.fromFunction(v, new Im2Col(x, g));
    }

    /** @return the patch matrix [c·kh·kw, n·oh·ow] of a c-ordered image batch, a fresh array */
    private static INDArray patchMatrix(INDArray img, Geometry g) {
        INDArray patches = Nd4j.create(img.dataType(), g.n(), g.c(), g.kh(), g.kw(), g.oh(), g.ow());
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(img).addOutputs(patches)
                .addIntegerArguments(g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(), 1, 1, 0).build());
        long positions = (long) g.oh() * g.ow();
        // written into an array of the result's own shape: a reshaped copy would be a view, which the step's
        // TensorScope cannot release, leaving the patch matrix (often the largest array of a step) to the GC
        INDArray v = Nd4j.createUninitialized(img.dataType(), g.cols(), g.rows());
        v.reshape('c', g.cols(), g.n(), positions).assign(patches.reshape(g.n(), g.cols(), positions)
                .permute(1, 0, 2));
        // the 6-D patches (and a c-ordered copy of the input) are as large as the result: released now, not by the GC
        patches.close();
        return v;
    }

    /** The adjoint of {@link #im2col}: sums each patch entry back into its pixel, by ND4J's native col2im. */
    static Tensor col2im(Tensor cols, Geometry g) {
        INDArray c = cols.value().ordering() == 'c' ? cols.value() : cols.value().dup('c');
        INDArray permuted = c.reshape('c', g.cols(), g.n(), (long) g.oh() * g.ow()).permute(1, 0, 2).dup('c');
        INDArray patches = permuted.reshape(g.n(), g.c(), g.kh(), g.kw(), g.oh(), g.ow());
        INDArray v = Nd4j.create(patches.dataType(), g.n(), g.c(), g.h(), g.w());
        Nd4j.exec(DynamicCustomOp.builder("col2im").addInputs(patches).addOutputs(v)
                .addIntegerArguments(g.sh(), g.sw(), g.ph(), g.pw(), g.h(), g.w(), 1, 1, 0).build());
        permuted.close();                          // as large as the patches: released now, not by the GC
        if (c != cols.value()) {
            c.close();
        }
        return Tensor.fromFunction(v, new Col2Im(cols, g));
    }

    private static final class Im2Col extends Function {
        private final Geometry g;

        Im2Col(Tensor x, Geometry g) {
            super(x);
            this.g = g;
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            return new Tensor[] {col2im(gradOutput, g)};
        }
    }

    private static final class Col2Im extends Function {
        private final Geometry g;

        Col2Im(Tensor cols, Geometry g) {
            super(cols);
            this.g = g;
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            return new Tensor[] {im2col(gradOutput, g)};
        }
    }

    static Tensor permute(Tensor x, int... axes) {
        INDArray v = x.value().permute(axes).dup('c');
        return Tensor.fromFunction(v, new Permute(x, axes));
    }

    private static final class Permute extends Function {
        private final int[] axes;

        Permute(Tensor x, int[] axes) {
            super(x);
            this.axes = axes.clone();
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            int[] inverse = new int[axes.length];
            for (int i = 0; i < axes.length; i++) {
                inverse[axes[i]] = i;
            }
            return new Tensor[] {permute(gradOutput, inverse)};
        }
    }

    /** Builds a {@link Conv2d}; every value is validated in {@link #build(Rng)}. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int kh = 3;
        private int kw = 3;
        private int sh = 1;
        private int sw = 1;
        private int ph;
        private int pw;
        private boolean bias = true;
        private DataType dtype = DataType.FLOAT;

        private Builder(int in, int out) {
            this.in = in;
            this.out = out;
        }

        /** @param size a square kernel, &ge; 1 (default 3) @return this */
        public Builder kernel(int size) {
            return kernel(size, size);
        }

        /** @param height kernel height, &ge; 1 @param width kernel width, &ge; 1 @return this */
        public Builder kernel(int height, int width) {
            this.kh = height;
            this.kw = width;
            return this;
        }

        /** @param value the stride in both directions, &ge; 1 (default 1) @return this */
        public Builder stride(int value) {
            return stride(value, value);
        }

        /** @param height vertical stride, &ge; 1 @param width horizontal stride, &ge; 1 @return this */
        public Builder stride(int height, int width) {
            this.sh = height;
            this.sw = width;
            return this;
        }

        /** @param value zero padding on every side, &ge; 0 (default 0) @return this */
        public Builder padding(int value) {
            return padding(value, value);
        }

        /** @param height rows of zeros above and below, &ge; 0 @param width columns left and right, &ge; 0 @return this */
        public Builder padding(int height, int width) {
            this.ph = height;
            this.pw = width;
            return this;
        }

        /** @param value whether to add a bias (default true) @return this */
        public Builder bias(boolean value) {
            this.bias = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            this.dtype = value;
            return this;
        }

        /**
         * @param rng the source of the initial values
         * @return the layer
         * @throws InvalidConfigException naming the first value that breaks its rule
         */
        public Conv2d build(Rng rng) {
            positive("in", in);
            positive("out", out);
            positive("kernel height", kh);
            positive("kernel width", kw);
            positive("stride height", sh);
            positive("stride width", sw);
            if (ph < 0) {
                throw InvalidConfigException.of("padding height", ">= 0", ph);
            }
            if (pw < 0) {
                throw InvalidConfigException.of("padding width", ">= 0", pw);
            }
            Linear.checkDtype(dtype);
            Checks.notNull("rng", rng);
            return new Conv2d(this, rng);
        }

        private static void positive(String field, int value) {
            if (value < 1) {
                throw InvalidConfigException.of(field, ">= 1", value);
            }
        }
    }
}
