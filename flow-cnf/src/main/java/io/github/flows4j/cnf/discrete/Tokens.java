package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks and conversions of token arrays shared by the package. */
final class Tokens {
    private Tokens() {
    }

    static void checkSize(int batch, int length) {
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        if (length < 1) {
            throw InvalidConfigException.of("length", ">= 1", length);
        }
    }

    /**
     * @return the tokens of {@code a} in row-major order
     * @throws ShapeMismatchException  unless a is [batch, length] (length checked when {@code length > 0})
     * @throws DTypeMismatchException  unless a has an integer type
     * @throws InvalidConfigException  if a token is outside [0, vocabulary)
     */
    static int[] read(String name, INDArray a, int length, int vocabulary) {
        Checks.notNull(name, a);
        if (a.rank() != 2 || (length > 0 && a.size(1) != length)) {
            throw ShapeMismatchException.of(name, "[batch, " + (length > 0 ? length : "length") + "]", a.shape());
        }
        if (!a.dataType().isIntType()) {
            throw new DTypeMismatchException(name + " must hold integer tokens (INT32 or INT64); got "
                    + a.dataType());
        }
        int[] v = a.dup('c').data().asInt();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= vocabulary) {
                throw InvalidConfigException.of(name, "tokens in [0, " + vocabulary + ") (vocabulary mismatch?)",
                        v[i] + " at flat index " + i);
            }
        }
        return v;
    }

    /** @return tokens as INT64 [batch, length] */
    static INDArray of(int[] tokens, long batch, long length) {
        long[] l = new long[tokens.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = tokens[i];
        }
        return Nd4j.createFromArray(l).reshape(batch, length);
    }

    /** @return the one-hot rows [n, width] of the tokens (a token ≥ width gives a zero row) */
    static INDArray oneHot(int[] tokens, int width, DataType type) {
        double[] v = new double[tokens.length * width];
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < width) {
                v[i * width + tokens[i]] = 1;
            }
        }
        return io.github.flows4j.core.kernel.HostArrays.fromDoubles(v, type, tokens.length, width);
    }

    /** @return {batch, length} of the sample, after checking the logits are [batch · length, vocabulary] */
    static int[] checkLogits(Tensor logits, DiscretePathSample sample, int vocabulary) {
        long batch = sample.x1().size(0);
        long length = sample.x1().size(1);
        if (logits.rank() != 2 || logits.size(0) != batch * length) {
            throw ShapeMismatchException.of("logits", "[" + batch * length + ", K] (batch " + batch + " x length "
                    + length + ")", logits.shape());
        }
        if (vocabulary > 0 && logits.size(1) != vocabulary) {
            throw InvalidConfigException.of("logits", "[batch * length, " + vocabulary
                    + "] (the path's vocabulary; vocabulary mismatch)", java.util.Arrays.toString(logits.shape()));
        }
        return new int[] {(int) batch, (int) length};
    }
}
