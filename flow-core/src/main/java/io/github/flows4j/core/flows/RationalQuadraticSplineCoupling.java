package io.github.flows4j.core.flows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rational-quadratic spline coupling layer of Durkan et al. 2019, "Neural Spline Flows" (Sec. 3.1, Eq. 4–8 and
 * App. A): on [−B, B] each transformed feature goes through a monotone rational-quadratic spline with K bins whose
 * widths, heights and interior knot derivatives come from the conditioner; outside [−B, B] the map is the identity
 * (linear tails, boundary derivatives 1, so the map is C¹ there). Widths and heights are a softmax shifted so each is
 * at least the min bin width/height; interior derivatives are {@code minDerivative + softplus(raw + c)} with c chosen
 * so that a zero conditioner output gives derivative 1 — a fresh layer (zero-initialised last layer) is the
 * identity. log |det J| is exact (Eq. 5 of App. A); the inverse solves the per-bin quadratic (App. A.3) in closed
 * form.
 *
 * <p>Bins are located with a host-side search over the knots (no gradient flows through the bin index, which is
 * piecewise constant), and each bin's quantities are gathered by a one-hot mask, so gradients reach x, the context
 * and every parameter.
 *
 * <pre>{@code
 * RationalQuadraticSplineCoupling layer = RationalQuadraticSplineCoupling.builder().dim(2).bins(8).tailBound(5)
 *         .hidden(64, 64).dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Transformed t = layer.forward(x, null);     // x: [n, 2] -> value [n, 2], logDet [n]
 * }</pre>
 */
public final class RationalQuadraticSplineCoupling extends Coupling {
    private final int bins;
    private final double tailBound;
    private final double minBinWidth;
    private final double minBinHeight;
    private final double minDerivative;
    private final double derivativeShift;

    private RationalQuadraticSplineCoupling(Builder b, Rng rng) {
        super(b, 3 * b.bins - 1, rng);
        this.bins = b.bins;
        this.tailBound = b.tailBound;
        this.minBinWidth = b.minBinWidth;
        this.minBinHeight = b.minBinHeight;
        this.minDerivative = b.minDerivative;
        this.derivativeShift = Math.log(Math.expm1(1 - minDerivative));
    }

    /**
     * @return a builder (defaults: no context, hidden 64, 64, RELU, parity false, 8 bins, tail bound 5, minimum bin
     *     width, height and derivative 1e-3, FLOAT)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The spline's knots and knot derivatives for one batch: [n, nb, K+1] each. */
    private record Knots(Tensor xs, Tensor ys, Tensor derivatives) {
    }

    private Knots knots(Tensor theta) {
        long n = theta.size(0);
        long nb = theta.size(1);
        int k = bins;
        DataType t = theta.dtype();
        Tensor widths = theta.narrow(2, 0, k).softmax(2).mul(1 - minBinWidth * k).add(minBinWidth);
        Tensor heights = theta.narrow(2, k, k).softmax(2).mul(1 - minBinHeight * k).add(minBinHeight);
        Tensor lo = Tensor.constant(Nd4j.valueArrayOf(new long[] {n, nb, 1}, -tailBound, t));
        Tensor hi = Tensor.constant(Nd4j.valueArrayOf(new long[] {n, nb, 1}, tailBound, t));
        Tensor one = Tensor.ones(t, n, nb, 1);
        Tensor xs = Tensor.concat(2, lo, widths.cumsum(2).narrow(2, 0, k - 1).mul(2 * tailBound).sub(tailBound), hi);
        Tensor ys = Tensor.concat(2, lo, heights.cumsum(2).narrow(2, 0, k - 1).mul(2 * tailBound).sub(tailBound),
                hi);
        Tensor inner = theta.narrow(2, 2 * k, k - 1).add(derivativeShift).softplus().add(minDerivative);
        return new Knots(xs, ys, Tensor.concat(2, one, inner, one));
    }

