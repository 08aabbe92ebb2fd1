package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.ode.State;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The RMS norm, optionally ignoring some parts; one Java loop per part over dense buffers. */
final class RmsNorm implements ErrorNorm {
    static final RmsNorm ALL = new RmsNorm(new int[0]);

    private final int[] ignored;

    RmsNorm(int[] ignored) {
        for (int p : ignored) {
            if (p < 0) {
                throw InvalidConfigException.of("ignoredParts", ">= 0", p);
            }
        }
        this.ignored = ignored.clone();
    }

    @Override
    public double norm(State error, State y0, State y1, Tolerances tol) {
        double sum = 0;
        long n = 0;
        for (int p = 0; p < error.size(); p++) {
            if (isIgnored(p)) {
                continue;
            }
            INDArray e = error.get(p).value();
            sum += sumSquares(e, y0.get(p).value(), y1.get(p).value(), tol.rtol(p), tol.atol(p));
            n += e.length();
        }
        return n == 0 ? 0.0 : Math.sqrt(sum / n);
    }

    private boolean isIgnored(int p) {
        for (int q : ignored) {
            if (q == p) {
                return true;
            }
        }
        return false;
    }

    private static double sumSquares(INDArray e, INDArray a, INDArray b, double rtol, double atol) {
        DataType t = e.dataType();
        boolean dense = Buffers.isDense(e) && Buffers.isDense(a) && Buffers.isDense(b);
        double sum = 0;
        if (dense && t == DataType.DOUBLE) {
            DoubleBuffer eb = Buffers.doubles(e);
            DoubleBuffer ab = Buffers.doubles(a);
            DoubleBuffer bb = Buffers.doubles(b);
            for (int i = 0; i < eb.limit(); i++) {
                double r = eb.get(i) / (atol + rtol * Math.max(Math.abs(ab.get(i)), Math.abs(bb.get(i))));
                sum += r * r;
            }
            return sum;
        }
        if (dense && t == DataType.FLOAT) {
            FloatBuffer eb = Buffers.floats(e);
            FloatBuffer ab = Buffers.floats(a);
            FloatBuffer bb = Buffers.floats(b);
            for (int i = 0; i < eb.limit(); i++) {
                double r = eb.get(i) / (atol + rtol * Math.max(Math.abs(ab.get(i)), Math.abs(bb.get(i))));
                sum += r * r;
            }
            return sum;
        }
        double[] ev = flat(e);
        double[] av = flat(a);
        double[] bv = flat(b);
        for (int i = 0; i < ev.length; i++) {
            double r = ev[i] / (atol + rtol * Math.max(Math.abs(av[i]), Math.abs(bv[i])));
            sum += r * r;
        }
        return sum;
    }

    private static double[] flat(INDArray x) {
        return x.dup('c').reshape(x.length()).toDoubleVector();
    }

    @Override
    public String toString() {
        return ignored.length == 0 ? "rms" : "seminorm(ignoring parts " + Arrays.toString(ignored) + ")";
    }
}
