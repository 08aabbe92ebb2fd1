package io.github.flows4j.core.kernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CPU kernels as plain Java loops over ND4J's zero-copy buffers. Data moves through small per-thread scratch
 * arrays in chunks, so the loops run on Java arrays the JIT vectorises, with no allocation per call beyond the
 * result. Float32 tanh uses a rational minimax approximation and float32 exp a range-reduced polynomial, both
 * branch-free so the JIT vectorises them; sigmoid, SiLU and softplus derive from them; float64 uses {@link Math}. Arrays that are not dense, and broadcast patterns other than scalar,
 * row-vector and column-vector, fall back to {@link Nd4jKernels}.
 *
 * <pre>{@code
 * Kernels k = new JavaKernels();
 * INDArray y = k.silu(x);
 * }</pre>
 */
public final class JavaKernels implements Kernels {
    static final int CHUNK = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private final Nd4jKernels fallback = new Nd4jKernels();

    /** Per-thread scratch arrays. */
    static final class Scratch {
        final float[] fa = new float[CHUNK];
        final float[] fb = new float[CHUNK];
        final float[] fc = new float[CHUNK];
        final float[] fd = new float[CHUNK];
        final float[] fe = new float[CHUNK];
        final double[] da = new double[CHUNK];
        final double[] db = new double[CHUNK];
        final double[] dc = new double[CHUNK];
        final double[] dd = new double[CHUNK];
        final double[] de = new double[CHUNK];
        /** The same arrays by slot index, for {@link #sameShape}. */
        final float[][] f = {fa, fb, fc, fd, fe};
        final double[][] d = {da, db, dc, dd, de};
    }

    /** Float kernel on chunks: out[i] = f(a[i], b[i]) for i &lt; n. */
    interface F2 {
        void apply(float[] a, float[] b, float[] out, int n);
    }

    /** Double kernel on chunks. */
    interface D2 {
        void apply(double[] a, double[] b, double[] out, int n);
    }

    /** Float kernel on chunks: out[i] = f(a[i], b[i], c[i]) for i &lt; n. */
    interface F3 {
        void apply(float[] a, float[] b, float[] c, float[] out, int n);
    }

    /** Double kernel on chunks. */
    interface D3 {
        void apply(double[] a, double[] b, double[] c, double[] out, int n);
    }

    /** Float kernel on chunks: out[i] = f(a[i], b[i], c[i], d[i]) for i &lt; n. */
    interface F4 {
        void apply(float[] a, float[] b, float[] c, float[] d, float[] out, int n);
    }

    /** Double kernel on chunks. */
    interface D4 {
        void apply(double[] a, double[] b, double[] c, double[] d, double[] out, int n);
    }

    private static boolean ok(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && Buffers.isDense(a) && a.length() > 0;
    }

    // ------------------------------------------------------------------ unary driver

    private INDArray unary(INDArray x, F2 f, D2 d) {
        // slot 1 is scratch the kernel may use (exp's range reduction does)
        return sameShape(new INDArray[] {x}, 2, (v, n) -> f.apply(v[0], v[1], v[2], n),
                (v, n) -> d.apply(v[0], v[1], v[2], n));
    }

    /** Same-shape binary op. */
    private INDArray binarySame(INDArray a, INDArray b, F2 f, D2 d) {
        return sameShape(new INDArray[] {a, b}, 2, (v, n) -> f.apply(v[0], v[1], v[2], n),
                (v, n) -> d.apply(v[0], v[1], v[2], n));
    }

    /** Same-shape ternary op. */
    private INDArray ternarySame(INDArray a, INDArray b, INDArray c, F3 f, D3 d) {
        return sameShape(new INDArray[] {a, b, c}, 3, (v, n) -> f.apply(v[0], v[1], v[2], v[3], n),
                (v, n) -> d.apply(v[0], v[1], v[2], v[3], n));
    }

    /** Same-shape four-operand op. */
    private INDArray quaternarySame(INDArray a, INDArray b, INDArray c, INDArray d, F4 f, D4 g) {
        return sameShape(new INDArray[] {a, b, c, d}, 4, (v, n) -> f.apply(v[0], v[1], v[2], v[3], v[4], n),
                (v, n) -> g.apply(v[0], v[1], v[2], v[3], v[4], n));
    }

