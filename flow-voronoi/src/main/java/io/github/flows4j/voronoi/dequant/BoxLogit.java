package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.voronoi.CellMap;

/**
 * The bijection of an open box (lo, hi) onto R^d that gives a flow on R^d exactly the box as support (the
 * "logit transform" of Dinh et al. 2017 and of Chen, Amos &amp; Nickel 2022's Voronoi flows): with
 * u = (z − lo) / (hi − lo) and s = α + (1 − 2α) u,
 * <pre>
 *   y = log s − log(1 − s),   log |det ∂y/∂z| = Σ_i [log(1 − 2α) − log(hi_i − lo_i) − log s_i − log(1 − s_i)].
 * </pre>
 * α &gt; 0 keeps the image of the closed box bounded (|y| ≤ log((1 − α)/α)).
 *
 * <pre>{@code
 * BoxLogit b = new BoxLogit(0.01);
 * CellMap y = b.forward(z, lower, upper);   // z [n, d] inside [lower, upper] ([1, d] each) -> y [n, d], log-det [n, 1]
 * }</pre>
 *
 * @param alpha α in [0, ½)
 */
public record BoxLogit(double alpha) {
    /** The paper's α. */
    public static final double DEFAULT_ALPHA = 0.01;

    /**
     * @throws InvalidConfigException unless 0 &le; α &lt; ½
     */
    public BoxLogit {
        if (!(alpha >= 0 && alpha < 0.5)) {
            throw InvalidConfigException.of("alpha", "in [0, 0.5)", alpha);
        }
    }

    /**
     * @param z     points inside the box, [n, d]
     * @param lower the box's lower corner, [1, d]
     * @param upper its upper corner, [1, d]
     * @return y [n, d] and log |det ∂y/∂z| [n, 1], differentiable in z and the box
     * @throws ShapeMismatchException if the shapes disagree
     */
    public CellMap forward(Tensor z, Tensor lower, Tensor upper) {
        Checks.notNull("z", z);
        Checks.notNull("lower", lower);
        Checks.notNull("upper", upper);
        if (z.rank() != 2) {
            throw ShapeMismatchException.of("z", "[n, d]", z.shape());
        }
        long d = z.size(1);
        for (Tensor t : new Tensor[] {lower, upper}) {
            if (t.rank() != 2 || t.size(0) != 1 || t.size(1) != d) {
                throw ShapeMismatchException.of(t == lower ? "lower" : "upper", "[1, " + d + "]", t.shape());
            }
        }
        Tensor width = upper.sub(lower);
        Tensor s = z.sub(lower).div(width).mul(1 - 2 * alpha).add(alpha);
        Tensor logS = s.log();
        Tensor log1mS = s.rsub(1.0).log();
        Tensor y = logS.sub(log1mS);
        Tensor perCoord = logS.add(log1mS).neg().sub(width.log()).add(Math.log(1 - 2 * alpha));
        return new CellMap(y, perCoord.sum(1, true));
    }
}
