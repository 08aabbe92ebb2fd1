package io.github.flows4j.core.optim;

import io.github.flows4j.core.kernel.Buffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The in-place update rules. Dense FLOAT and DOUBLE arrays run as one Java loop over zero-copy buffers, in the
 * arithmetic order of PyTorch's single-tensor ({@code foreach=False}) CPU implementation and in the parameter's own
 * precision; anything else falls back to ND4J ops with the same formulas.
 */
final class UpdateKernels {
    private UpdateKernels() {
    }

    private static boolean fast(INDArray... arrays) {
        DataType t = arrays[0].dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != t || !Buffers.isDense(a) || a.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static INDArray dense(INDArray g) {
        return Buffers.isDense(g) ? g : g.dup('c');
    }

    /** PyTorch's {@code torch.lerp}: {@code a + w (b − a)}, evaluated from the nearer end. */
    private static float lerp(float a, float b, float w) {
        return Math.abs(w) < 0.5f ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    private static double lerp(double a, double b, double w) {
        return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    /**
     * Adam (Kingma and Ba, 2015, Algorithm 1) as {@code torch.optim.Adam}/{@code AdamW} step {@code t}: optional L2
     * ({@code g += wd·p}) or decoupled ({@code p *= 1 − lr·wd}) decay, {@code m ← lerp(m, g, 1 − β1)},
     * {@code v ← β2 v + (1 − β2) g²}, {@code p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)}.
     */
    static void adam(INDArray p, INDArray g, INDArray m, INDArray v, double lr, double beta1, double beta2,
            double eps, double wd, boolean decoupled, long t) {
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        double bc2Sqrt = Math.sqrt(bc2);
        INDArray gd = dense(g);
        if (fast(p, gd, m, v)) {
            int n = (int) p.length();
            if (p.dataType() == DataType.FLOAT) {
                adamFloat(Buffers.floats(p), Buffers.floats(gd), Buffers.floats(m), Buffers.floats(v), n,
                        lr, beta1, beta2, eps, wd, decoupled, stepSize, bc2Sqrt);
            } else {
                adamDouble(Buffers.doubles(p), Buffers.doubles(gd), Buffers.doubles(m), Buffers.doubles(v), n,
                        lr, beta1, beta2, eps, wd, decoupled, stepSize, bc2Sqrt);
            }
            return;
        }
        INDArray grad = g;
        if (wd != 0) {
            if (decoupled) {
                p.muli(1 - lr * wd);
            } else {
                grad = g.add(p.mul(wd));
            }
        }
        m.addi(grad.sub(m).muli(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
        INDArray denom = Transforms.sqrt(v, true).divi(bc2Sqrt).addi(eps);
        p.addi(m.div(denom).muli(-stepSize));
    }

    private static void adamFloat(FloatBuffer pb, FloatBuffer gb, FloatBuffer mb, FloatBuffer vb, int n,
            double lr, double beta1, double beta2, double eps, double wd, boolean decoupled, double stepSize,
            double bc2Sqrt) {
        final float w1 = (float) (1 - beta1);
        final float b2 = (float) beta2;
        final float w2 = (float) (1 - beta2);
        final float epsF = (float) eps;
        final float negStep = (float) -stepSize;
        final float bc2S = (float) bc2Sqrt;
        final boolean l2 = wd != 0 && !decoupled;
        final boolean shrink = wd != 0 && decoupled;
        final float wdF = (float) wd;
        final float keep = (float) (1 - lr * wd);
        // chunks through heap arrays: the JIT vectorises loops over float[], not over direct buffers
        Scratch s = SCRATCH.get();
        float[] pa = s.p;
        float[] ga = s.g;
        float[] ma = s.m;
        float[] va = s.v;
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            pb.get(off, pa, 0, len);
            gb.get(off, ga, 0, len);
            mb.get(off, ma, 0, len);
            vb.get(off, va, 0, len);
            if (shrink) {
                for (int i = 0; i < len; i++) {
                    pa[i] = pa[i] * keep;
                }
            } else if (l2) {
                for (int i = 0; i < len; i++) {
                    ga[i] = ga[i] + wdF * pa[i];
                }
            }
            for (int i = 0; i < len; i++) {
                float gi = ga[i];
                float mi = lerp(ma[i], gi, w1);
                float vi = va[i] * b2;
                vi = vi + w2 * gi * gi;
                float denom = (float) Math.sqrt(vi) / bc2S + epsF;
                pa[i] = pa[i] + negStep * mi / denom;
                ma[i] = mi;
                va[i] = vi;
            }
            pb.put(off, pa, 0, len);
            mb.put(off, ma, 0, len);
            vb.put(off, va, 0, len);
        }
    }

    private static final int CHUNK = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread chunk arrays of the float Adam update. */
    private static final class Scratch {
        final float[] p = new float[CHUNK];
        final float[] g = new float[CHUNK];
        final float[] m = new float[CHUNK];
        final float[] v = new float[CHUNK];
    }

    private static void adamDouble(DoubleBuffer pb, DoubleBuffer gb, DoubleBuffer mb, DoubleBuffer vb, int n,
            double lr, double beta1, double beta2, double eps, double wd, boolean decoupled, double stepSize,
            double bc2Sqrt) {
        final double w1 = 1 - beta1;
        final double w2 = 1 - beta2;
        final double negStep = -stepSize;
        final boolean l2 = wd != 0 && !decoupled;
        final boolean shrink = wd != 0 && decoupled;
        final double keep = 1 - lr * wd;
        for (int i = 0; i < n; i++) {
            double pi = pb.get(i);
            double gi = gb.get(i);
            if (shrink) {
                pi = pi * keep;
            } else if (l2) {
                gi = gi + wd * pi;
            }
            double mi = lerp(mb.get(i), gi, w1);
            double vi = vb.get(i) * beta2;
            vi = vi + w2 * gi * gi;
            double denom = Math.sqrt(vi) / bc2Sqrt + eps;
            pb.put(i, pi + negStep * mi / denom);
            mb.put(i, mi);
            vb.put(i, vi);
        }
    }

    /**
     * SGD as {@code torch.optim.SGD} step {@code t}: {@code g += wd·p}; with momentum μ, {@code b ← g} at
     * {@code t = 1}, else {@code b ← μ b + (1 − dampening) g}, and {@code g ← g + μ b} (Nesterov) or {@code g ← b};
     * finally {@code p ← p − lr·g}. {@code buf} is null without momentum.
     */
    static void sgd(INDArray p, INDArray g, INDArray buf, double lr, double momentum, double dampening,
            boolean nesterov, double wd, long t) {
        INDArray gd = dense(g);
        boolean fast = buf == null ? fast(p, gd) : fast(p, gd, buf);
        if (fast) {
            int n = (int) p.length();
            if (p.dataType() == DataType.FLOAT) {
                sgdFloat(Buffers.floats(p), Buffers.floats(gd), buf == null ? null : Buffers.floats(buf), n,
                        lr, momentum, dampening, nesterov, wd, t);
            } else {
                sgdDouble(Buffers.doubles(p), Buffers.doubles(gd), buf == null ? null : Buffers.doubles(buf), n,
                        lr, momentum, dampening, nesterov, wd, t);
            }
            return;
        }
        INDArray grad = wd != 0 ? g.add(p.mul(wd)) : g;
        if (buf != null) {
            if (t == 1) {
                buf.assign(grad);
            } else {
                buf.muli(momentum).addi(grad.mul(1 - dampening));
            }
            grad = nesterov ? grad.add(buf.mul(momentum)) : buf;
        }
        p.addi(grad.mul(-lr));
    }

    private static void sgdFloat(FloatBuffer pb, FloatBuffer gb, FloatBuffer bb, int n, double lr, double momentum,
            double dampening, boolean nesterov, double wd, long t) {
        final float wdF = (float) wd;
        final float mu = (float) momentum;
        final float damp = (float) (1 - dampening);
        final float negLr = (float) -lr;
        for (int i = 0; i < n; i++) {
            float pi = pb.get(i);
            float gi = gb.get(i);
            if (wd != 0) {
                gi = gi + wdF * pi;
            }
            if (bb != null) {
                float b = t == 1 ? gi : bb.get(i) * mu + damp * gi;
                bb.put(i, b);
                gi = nesterov ? gi + mu * b : b;
            }
            pb.put(i, pi + negLr * gi);
        }
    }

    private static void sgdDouble(DoubleBuffer pb, DoubleBuffer gb, DoubleBuffer bb, int n, double lr,
            double momentum, double dampening, boolean nesterov, double wd, long t) {
        final double damp = 1 - dampening;
        for (int i = 0; i < n; i++) {
            double pi = pb.get(i);
            double gi = gb.get(i);
            if (wd != 0) {
                gi = gi + wd * pi;
            }
            if (bb != null) {
                double b = t == 1 ? gi : bb.get(i) * momentum + damp * gi;
                bb.put(i, b);
                gi = nesterov ? gi + momentum * b : b;
            }
            pb.put(i, pi + -lr * gi);
        }
    }
}