    /** A kernel over the scratch slots of one chunk: inputs in the first slots, the result in slot {@code out}. */
    private interface FloatSlots {
        void apply(float[][] slots, int n);
    }

    /** Double twin of {@link FloatSlots}. */
    private interface DoubleSlots {
        void apply(double[][] slots, int n);
    }

    /**
     * The one chunk loop behind every same-shape op: copies chunk {@code i} of each input into scratch slot
     * {@code i}, runs the kernel, and copies slot {@code out} into the result.
     */
    private static INDArray sameShape(INDArray[] in, int out, FloatSlots f, DoubleSlots d) {
        INDArray result = ArrayPool.uninitialized(in[0].dataType(), in[0].shape());
        int n = (int) in[0].length();
        if (in[0].dataType() == DataType.FLOAT) {
            FloatBuffer[] src = new FloatBuffer[in.length];
            for (int j = 0; j < in.length; j++) {
                src[j] = Buffers.floats(in[j]);
            }
            FloatBuffer dst = Buffers.floats(result);
            KernelPool.forRanges(n, CHUNK, (from, to) -> {
                Scratch s = SCRATCH.get();
                for (int off = from; off < to; off += CHUNK) {
                    int m = Math.min(CHUNK, to - off);
                    for (int j = 0; j < src.length; j++) {
                        src[j].get(off, s.f[j], 0, m);
                    }
                    f.apply(s.f, m);
                    dst.put(off, s.f[out], 0, m);
                }
            });
        } else {
            DoubleBuffer[] src = new DoubleBuffer[in.length];
            for (int j = 0; j < in.length; j++) {
                src[j] = Buffers.doubles(in[j]);
            }
            DoubleBuffer dst = Buffers.doubles(result);
            KernelPool.forRanges(n, CHUNK, (from, to) -> {
                Scratch s = SCRATCH.get();
                for (int off = from; off < to; off += CHUNK) {
                    int m = Math.min(CHUNK, to - off);
                    for (int j = 0; j < src.length; j++) {
                        src[j].get(off, s.d[j], 0, m);
                    }
                    d.apply(s.d, m);
                    dst.put(off, s.d[out], 0, m);
                }
            });
        }
        return result;
    }

    private static boolean sameThree(INDArray a, INDArray b, INDArray c) {
        return ok(a) && ok(b) && ok(c) && Arrays.equals(a.shape(), b.shape()) && Arrays.equals(a.shape(), c.shape())
                && a.dataType() == b.dataType() && a.dataType() == c.dataType();
    }