    /** One-hot [n, nb, K] of the bin of each value of v (clamped to [−B, B]) among the knots [n, nb, K+1]. */
    private INDArray binOneHot(INDArray v, INDArray knots) {
        long n = v.size(0);
        int nb = (int) v.size(1);
        int k = bins;
        double[] vs = HostArrays.toDoubles(v);
        double[] ks = HostArrays.toDoubles(knots);
        double[] oneHot = new double[vs.length * k];
        for (int i = 0; i < vs.length; i++) {
            int base = i * (k + 1);
            int bin = 0;
            while (bin < k - 1 && ks[base + bin + 1] <= vs[i]) {
                bin++;
            }
            oneHot[i * k + bin] = 1.0;
        }
        return Nd4j.create(oneHot, new long[] {n, nb, k}).castTo(v.dataType());
    }

    private INDArray insideMask(INDArray v) {
        double[] vs = HostArrays.toDoubles(v);
        double[] m = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            m[i] = Math.abs(vs[i]) <= tailBound ? 1.0 : 0.0;
        }
        return Nd4j.create(m, v.shape()).castTo(v.dataType());
    }

    /** Gathers, per element, the left and right entries of a [n, nb, K+1] knot tensor in the element's bin. */
    private static Tensor[] gather(Tensor knots, Tensor oneHot, int k) {
        Tensor left = knots.narrow(2, 0, k).mul(oneHot).sum(2);
        Tensor right = knots.narrow(2, 1, k).mul(oneHot).sum(2);
        return new Tensor[] {left, right};
    }

    @Override
    Transformed forwardElementwise(Tensor x, Tensor theta) {
        Knots kn = knots(theta);
        Tensor xin = x.clamp(-tailBound, tailBound);
        Tensor oneHot = Tensor.constant(binOneHot(xin.value(), kn.xs().value()));
        Tensor[] xk = gather(kn.xs(), oneHot, bins);
        Tensor[] yk = gather(kn.ys(), oneHot, bins);
        Tensor[] dk = gather(kn.derivatives(), oneHot, bins);
        Tensor w = xk[1].sub(xk[0]);
        Tensor h = yk[1].sub(yk[0]);
        Tensor delta = h.div(w);
        Tensor th = xin.sub(xk[0]).div(w);
        Tensor th1 = th.mul(th.rsub(1));
        Tensor num = h.mul(delta.mul(th.square()).add(dk[0].mul(th1)));
        Tensor den = delta.add(dk[1].add(dk[0]).sub(delta.mul(2)).mul(th1));
        Tensor yin = yk[0].add(num.div(den));
        Tensor lad = logDerivative(th, th1, delta, dk, den);
        INDArray inside = insideMask(x.value());
        Tensor y = Tensor.where(inside, yin, x);
        Tensor logDet = Tensor.where(inside, lad, Tensor.zeros(x.dtype(), 1)).sum(1);
        return new Transformed(y, logDet);
    }

    @Override
    Transformed inverseElementwise(Tensor y, Tensor theta) {
        Knots kn = knots(theta);
        Tensor yin = y.clamp(-tailBound, tailBound);
        Tensor oneHot = Tensor.constant(binOneHot(yin.value(), kn.ys().value()));
        Tensor[] xk = gather(kn.xs(), oneHot, bins);
        Tensor[] yk = gather(kn.ys(), oneHot, bins);
        Tensor[] dk = gather(kn.derivatives(), oneHot, bins);
        Tensor w = xk[1].sub(xk[0]);
        Tensor h = yk[1].sub(yk[0]);
        Tensor delta = h.div(w);
        Tensor dy = yin.sub(yk[0]);
        Tensor slope = dk[1].add(dk[0]).sub(delta.mul(2));
        Tensor a = h.mul(delta.sub(dk[0])).add(dy.mul(slope));
        Tensor b = h.mul(dk[0]).sub(dy.mul(slope));
        Tensor c = delta.mul(dy).neg();
        Tensor disc = b.square().sub(a.mul(c).mul(4)).clamp(0, Double.MAX_VALUE);
        Tensor th = c.mul(2).div(b.neg().sub(disc.sqrt()));
        Tensor xin = th.mul(w).add(xk[0]);
        Tensor th1 = th.mul(th.rsub(1));
        Tensor den = delta.add(slope.mul(th1));
        Tensor lad = logDerivative(th, th1, delta, dk, den).neg();
        INDArray inside = insideMask(y.value());
        Tensor x = Tensor.where(inside, xin, y);
        Tensor logDet = Tensor.where(inside, lad, Tensor.zeros(y.dtype(), 1)).sum(1);
        return new Transformed(x, logDet);
    }

    /** log of dy/dx inside the bin (Durkan et al. 2019, Eq. 5). */
    private static Tensor logDerivative(Tensor th, Tensor th1, Tensor delta, Tensor[] dk, Tensor den) {
        Tensor numerator = delta.square().mul(dk[1].mul(th.square()).add(delta.mul(th1).mul(2))
                .add(dk[0].mul(th.rsub(1).square())));
        return numerator.log().sub(den.log().mul(2));
    }

    /** @return the number of bins K */
    public int bins() {
        return bins;
    }

    /** @return the tail bound B: the spline acts on [−B, B], the identity elsewhere */
    public double tailBound() {
        return tailBound;
    }

    @Override
    public String toString() {
        return "RationalQuadraticSplineCoupling(dim=" + dim() + ", contextDim=" + contextDim() + ", bins=" + bins
                + ", tailBound=" + tailBound + ", " + dtype() + ")";
    }

    /** Collects a {@link RationalQuadraticSplineCoupling}'s configuration; {@link #build(Rng)} validates it. */
    public static final class Builder extends Coupling.Builder<Builder> {
        private int bins = 8;
        private double tailBound = 5.0;
        private double minBinWidth = 1e-3;
        private double minBinHeight = 1e-3;
        private double minDerivative = 1e-3;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** @param bins the number of bins K &ge; 2 (default 8) @return this builder */
        public Builder bins(int bins) {
            this.bins = bins;
            return this;
        }

        /** @param tailBound B &gt; 0, finite: the spline acts on [−B, B] (default 5) @return this builder */
        public Builder tailBound(double tailBound) {
            this.tailBound = tailBound;
            return this;
        }

        /** @param minBinWidth each bin's width is at least this fraction of 2B, in (0, 1/K) (default 1e-3) @return this */
        public Builder minBinWidth(double minBinWidth) {
            this.minBinWidth = minBinWidth;
            return this;
        }

        /** @param minBinHeight each bin's height is at least this fraction of 2B, in (0, 1/K) (default 1e-3) @return this */
        public Builder minBinHeight(double minBinHeight) {
            this.minBinHeight = minBinHeight;
            return this;
        }

        /** @param minDerivative the least interior knot derivative, in (0, 1) (default 1e-3) @return this builder */
        public Builder minDerivative(double minDerivative) {
            this.minDerivative = minDerivative;
            return this;
        }

        /**
         * @param rng the source of the conditioner's initial weights (its last layer starts at zero)
         * @return the layer, the identity map until trained
         * @throws InvalidConfigException naming the field: dim &lt; 2, contextDim &lt; 0, a hidden width &lt; 1, a
         *     bad mask, bins &lt; 2, tailBound not positive and finite, a minimum out of range, a null activation or
         *     rng, dtype not FLOAT/DOUBLE
         */
        public RationalQuadraticSplineCoupling build(Rng rng) {
            validate(rng);
            checkSpline(bins, tailBound);
            if (!(minBinWidth > 0) || minBinWidth * bins >= 1) {
                throw InvalidConfigException.of("minBinWidth", "in (0, 1/bins) = (0, " + 1.0 / bins + ")",
                        minBinWidth);
            }
            if (!(minBinHeight > 0) || minBinHeight * bins >= 1) {
                throw InvalidConfigException.of("minBinHeight", "in (0, 1/bins) = (0, " + 1.0 / bins + ")",
                        minBinHeight);
            }
            if (!(minDerivative > 0) || minDerivative >= 1) {
                throw InvalidConfigException.of("minDerivative", "in (0, 1)", minDerivative);
            }
            return new RationalQuadraticSplineCoupling(this, rng);
        }
    }

    static void checkSpline(int bins, double tailBound) {
        if (bins < 2) {
            throw InvalidConfigException.of("bins", ">= 2", bins);
        }
        if (!(tailBound > 0) || Double.isInfinite(tailBound)) {
            throw InvalidConfigException.of("tailBound", "> 0 and finite", tailBound);
        }
    }
}
