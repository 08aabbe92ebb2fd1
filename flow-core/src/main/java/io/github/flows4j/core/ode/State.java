package io.github.flows4j.core.ode;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Combination;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.Buffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of an ODE: an immutable tuple of tensors of one data type, integrated together.
 *
 * <p>Most problems have one part, {@code y} of shape {@code [batch, dim]}. A continuous normalizing flow integrates
 * {@code [x, Δlogp]} ({@code [batch, dim]} and {@code [batch, 1]}); the continuous adjoint integrates
 * {@code [y, a, ∂θ]}. The error norm runs over every element of every part, so the parts share one step size.
 * A state never copies or mutates its tensors.
 *
 * <pre>{@code
 * State s = State.of(x, Tensor.zeros(DataType.DOUBLE, batch, 1));   // [x, Δlogp]
 * Tensor x = s.get(0);
 * }</pre>
 */
public final class State {
    private final Tensor[] parts;

    private State(Tensor[] parts) {
        this.parts = parts;
    }

    /**
     * @param parts one or more tensors of one data type, any shapes
     * @return the tuple
     * @throws IllegalArgumentException if there are no parts or one is {@code null}
     * @throws DTypeMismatchException   if the parts' data types differ
     */
    public static State of(Tensor... parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("a State needs at least one part; got none");
        }
        Tensor[] copy = parts.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new IllegalArgumentException("State part " + i + " must not be null");
            }
            if (copy[i].dtype() != copy[0].dtype()) {
                throw new DTypeMismatchException("State parts must share one data type: part 0 is " + copy[0].dtype()
                        + ", part " + i + " is " + copy[i].dtype());
            }
        }
        return new State(copy);
    }

    /**
     * @param parts one or more tensors of one data type
     * @return the tuple
     */
    public static State of(List<Tensor> parts) {
        return of(parts.toArray(new Tensor[0]));
    }

    /** @return the number of parts */
    public int size() {
        return parts.length;
    }

    /**
     * @param i the part's position
     * @return the i-th part
     */
    public Tensor get(int i) {
        if (i < 0 || i >= parts.length) {
            throw new IndexOutOfBoundsException("State part " + i + " does not exist; the state has " + parts.length
                    + " part(s)");
        }
        return parts[i];
    }

    /** @return the parts, unmodifiable */
    public List<Tensor> parts() {
        return List.of(parts);
    }

    /** @return the data type shared by every part */
    public DataType dtype() {
        return parts[0].dtype();
    }

    /** @return the number of elements over all parts */
    public long totalLength() {
        long n = 0;
        for (Tensor p : parts) {
            n += p.length();
        }
        return n;
    }

    /**
     * @param f applied to each part
     * @return the state of the results
     */
    public State map(UnaryOperator<Tensor> f) {
        Tensor[] out = new Tensor[parts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.apply(parts[i]);
        }
        return of(out);
    }

    /** @return the same values with no graph and no gradient */
    public State detach() {
        return map(Tensor::detach);
    }

    /**
     * @param other another state of this data type
     * @return the tuple of this state's parts followed by {@code other}'s
     */
    public State concat(State other) {
        Tensor[] out = Arrays.copyOf(parts, parts.length + other.parts.length);
        System.arraycopy(other.parts, 0, out, parts.length, other.parts.length);
        return of(out);
    }

    /**
     * @param from first part, inclusive
     * @param to   last part, exclusive
     * @return the parts {@code [from, to)}
     */
    public State slice(int from, int to) {
        if (from < 0 || to > parts.length || from >= to) {
            throw new IndexOutOfBoundsException("State.slice(" + from + ", " + to + ") is out of range for "
                    + parts.length + " part(s)");
        }
        return new State(Arrays.copyOfRange(parts, from, to));
    }

    /**
     * The fused update {@code this + Σ_j coeffs[j] · ks[j]}, one {@link Combination#axpy} per part (differentiable).
     *
     * @param coeffs one coefficient per state; zero coefficients are skipped
     * @param ks     states of this structure; {@code ks[j]} may be {@code null} where {@code coeffs[j] == 0}
     * @return the combination
     */
    public State axpy(double[] coeffs, State[] ks) {
        Tensor[] out = new Tensor[parts.length];
        Tensor[] column = new Tensor[ks.length];
        for (int p = 0; p < parts.length; p++) {
            for (int j = 0; j < ks.length; j++) {
                column[j] = ks[j] == null ? null : ks[j].parts[p];
            }
            out[p] = Combination.axpy(parts[p], coeffs, column);
        }
        return new State(out);
    }

    /**
     * The fused combination {@code Σ_j coeffs[j] · ks[j]}, one {@link Combination#linear} per part.
     *
     * @param coeffs one coefficient per state
     * @param ks     states of one structure; {@code ks[j]} may be {@code null} where {@code coeffs[j] == 0}, but
     *               at least one must be present
     * @return the combination (zeros of that structure if every coefficient is zero)
     */
    public static State linear(double[] coeffs, State[] ks) {
        State ref = null;
        State any = null;
        for (int j = 0; j < ks.length && ref == null; j++) {
            if (coeffs[j] != 0.0) {
                ref = ks[j];
            }
            any = any == null ? ks[j] : any;
        }
        if (ref == null) {
            if (any == null) {
                throw new IllegalArgumentException("State.linear needs at least one state; got none");
            }
            return any.map(p -> Tensor.zeros(p.dtype(), p.shape()));
        }
        Tensor[] out = new Tensor[ref.parts.length];
        Tensor[] column = new Tensor[ks.length];
        for (int p = 0; p < out.length; p++) {
            for (int j = 0; j < ks.length; j++) {
                column[j] = ks[j] == null ? null : ks[j].parts[p];
            }
            out[p] = Combination.linear(coeffs, column);
        }
        return new State(out);
    }

    /**
     * Checks that {@code other} has this state's number of parts, shapes and data type.
     *
     * @param what   names {@code other} in the message, e.g. {@code "term.vectorField(t, y)"}
     * @param other  the state to check
     * @throws ShapeMismatchException if a part count or shape differs
     * @throws DTypeMismatchException if the data type differs
     */
    public void requireSameStructure(String what, State other) {
        if (other.parts.length != parts.length) {
            throw new ShapeMismatchException(what + " must have " + parts.length + " part(s), like the state; got "
                    + other.parts.length);
        }
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape(), other.parts[i].shape())) {
                throw ShapeMismatchException.of(what + " part " + i, Arrays.toString(parts[i].shape())
                        + " (that of the state)", other.parts[i].shape());
            }
        }
        if (other.dtype() != dtype()) {
            throw new DTypeMismatchException(what + " is " + other.dtype() + " but the state is " + dtype());
        }
    }

    /** @return whether every element of every part is finite */
    public boolean isFinite() {
        for (Tensor p : parts) {
            if (firstNonFinite(p.value()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param name names the state in the message, e.g. {@code "y0"}
     * @throws NonFiniteException naming the part and flat index of the first NaN or infinity
     */
    public void requireFinite(String name) {
        for (int i = 0; i < parts.length; i++) {
            INDArray v = parts[i].value();
            long at = firstNonFinite(v);
            if (at >= 0) {
                throw new NonFiniteException(name + (parts.length > 1 ? " part " + i : "") + " must be finite; found "
                        + v.dup('c').reshape(v.length()).getDouble(at) + " at flat index " + at);
            }
        }
    }

    private static long firstNonFinite(INDArray v) {
        DataType t = v.dataType();
        if (Buffers.isDense(v) && t == DataType.DOUBLE) {
            DoubleBuffer b = Buffers.doubles(v);
            for (int i = 0; i < b.limit(); i++) {
                if (!Double.isFinite(b.get(i))) {
                    return i;
                }
            }
            return -1;
        }
        if (Buffers.isDense(v) && t == DataType.FLOAT) {
            FloatBuffer b = Buffers.floats(v);
            for (int i = 0; i < b.limit(); i++) {
                if (!Float.isFinite(b.get(i))) {
                    return i;
                }
            }
            return -1;
        }
        double[] d = v.dup('c').reshape(v.length()).toDoubleVector();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("State[");
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Arrays.toString(parts[i].shape()));
        }
        return sb.append(' ').append(dtype()).append(']').toString();
    }
}