    /**
     * Binary op where {@code small} broadcasts against {@code big} as a scalar, a trailing row vector or a
     * column [n, 1] against [n, d]; {@code swapped} means the op's left operand is {@code small}.
     * Returns null if the pattern is not one of these.
     */
    private INDArray binaryBroadcast(INDArray big, INDArray small, boolean swapped, F2 f, D2 d) {
        long[] bs = big.shape();
        long[] ss = small.shape();
        int n = (int) big.length();
        int kind; // 0 scalar, 1 row (pattern of period p), 2 column (each value repeated p times)
        int p;
        if (small.length() == 1) {
            kind = 0;
            p = 1;
        } else if (isRowPattern(bs, ss)) {
            kind = 1;
            p = (int) small.length();
        } else if (bs.length == 2 && ss.length == 2 && ss[0] == bs[0] && ss[1] == 1) {
            kind = 2;
            p = (int) bs[1];
        } else {
            return null;
        }
        if (kind == 1 && p > CHUNK) {
            return null;
        }
        INDArray out = ArrayPool.uninitialized(big.dataType(), bs);
        // chunk length: a multiple of the row period for kind 1
        int chunk = kind == 1 ? (CHUNK / p) * p : CHUNK;
        if (big.dataType() == DataType.FLOAT) {
            float[] smallF = new float[(int) small.length()];
            Buffers.floats(small).get(0, smallF);
            FloatBuffer in = Buffers.floats(big);
            FloatBuffer os = Buffers.floats(out);
            KernelPool.forRanges(n, chunk, (from, to) -> {
                Scratch s = SCRATCH.get();
                if (kind != 2) {
                    // the pattern is the same for every chunk (each share starts on a multiple of the period)
                    for (int i = 0; i < chunk; i++) {
                        s.fb[i] = smallF[kind == 0 ? 0 : i % p];
                    }
                }
                for (int off = from; off < to; off += chunk) {
                    int m = Math.min(chunk, to - off);
                    in.get(off, s.fa, 0, m);
                    if (kind == 2) {
                        for (int i = 0; i < m; i++) {
                            s.fb[i] = smallF[(off + i) / p];
                        }
                    }
                    if (swapped) {
                        f.apply(s.fb, s.fa, s.fc, m);
                    } else {
                        f.apply(s.fa, s.fb, s.fc, m);
                    }
                    os.put(off, s.fc, 0, m);
                }
            });
        } else {
            double[] smallD = new double[(int) small.length()];
            Buffers.doubles(small).get(0, smallD);
            DoubleBuffer in = Buffers.doubles(big);
            DoubleBuffer os = Buffers.doubles(out);
            KernelPool.forRanges(n, chunk, (from, to) -> {
                Scratch s = SCRATCH.get();
                if (kind != 2) {
                    for (int i = 0; i < chunk; i++) {
                        s.db[i] = smallD[kind == 0 ? 0 : i % p];
                    }
                }
                for (int off = from; off < to; off += chunk) {
                    int m = Math.min(chunk, to - off);
                    in.get(off, s.da, 0, m);
                    if (kind == 2) {
                        for (int i = 0; i < m; i++) {
                            s.db[i] = smallD[(off + i) / p];
                        }
                    }
                    if (swapped) {
                        d.apply(s.db, s.da, s.dc, m);
                    } else {
                        d.apply(s.da, s.db, s.dc, m);
                    }
                    os.put(off, s.dc, 0, m);
                }
            });
        }
        return out;
    }

    /** small = [..1.., d] or [d] matching big's trailing dimension with all leading dims 1. */
    private static boolean isRowPattern(long[] big, long[] small) {
        if (small.length == 0 || big.length == 0 || small.length > big.length) {
            return false;
        }
        if (small[small.length - 1] != big[big.length - 1]) {
            return false;
        }
        for (int i = 0; i < small.length - 1; i++) {
            if (small[i] != 1) {
                return false;
            }
        }
        return true;
    }

    private INDArray binary(INDArray a, INDArray b, F2 f, D2 d, java.util.function.BinaryOperator<INDArray> nd4j) {
        if (ok(a) && ok(b) && a.dataType() == b.dataType()) {
            long[] sa = a.shape();
            long[] sb = b.shape();
            if (Arrays.equals(sa, sb)) {
                return binarySame(a, b, f, d);
            }
            if (a.length() >= b.length() && sa.length >= sb.length) {
                INDArray r = binaryBroadcast(a, b, false, f, d);
                if (r != null) {
                    return r;
                }
            } else if (b.length() > a.length() && sb.length >= sa.length) {
                INDArray r = binaryBroadcast(b, a, true, f, d);
                if (r != null) {
                    return r;
                }
            }
        }
        return nd4j.apply(a, b);
    }

    // ------------------------------------------------------------------ binary ops

