package io.github.flows4j.cnf.divfree;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two divergence-free constructions of Richter-Powell, Lipman and Chen, "Neural Conservation Laws: A
 * Divergence-Free Perspective" (NeurIPS 2022, §3), as batched tensor operations that can be trained through.
 *
 * <p><b>Matrix field</b> ({@link #fromMatrix}): a function gives the d(d−1)/2 upper entries A_ij (i &lt; j) of an
 * antisymmetric matrix field A(x); the field v_i = Σ_j ∂_j A_ij is divergence-free because
 * div v = Σ_ij ∂_i∂_j A_ij vanishes for antisymmetric A (the mixed partials are symmetric). The entries are
 * ordered row by row: (0,1), (0,2), …, (0,d−1), (1,2), …, (d−2,d−1) — see {@link #entryIndex}.
 *
 * <p><b>Vector field</b> ({@link #fromVector}): a function b: ℝ^d → ℝ^d gives A = J_b − J_bᵀ (J_b its Jacobian),
 * so v = Δb − ∇(div b), one derivative more than the matrix field.
 *
 * <p>Special cases: in d = 2 the single entry ψ = A_01 is a stream function and v = (∂₁ψ, −∂₀ψ); in d = 3 the
 * entries (A_01, A_02, A_12) are the vector potential ψ = (A_12, −A_02, A_01) and v = curl ψ; the vector-field
 * construction in d = 3 is v = −curl curl b.
 *
 * <p>Cost: the matrix field evaluates the network once and takes d(d−1)/2 vector-Jacobian products on that one
 * graph (one backward pass each); training through it back-propagates through the network once, with the
 * contributions of all products summed. The vector field takes one vector-Jacobian product per entry and d
 * more for the Jacobian of b. With {@code createGraph = true} the result can be
 * differentiated again (training through it is a second-order backward pass, third-order for the vector field).
 *
 * <pre>{@code
 * Mlp net = Mlp.builder().sizes(3, 64, 64, 3).dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Tensor x = Tensor.constant(Rng.seeded(1).normal(DataType.DOUBLE, 128, 3));
 * Tensor v = DivergenceFree.fromMatrix(net::forward, x, true);     // [128, 3], div v = 0
 * v.square().mean().backward();                                    // gradients for the network's weights
 * }</pre>
 */
public final class DivergenceFree {
    private DivergenceFree() {
    }

    /**
     * @param d the dimension, &ge; 2
     * @return d(d−1)/2, the number of free entries of an antisymmetric d×d matrix
     * @throws InvalidConfigException if d &lt; 2
     */
    public static int entries(int d) {
        requireDim(d);
        return d * (d - 1) / 2;
    }

    /**
     * @param i row, 0 &le; i &lt; j
     * @param j column, i &lt; j &lt; d
     * @param d the dimension
     * @return the column of A_ij in the entry vector (row-major over the strict upper triangle)
     * @throws InvalidConfigException unless 0 &le; i &lt; j &lt; d
     */
    public static int entryIndex(int i, int j, int d) {
        requireDim(d);
        if (i < 0 || j <= i || j >= d) {
            throw InvalidConfigException.of("(i, j)", "0 <= i < j < " + d, "(" + i + ", " + j + ")");
        }
        return i * d - i * (i + 1) / 2 + (j - i - 1);
    }

    /**
     * The matrix-field construction v_i = Σ_j ∂_j A_ij(x).
     *
     * @param entries     maps points [n, d] to the upper entries of A, [n, d(d−1)/2], rows independently (it is
     *                    called once, on x)
     * @param x           points, [batch, d], finite; if x requires a gradient, v stays connected to it
     * @param createGraph keep v differentiable (for training through it)
     * @return v, [batch, d]
     * @throws ShapeMismatchException if x is not [batch, d] or entries(x) is not [batch, d(d−1)/2]
     * @throws InvalidConfigException if d &lt; 2
     * @throws io.github.flows4j.core.NonFiniteException if x holds NaN or infinity
     */
    @SuppressWarnings("try")
    public static Tensor fromMatrix(UnaryOperator<Tensor> entries, Tensor x, boolean createGraph) {
        int d = checkPoints(x);
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        long batch = x.size(0);
        try (GradMode.Scope on = GradMode.enableGrad()) {
            // one forward pass on the batch, then one vector-Jacobian product per entry on that same graph
            Tensor a = entries.apply(xr);
            checkEntries(a, batch, d);
            return assemble(a, xr, d, createGraph);
        }
    }

    /**
     * The vector-field construction A = J_b − J_bᵀ, v_i = Σ_j ∂_j A_ij = Δb_i − ∂_i(div b).
     *
     * @param b           maps x [batch, d] to [batch, d], rows independently
     * @param x           points, [batch, d], finite
     * @param createGraph keep v differentiable (for training through it)
     * @return v, [batch, d]
     * @throws ShapeMismatchException if x is not [batch, d] or b(x) is not [batch, d]
     * @throws InvalidConfigException if d &lt; 2
     * @throws io.github.flows4j.core.NonFiniteException if x holds NaN or infinity
     */
    @SuppressWarnings("try")
    public static Tensor fromVector(UnaryOperator<Tensor> b, Tensor x, boolean createGraph) {
        int d = checkPoints(x);
        Tensor xr = x.requiresGrad() ? x : x.detach().asVariable();
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor bx = b.apply(xr);
            if (bx.rank() != 2 || bx.size(0) != x.size(0) || bx.size(1) != d) {
                throw ShapeMismatchException.of("b(x)", "[" + x.size(0) + ", " + d + "]", bx.shape());
            }
            Tensor[] rows = new Tensor[d];
            for (int i = 0; i < d; i++) {
                rows[i] = Autodiff.grad(new Tensor[] {bx}, new Tensor[] {xr},
                        new Tensor[] {Tensor.constant(oneHot(bx, i))}, true)[0];
            }
            Tensor[] cols = new Tensor[d * (d - 1) / 2];
            int k = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    cols[k++] = rows[i].narrow(1, j, 1).sub(rows[j].narrow(1, i, 1));
                }
            }
            Tensor a = cols.length == 1 ? cols[0] : Tensor.concat(1, cols);
            return assemble(a, xr, d, createGraph);
        }
    }

    /**
     * The product A·g of the antisymmetric matrices given by their upper entries with vectors, row by row:
     * (A g)_i = Σ_{j &gt; i} A_ij g_j − Σ_{j &lt; i} A_ji g_j. With it the divergence-free field div(s·A) of a matrix field
     * scaled by a positive function s = e^ℓ reads s·(div A + A∇ℓ), which stays finite where s underflows.
     *
     * @param entries the upper entries of A, [batch, d(d−1)/2] in {@link #entryIndex} order
     * @param g       vectors, [batch, d]
     * @return A g, [batch, d]
     * @throws ShapeMismatchException if the widths do not match
     */
    public static Tensor antisymmetricTimes(Tensor entries, Tensor g) {
        if (g.rank() != 2 || g.size(1) < 2) {
            throw ShapeMismatchException.of("g", "[batch, d] with d >= 2", g.shape());
        }
        int d = (int) g.size(1);
        checkEntries(entries, g.size(0), d);
        Tensor[] out = new Tensor[d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                Tensor a = entries.narrow(1, k++, 1);
                Tensor plus = a.mul(g.narrow(1, j, 1));
                Tensor minus = a.mul(g.narrow(1, i, 1));
                out[i] = out[i] == null ? plus : out[i].add(plus);
                out[j] = out[j] == null ? minus.neg() : out[j].sub(minus);
            }
        }
        return Tensor.concat(1, out);
    }

    /** v_i = Σ_j ∂_j A_ij from the entries a [batch, m] of A at xr [batch, d]. */
    private static Tensor assemble(Tensor a, Tensor xr, int d, boolean createGraph) {
        Tensor[] v = new Tensor[d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                Tensor g = Autodiff.grad(new Tensor[] {a}, new Tensor[] {xr},
                        new Tensor[] {Tensor.constant(oneHot(a, k))}, createGraph)[0];
                Tensor plus = g.narrow(1, j, 1);     // ∂_j A_ij → v_i
                Tensor minus = g.narrow(1, i, 1);    // ∂_i A_ji = −∂_i A_ij → v_j
                v[i] = v[i] == null ? plus : v[i].add(plus);
                v[j] = v[j] == null ? minus.neg() : v[j].sub(minus);
                k++;
            }
        }
        return Tensor.concat(1, v);
    }

    private static int checkPoints(Tensor x) {
        Checks.notNull("x", x);
        if (x.rank() != 2) {
            throw ShapeMismatchException.of("x", "[batch, d] with d >= 2", x.shape());
        }
        int d = (int) x.size(1);
        requireDim(d);
        Checks.finite("x", x.value());
        return d;
    }

    private static void checkEntries(Tensor a, long rows, int d) {
        int m = d * (d - 1) / 2;
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != m) {
            throw ShapeMismatchException.of("entries(x)", "[" + rows + ", " + m + "] (one row per input row, the"
                    + " d(d-1)/2 upper entries of A for d = " + d + ")", a.shape());
        }
    }

    static void requireDim(int d) {
        if (d < 2) {
            throw InvalidConfigException.of("d", ">= 2 (a divergence-free construction needs two dimensions)", d);
        }
    }

    private static INDArray oneHot(Tensor like, int col) {
        INDArray e = Nd4j.zeros(like.dtype(), like.shape());
        e.getColumn(col).assign(1.0);
        return e;
    }
}
