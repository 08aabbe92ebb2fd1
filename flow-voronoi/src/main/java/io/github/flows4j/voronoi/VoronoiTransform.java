package io.github.flows4j.voronoi;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The learnable Voronoi transform of Chen, Amos &amp; Nickel (NeurIPS 2022): K anchors in a learnable box of
 * R^d, and for each cell k a homeomorphism of R^d onto cell k with a closed-form log-determinant (see
 * {@link Tessellation} for the maps and the formula).
 *
 * <p>Parameters (all learnable, so anchors can never leave the box or the box collapse):
 * {@code lower} [1, d] the box's lower corner; {@code log_width} [1, d] with upper = lower + e^{log_width};
 * {@code anchor_logits} [K, d] with anchor = lower + width ⊙ sigmoid(logit); {@code log_scale} [K, 1] the per-cell
 * radial scale s_k. With {@code learnBox = false} the box is held fixed (not a parameter).
 *
 * <pre>{@code
 * VoronoiTransform vt = VoronoiTransform.random(16, 2, 2.0, DataType.DOUBLE, rng);  // K = 16 cells in [-2, 2]^2
 * CellMap m = vt.forward(Tensor.constant(x), cells);                                 // x [n, 2] -> cells
 * CellMap back = vt.inverse(m.value(), cells);                                       // back ≈ x
 * int[] k = vt.tessellation().assign(m.value().value());                             // == cells
 * }</pre>
 */
public final class VoronoiTransform extends Module {
    private final Tensor lower;
    private final Tensor logWidth;
    private final Tensor anchorLogits;
    private final Tensor logScale;

    private VoronoiTransform(INDArray anchors, INDArray lower, INDArray upper, boolean learnBox) {
        DataType type = anchors.dataType();
        // validates shapes, types, box and distinctness on the initial values
        Tessellation.of(Tensor.constant(anchors), Tensor.constant(lower), Tensor.constant(upper),
                Tensor.zeros(type, anchors.size(0), 1));
        INDArray width = upper.sub(lower);
        INDArray frac = anchors.subRowVector(lower).diviRowVector(width);
        INDArray logits = Transforms.log(frac.div(frac.rsub(1.0)), false);
        INDArray lw = Transforms.log(width, true);
        if (learnBox) {
            this.lower = registerParameter("lower", lower.dup());
            this.logWidth = registerParameter("log_width", lw);
        } else {
            this.lower = Tensor.constant(lower.dup());
            this.logWidth = Tensor.constant(lw);
        }
        this.anchorLogits = registerParameter("anchor_logits", logits);
        double s0 = 0.5 * Math.log((double) anchors.size(1) / anchors.size(0));
        this.logScale = registerParameter("log_scale", Nd4j.valueArrayOf(new long[] {anchors.size(0), 1}, s0,
                type));
    }

    /**
     * @param anchors  initial anchors, [K, d], distinct, strictly inside the box, FLOAT or DOUBLE (copied)
     * @param lower    the box's lower corner, [1, d]
     * @param upper    the box's upper corner, [1, d], &gt; lower
     * @param learnBox whether the box is learnable
     * @return the transform; per-cell scales start at s = ½ log(d / K)
     * @throws ShapeMismatchException if a shape is wrong
     * @throws InvalidConfigException if anchors coincide or lie on or outside the box
     */
    public static VoronoiTransform of(INDArray anchors, INDArray lower, INDArray upper, boolean learnBox) {
        Checks.notNull("anchors", anchors);
        Checks.notNull("lower", lower);
        Checks.notNull("upper", upper);
        return new VoronoiTransform(anchors.dup('c'), lower.dup('c'), upper.dup('c'), learnBox);
    }

    /**
     * @param k         the number of cells, &ge; 1
     * @param d         the dimension, &ge; 1
     * @param halfWidth the initial box is [−halfWidth, halfWidth]^d; anchors uniform in its middle 80 %
     * @param type      FLOAT or DOUBLE
     * @param rng       draws the anchors
     * @return a transform with a learnable box
     * @throws InvalidConfigException if k, d or halfWidth is not positive
     */
    public static VoronoiTransform random(int k, int d, double halfWidth, DataType type, Rng rng) {
        if (k < 1) {
            throw InvalidConfigException.of("k", ">= 1", k);
        }
        if (d < 1) {
            throw InvalidConfigException.of("d", ">= 1", d);
        }
        if (!(halfWidth > 0) || !Double.isFinite(halfWidth)) {
            throw InvalidConfigException.of("halfWidth", "finite and > 0", halfWidth);
        }
        Checks.notNull("rng", rng);
        INDArray anchors = rng.uniform(-0.8 * halfWidth, 0.8 * halfWidth, type, k, d);
        INDArray lo = Nd4j.valueArrayOf(new long[] {1, d}, -halfWidth, type);
        INDArray hi = Nd4j.valueArrayOf(new long[] {1, d}, halfWidth, type);
        return new VoronoiTransform(anchors, lo, hi, true);
    }

    /** @return K */
    public int numCells() {
        return (int) anchorLogits.size(0);
    }

    /** @return d */
    public int dim() {
        return (int) anchorLogits.size(1);
    }

    /** @return the box's lower corner, [1, d], differentiable in the box's parameters */
    public Tensor lower() {
        return lower;
    }

    /** @return the box's upper corner lower + e^{log_width}, [1, d], differentiable in the box's parameters */
    public Tensor upper() {
        return lower.add(logWidth.exp());
    }

    /**
     * @return the tessellation at the current parameters, differentiable in them
     * @throws InvalidConfigException if training has made two anchors coincide
     */
    public Tessellation tessellation() {
        Tensor width = logWidth.exp();
        Tensor anchors = lower.add(width.mul(anchorLogits.sigmoid()));
        return Tessellation.of(anchors, lower, lower.add(width), logScale);
    }

    /**
     * @param x     points, [n, d]
     * @param cells cell per row, in 0 .. K−1
     * @return {@link Tessellation#forward}
     */
    public CellMap forward(Tensor x, int[] cells) {
        return tessellation().forward(x, cells);
    }

    /**
     * @param z     points strictly inside their cells, [n, d]
     * @param cells cell per row, in 0 .. K−1
     * @return {@link Tessellation#inverse}
     */
    public CellMap inverse(Tensor z, int[] cells) {
        return tessellation().inverse(z, cells);
    }
}