    @Override
    public INDArray add(INDArray a, INDArray b) {
        return binary(a, b, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] + y[i];
            }
        }, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] + y[i];
            }
        }, fallback::add);
    }

    @Override
    public INDArray sub(INDArray a, INDArray b) {
        return binary(a, b, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] - y[i];
            }
        }, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] - y[i];
            }
        }, fallback::sub);
    }

    @Override
    public INDArray mul(INDArray a, INDArray b) {
        return binary(a, b, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] * y[i];
            }
        }, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] * y[i];
            }
        }, fallback::mul);
    }

    @Override
    public INDArray div(INDArray a, INDArray b) {
        return binary(a, b, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] / y[i];
            }
        }, (x, y, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = x[i] / y[i];
            }
        }, fallback::div);
    }

    @Override
    public INDArray affine(INDArray x, double scale, double shift) {
        if (!ok(x)) {
            return fallback.affine(x, scale, shift);
        }
        float sf = (float) scale;
        float hf = (float) shift;
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = sf * a[i] + hf;
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = scale * a[i] + shift;
            }
        });
    }

    // ------------------------------------------------------------------ activations

    /**
     * Rational minimax approximation of tanh for float32 (the odd/even polynomial pair Eigen uses), absolute error
     * below 3e-7 and relative error about 1e-7 near zero. Branch-free, so loops over it vectorise.
     */
    static float tanhF(float x) {
        float c = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x));
        float x2 = c * c;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 - 8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = p * c;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    /**
     * e^x for float32 into {@code out}, relative error below 1e-7, in two vectorisable passes: Cody–Waite range
     * reduction x = n ln 2 + r with a degree-6 polynomial for e^r (Cephes' expf coefficients), then scaling by 2^n
     * through the exponent bits. {@code tmp} receives n.
     */
    static void expF(float[] in, float[] out, float[] tmp, int n) {
        for (int i = 0; i < n; i++) {
            float xc = Math.max(-87.3f, Math.min(88.3f, in[i]));
            float m = (xc * 1.44269504f + 12582912f) - 12582912f;   // round(x / ln 2)
            float r = xc - m * 0.693359375f;
            r = r - m * -2.12194440e-4f;
            float p = 1.9875691500E-4f;
            p = p * r + 1.3981999507E-3f;
            p = p * r + 8.3334519073E-3f;
            p = p * r + 4.1665795894E-2f;
            p = p * r + 1.6666665459E-1f;
            p = p * r + 5.0000001201E-1f;
            out[i] = p * r * r + r + 1f;
            tmp[i] = m;
        }
        for (int i = 0; i < n; i++) {
            out[i] *= Float.intBitsToFloat(((int) tmp[i] + 127) << 23);
        }
    }

    /** ln(1 + e) for e in [0, 1]: 2 atanh(e / (2 + e)) by its odd series, relative error below 2e-7. */
    static float log1pUnit(float e) {
        float s = e / (2f + e);
        float s2 = s * s;
        float q = 1f / 13f;
        q = q * s2 + 1f / 11f;
        q = q * s2 + 1f / 9f;
        q = q * s2 + 1f / 7f;
        q = q * s2 + 1f / 5f;
        q = q * s2 + 1f / 3f;
        q = q * s2 + 1f;
        return 2f * s * q;
    }

    @Override
    public INDArray tanh(INDArray x) {
        if (!ok(x)) {
            return fallback.tanh(x);
        }
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = tanhF(a[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = Math.tanh(a[i]);
            }
        });
    }

    @Override
    public INDArray tanhGrad(INDArray g, INDArray y) {
        if (!ok(g) || !ok(y) || !Arrays.equals(g.shape(), y.shape()) || g.dataType() != y.dataType()) {
            return fallback.tanhGrad(g, y);
        }
        return binarySame(g, y, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * (1f - b[i] * b[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * (1.0 - b[i] * b[i]);
            }
        });
    }

    @Override
    public INDArray sigmoid(INDArray x) {
        if (!ok(x)) {
            return fallback.sigmoid(x);
        }
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = 0.5f + 0.5f * tanhF(0.5f * a[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = sigmoidD(a[i]);
            }
        });
    }

    static double sigmoidD(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public INDArray sigmoidGrad(INDArray g, INDArray y) {
        if (!ok(g) || !ok(y) || !Arrays.equals(g.shape(), y.shape()) || g.dataType() != y.dataType()) {
            return fallback.sigmoidGrad(g, y);
        }
        return binarySame(g, y, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * b[i] * (1f - b[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * b[i] * (1.0 - b[i]);
            }
        });
    }

    @Override
    public INDArray softplus(INDArray x) {
        if (!ok(x)) {
            return fallback.softplus(x);
        }
        return unary(x, (a, tmp, o, n) -> {
            // max(x, 0) + ln(1 + e^−|x|), three vectorisable passes
            for (int i = 0; i < n; i++) {
                o[i] = -Math.abs(a[i]);
            }
            expF(o, o, tmp, n);
            for (int i = 0; i < n; i++) {
                o[i] = Math.max(a[i], 0f) + log1pUnit(o[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                double v = a[i];
                o[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
            }
        });
    }

    @Override
    public INDArray relu(INDArray x) {
        if (!ok(x)) {
            return fallback.relu(x);
        }
        // Math.max, not a conditional: the JIT vectorises it, while a branch on the sign of random data
        // mispredicts half the time (measured: the branchy loop was a fifth of a SAC update)
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = Math.max(a[i], 0f);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = Math.max(a[i], 0.0);
            }
        });
    }

    @Override
    public INDArray reluGrad(INDArray g, INDArray x) {
        if (!ok(g) || !ok(x) || !Arrays.equals(g.shape(), x.shape()) || g.dataType() != x.dataType()) {
            return fallback.reluGrad(g, x);
        }
        // branch-free mask: 1 for x > 0 (the smallest positive float times 2^252 is above 1), 0 for x <= 0
        return binarySame(g, x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * Math.min(Math.max(b[i] * 0x1p126f * 0x1p126f, 0f), 1f);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * Math.min(Math.max(b[i] * 0x1p1022 * 0x1p100, 0.0), 1.0);
            }
        });
    }

    @Override
    public INDArray[] siluAndSigmoid(INDArray x) {
        if (!ok(x) || x.dataType() != DataType.FLOAT) {
            return Kernels.super.siluAndSigmoid(x);
        }
        // one pass: σ as in sigmoid(), the product as in mul() — bit-identical to the two-pass form
        INDArray v = ArrayPool.uninitialized(x.dataType(), x.shape());
        INDArray sig = ArrayPool.uninitialized(x.dataType(), x.shape());
        FloatBuffer in = Buffers.floats(x);
        FloatBuffer vo = Buffers.floats(v);
        FloatBuffer so = Buffers.floats(sig);
        KernelPool.forRanges(x.length(), CHUNK, (from, to) -> {
            Scratch s = SCRATCH.get();
            for (int off = from; off < to; off += CHUNK) {
                int m = Math.min(CHUNK, to - off);
                in.get(off, s.fa, 0, m);
                for (int i = 0; i < m; i++) {
                    float e = 0.5f + 0.5f * tanhF(0.5f * s.fa[i]);
                    s.fb[i] = e;
                    s.fc[i] = s.fa[i] * e;
                }
                vo.put(off, s.fc, 0, m);
                so.put(off, s.fb, 0, m);
            }
        });
        return new INDArray[] {v, sig};
    }

    @Override
    public INDArray silu(INDArray x) {
        if (!ok(x)) {
            return fallback.silu(x);
        }
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                float v = a[i];
                o[i] = v * (0.5f + 0.5f * tanhF(0.5f * v));
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * sigmoidD(a[i]);
            }
        });
    }

    @Override
    public INDArray siluGrad(INDArray g, INDArray x) {
        if (!ok(g) || !ok(x) || !Arrays.equals(g.shape(), x.shape()) || g.dataType() != x.dataType()) {
            return fallback.siluGrad(g, x);
        }
        return binarySame(g, x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                float v = b[i];
                float s = 0.5f + 0.5f * tanhF(0.5f * v);
                o[i] = a[i] * s * (1f + v * (1f - s));
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                double v = b[i];
                double s = sigmoidD(v);
                o[i] = a[i] * s * (1.0 + v * (1.0 - s));
            }
        });
    }

    @Override
    public INDArray siluGrad(INDArray g, INDArray x, INDArray s) {
        if (!sameThree(g, x, s)) {
            return fallback.siluGrad(g, x, s);
        }
        return ternarySame(g, x, s, (a, b, c, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * c[i] * (1f + b[i] * (1f - c[i]));
            }
        }, (a, b, c, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = a[i] * c[i] * (1.0 + b[i] * (1.0 - c[i]));
            }
        });
    }

    @Override
    public INDArray siluSecond(INDArray a, INDArray b, INDArray x, INDArray s) {
        if (!sameThree(a, b, x) || !sameThree(a, x, s)) {
            return fallback.siluSecond(a, b, x, s);
        }
        return quaternarySame(a, b, x, s, (p, q, v, c, o, n) -> {
            for (int i = 0; i < n; i++) {
                float si = c[i];
                o[i] = p[i] * q[i] * si * (1f - si) * (2f + v[i] * (1f - 2f * si));
            }
        }, (p, q, v, c, o, n) -> {
            for (int i = 0; i < n; i++) {
                double si = c[i];
                o[i] = p[i] * q[i] * si * (1.0 - si) * (2.0 + v[i] * (1.0 - 2.0 * si));
            }
        });
    }

    @Override
    public INDArray sumRows(INDArray x) {
        if (!ok(x) || x.rank() != 2 || x.size(1) == 0) {
            return fallback.sumRows(x);
        }
        int rows = (int) x.size(0);
        int d = (int) x.size(1);
        INDArray out = ArrayPool.uninitialized(x.dataType(), d);
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = Buffers.floats(x);
            float[] row = new float[d];
            float[] acc = new float[d];
            for (int r = 0; r < rows; r++) {
                xs.get(r * d, row, 0, d);
                for (int j = 0; j < d; j++) {
                    acc[j] += row[j];
                }
            }
            Buffers.floats(out).put(0, acc);
        } else {
            DoubleBuffer xs = Buffers.doubles(x);
            double[] row = new double[d];
            double[] acc = new double[d];
            for (int r = 0; r < rows; r++) {
                xs.get(r * d, row, 0, d);
                for (int j = 0; j < d; j++) {
                    acc[j] += row[j];
                }
            }
            Buffers.doubles(out).put(0, acc);
        }
        return out;
    }

    @Override
    public double sumAll(INDArray x) {
        if (!ok(x)) {
            return fallback.sumAll(x);
        }
        Scratch s = SCRATCH.get();
        int n = (int) x.length();
        double total = 0;
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = Buffers.floats(x);
            for (int off = 0; off < n; off += CHUNK) {
                int m = Math.min(CHUNK, n - off);
                xs.get(off, s.fa, 0, m);
                float partial = 0;   // chunk partial sums in float, totals in double
                for (int i = 0; i < m; i++) {
                    partial += s.fa[i];
                }
                total += partial;
            }
        } else {
            DoubleBuffer xs = Buffers.doubles(x);
            for (int off = 0; off < n; off += CHUNK) {
                int m = Math.min(CHUNK, n - off);
                xs.get(off, s.da, 0, m);
                for (int i = 0; i < m; i++) {
                    total += s.da[i];
                }
            }
        }
        return total;
    }

    @Override
    public INDArray exp(INDArray x) {
        if (!ok(x)) {
            return fallback.exp(x);
        }
        return unary(x, (a, tmp, o, n) -> expF(a, o, tmp, n), (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = Math.exp(a[i]);
            }
        });
    }

    @Override
    public INDArray log(INDArray x) {
        if (!ok(x)) {
            return fallback.log(x);
        }
        return unary(x, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = (float) Math.log(a[i]);
            }
        }, (a, b, o, n) -> {
            for (int i = 0; i < n; i++) {
                o[i] = Math.log(a[i]);
            }
        });
    }

    @Override
    public void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        if (a.dataType() == c.dataType() && b.dataType() == c.dataType() && CpuBlas.eligible(a)
                && CpuBlas.eligible(b) && CpuBlas.eligible(c)) {
            CpuBlas.gemm(a, b, c, ta, tb, alpha, beta);
        } else {
            fallback.gemm(a, b, c, ta, tb, alpha, beta);
        }
    }

    @Override
    public void zero(INDArray x) {
        if (ok(x) && x.data().offset() == x.offset()) {
            org.bytedeco.javacpp.Pointer.memset(x.data().addressPointer(), 0, x.length() * x.dataType().width());
        } else {
            fallback.zero(x);
        }
    }

    @Override
    public void addInPlace(INDArray target, INDArray x) {
        if (!ok(target) || !ok(x) || target.dataType() != x.dataType() || !Arrays.equals(target.shape(), x.shape())) {
            fallback.addInPlace(target, x);
            return;
        }
        int n = (int) target.length();
        if (target.dataType() == DataType.FLOAT) {
            FloatBuffer t = Buffers.floats(target);
            FloatBuffer a = Buffers.floats(x);
            KernelPool.forRanges(n, CHUNK, (from, to) -> {
                Scratch s = SCRATCH.get();
                for (int off = from; off < to; off += CHUNK) {
                    int m = Math.min(CHUNK, to - off);
                    t.get(off, s.fa, 0, m);
                    a.get(off, s.fb, 0, m);
                    for (int i = 0; i < m; i++) {
                        s.fa[i] += s.fb[i];
                    }
                    t.put(off, s.fa, 0, m);
                }
            });
        } else {
            DoubleBuffer t = Buffers.doubles(target);
            DoubleBuffer a = Buffers.doubles(x);
            KernelPool.forRanges(n, CHUNK, (from, to) -> {
                Scratch s = SCRATCH.get();
                for (int off = from; off < to; off += CHUNK) {
                    int m = Math.min(CHUNK, to - off);
                    t.get(off, s.da, 0, m);
                    a.get(off, s.db, 0, m);
                    for (int i = 0; i < m; i++) {
                        s.da[i] += s.db[i];
                    }
                    t.put(off, s.da, 0, m);
                }
            });
        }
    }

    // ------------------------------------------------------------------ block copies

    /** Elements before {@code axis} (the outer count) and after it (the inner block), in c order. */
    private static long[] outerInner(long[] shape, int axis) {
        long outer = 1;
        long inner = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return new long[] {outer, inner};
    }

    private static boolean copyable(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && Buffers.isDense(a) && a.length() > 0
                && a.length() <= Integer.MAX_VALUE;
    }

    /** Block copies between two arrays of one type (float or double), with their buffers looked up once. */
    private static final class Copier {
        private final FloatBuffer fs;
        private final FloatBuffer fd;
        private final DoubleBuffer ds;
        private final DoubleBuffer dd;

        Copier(INDArray src, INDArray dst) {
            boolean f = src.dataType() == DataType.FLOAT;
            fs = f ? Buffers.floats(src) : null;
            fd = f ? Buffers.floats(dst) : null;
            ds = f ? null : Buffers.doubles(src);
            dd = f ? null : Buffers.doubles(dst);
        }

        /** Copies {@code len} elements from src[from] to dst[to]. */
        void copy(long from, long to, long len) {
            if (fs != null) {
                fd.put((int) to, fs, (int) from, (int) len);
            } else {
                dd.put((int) to, ds, (int) from, (int) len);
            }
        }
    }

    @Override
    public INDArray concat(int axis, INDArray... parts) {
        DataType t = parts[0].dataType();
        long[] shape = parts[0].shape().clone();
        long total = 0;
        for (INDArray p : parts) {
            if (!copyable(p) || p.dataType() != t) {
                return fallback.concat(axis, parts);
            }
            total += p.size(axis);
        }
        shape[axis] = total;
        INDArray out = ArrayPool.uninitialized(t, shape);
        long[] oi = outerInner(shape, axis);
        long rowOut = total * oi[1];
        long offset = 0;
        for (INDArray p : parts) {
            long block = p.size(axis) * oi[1];
            Copier c = new Copier(p, out);
            for (long o = 0; o < oi[0]; o++) {
                c.copy(o * block, o * rowOut + offset, block);
            }
            offset += block;
        }
        return out;
    }

    @Override
    public INDArray reshape(INDArray x, long... shape) {
        if (!copyable(x)) {
            return fallback.reshape(x, shape);
        }
        INDArray out = ArrayPool.uninitialized(x.dataType(), shape);
        new Copier(x, out).copy(0, 0, x.length());
        return out;
    }

    @Override
    public INDArray narrow(INDArray x, int axis, long start, long length) {
        if (!copyable(x) || length == 0) {
            return fallback.narrow(x, axis, start, length);
        }
        long[] shape = x.shape().clone();
        long size = shape[axis];
        shape[axis] = length;
        INDArray out = ArrayPool.uninitialized(x.dataType(), shape);
        long[] oi = outerInner(shape, axis);
        long block = length * oi[1];
        Copier c = new Copier(x, out);
        for (long o = 0; o < oi[0]; o++) {
            c.copy((o * size + start) * oi[1], o * block, block);
        }
        return out;
    }

    @Override
    public INDArray embed(INDArray g, long[] full, int axis, long start) {
        if (!copyable(g)) {
            return fallback.embed(g, full, axis, start);
        }
        INDArray out = ArrayPool.zeros(g.dataType(), full);
        long[] oi = outerInner(full, axis);
        long len = g.size(axis);
        long block = len * oi[1];
        Copier c = new Copier(g, out);
        for (long o = 0; o < oi[0]; o++) {
            c.copy(o * block, (o * full[axis] + start) * oi[1], block);
        }
        return out;
    }
}
