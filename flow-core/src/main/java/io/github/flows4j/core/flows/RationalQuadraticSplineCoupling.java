package io.github.flows4j.core.flows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rational-quadratic spline coupling layer of Durkan et al. 2019, "Neural Spline Flows" (Sec. 3.1 and
 * App. A): on [−B, B] each transformed feature goes through a monotone rational-quadratic spline with K bins whose
 * widths, heights and interior knot derivatives come from the conditioner; outside [−B, B] the map is the identity
 * (linear tails, boundary derivatives 1, so the map is C¹ there). Widths and heights are a softmax shifted so each is
 * at least the min bin width/height; interior derivatives are {@code minDerivative + softplus(raw + c)} with c chosen
 * so that a zero conditioner output gives derivative 1 — a fresh layer (zero-initialised last layer) is the
 * identity. log |det J| is exact (the closed-form derivative of Sec. 3.1); the inverse solves the per-bin quadratic (App. A.3) in closed
 * form.
 *
 * <p>Bins are located with a host-side search over the knots (no gradient flows through the bin index, which is
 * piecewise constant), and each bin's quantities are gathered by one-hot masks; cumulative sums and parameter
 * blocks are matrix products with constant 0/1 matrices. All of it is plain {@link Tensor} ops, so gradients (of
 * any order) reach x, the context and every parameter.
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
    private final Tensor selectWidths;
    private final Tensor selectHeights;
    private final Tensor selectDerivatives;
    private final Tensor strictUpper;

    private RationalQuadraticSplineCoupling(Builder b, Rng rng) {
        super(b, 3 * b.bins - 1, rng);
        this.bins = b.bins;
        this.tailBound = b.tailBound;
        this.minBinWidth = b.minBinWidth;
        this.minBinHeight = b.minBinHeight;
        this.minDerivative = b.minDerivative;
        this.derivativeShift = Math.log(Math.expm1(1 - minDerivative));
        Tensor[] sel = selectors();
        this.selectWidths = sel[0];
        this.selectHeights = sel[1];
        this.selectDerivatives = sel[2];
        this.strictUpper = sel[3];
    }

    /**
     * @return a builder (defaults: no context, hidden 64, 64, RELU, parity false, 8 bins, tail bound 5, minimum bin
     *     width, height and derivative 1e-3, FLOAT)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Per-parameter-block selectors: x·S picks the raw widths, heights or interior derivatives of each row. */
    private Tensor[] selectors() {
        int k = bins;
        int[] w = new int[k];
        int[] h = new int[k];
        int[] d = new int[k - 1];
        for (int j = 0; j < k; j++) {
            w[j] = j;
            h[j] = k + j;
        }
        for (int j = 0; j < k - 1; j++) {
            d[j] = 2 * k + j;
        }
        int p = 3 * k - 1;
        INDArray strict = Nd4j.zeros(dtype(), k, k);
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                strict.putScalar(new long[] {i, j}, 1.0);
            }
        }
        return new Tensor[] {selector(p, w, dtype()), selector(p, h, dtype()), selector(p, d, dtype()),
            Tensor.constant(strict)};
    }

    /**
     * The spline of every (row, feature) pair, flattened to m = n·|B| rows: bin sizes as fractions of 2B, the
     * fractional left knots Σ_{i<j} w_i, and the interior derivatives.
     */
    private record Spline(Tensor widths, Tensor leftX, Tensor heights, Tensor leftY, Tensor inner) {
    }

    private Spline spline(Tensor theta, long m) {
        Tensor flat = theta.reshape(m, 3L * bins - 1);
        Tensor widths = softmax(flat.matmul(selectWidths)).mul(1 - minBinWidth * bins).add(minBinWidth);
        Tensor heights = softmax(flat.matmul(selectHeights)).mul(1 - minBinHeight * bins).add(minBinHeight);
        Tensor inner = flat.matmul(selectDerivatives).add(derivativeShift).softplus().add(minDerivative);
        return new Spline(widths, widths.matmul(strictUpper), heights, heights.matmul(strictUpper), inner);
    }

    /** Row-wise softmax of a matrix, as exp(a − max a) / Σ exp(a − max a) with the max held constant. */
    private static Tensor softmax(Tensor a) {
        Tensor e = a.sub(Tensor.constant(a.value().max(true, 1))).exp();
        return e.div(e.sum(1, true));
    }

    /**
     * The one-hot masks that gather each row's bin quantities: [bin one-hot (m×K), left interior derivative
     * (m×(K−1)), left boundary (m×1), right interior derivative (m×(K−1)), right boundary (m×1)].
     *
     * @param v     the (clamped) values, m of them
     * @param knots the fractional left knots, [m, K]
     */
    private Tensor[] binMasks(double[] v, INDArray knots) {
        int m = v.length;
        int k = bins;
        double[] ks = HostArrays.toDoubles(knots);
        double[] oneHot = new double[m * k];
        double[] leftInner = new double[m * (k - 1)];
        double[] leftEdge = new double[m];
        double[] rightInner = new double[m * (k - 1)];
        double[] rightEdge = new double[m];
        for (int i = 0; i < m; i++) {
            double u = (v[i] + tailBound) / (2 * tailBound);
            int bin = 0;
            while (bin < k - 1 && ks[i * k + bin + 1] <= u) {
                bin++;
            }
            oneHot[i * k + bin] = 1.0;
            if (bin == 0) {
                leftEdge[i] = 1.0;
            } else {
                leftInner[i * (k - 1) + bin - 1] = 1.0;
            }
            if (bin == k - 1) {
                rightEdge[i] = 1.0;
            } else {
                rightInner[i * (k - 1) + bin] = 1.0;
            }
        }
        DataType t = dtype();
        return new Tensor[] {Tensor.constant(HostArrays.fromDoubles(oneHot, t, m, k)),
            Tensor.constant(HostArrays.fromDoubles(leftInner, t, m, k - 1)),
            Tensor.constant(HostArrays.fromDoubles(leftEdge, t, m, 1)),
            Tensor.constant(HostArrays.fromDoubles(rightInner, t, m, k - 1)),
            Tensor.constant(HostArrays.fromDoubles(rightEdge, t, m, 1))};
    }

    /** The bin of each row: left knot, width, bottom knot, height (all absolute), left and right derivatives. */
    private record Bin(Tensor xk, Tensor w, Tensor yk, Tensor h, Tensor d0, Tensor d1) {
    }

    private Bin bin(Spline sp, Tensor[] masks) {
        double span = 2 * tailBound;
        Tensor oh = masks[0];
        Tensor xk = sp.leftX().mul(oh).sum(1, true).mul(span).sub(tailBound);
        Tensor w = sp.widths().mul(oh).sum(1, true).mul(span);
        Tensor yk = sp.leftY().mul(oh).sum(1, true).mul(span).sub(tailBound);
        Tensor h = sp.heights().mul(oh).sum(1, true).mul(span);
        Tensor d0 = sp.inner().mul(masks[1]).sum(1, true).add(masks[2]);
        Tensor d1 = sp.inner().mul(masks[3]).sum(1, true).add(masks[4]);
        return new Bin(xk, w, yk, h, d0, d1);
    }

    private INDArray insideMask(double[] v, long... shape) {
        double[] m = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = Math.abs(v[i]) <= tailBound ? 1.0 : 0.0;
        }
        return HostArrays.fromDoubles(m, dtype(), shape);
    }

    @Override
    Transformed forwardElementwise(Tensor x, Tensor theta) {
        long n = x.size(0);
        long nb = x.size(1);
        long m = n * nb;
        Spline sp = spline(theta, m);
        Tensor xin = x.clamp(-tailBound, tailBound).reshape(m, 1);
        double[] v = HostArrays.toDoubles(xin.value());
        Bin b = bin(sp, binMasks(v, sp.leftX().value()));
        Tensor delta = b.h().div(b.w());
        Tensor th = xin.sub(b.xk()).div(b.w());
        Tensor th1 = th.mul(th.rsub(1));
        Tensor slope = b.d1().add(b.d0()).sub(delta.mul(2));
        Tensor num = b.h().mul(delta.mul(th.square()).add(b.d0().mul(th1)));
        Tensor den = delta.add(slope.mul(th1));
        Tensor yin = b.yk().add(num.div(den)).reshape(n, nb);
        Tensor lad = logDerivative(th, th1, delta, b, den).reshape(n, nb);
        double[] xs = HostArrays.toDoubles(x.value());
        Tensor y = Tensor.where(insideMask(xs, n, nb), yin, x);
        Tensor logDet = Tensor.where(insideMask(xs, n, nb), lad, Tensor.zeros(x.dtype(), 1)).sum(1);
        return new Transformed(y, logDet);
    }

    @Override
    Transformed inverseElementwise(Tensor y, Tensor theta) {
        long n = y.size(0);
        long nb = y.size(1);
        long m = n * nb;
        Spline sp = spline(theta, m);
        Tensor yin = y.clamp(-tailBound, tailBound).reshape(m, 1);
        double[] v = HostArrays.toDoubles(yin.value());
        Bin b = bin(sp, binMasks(v, sp.leftY().value()));
        Tensor delta = b.h().div(b.w());
        Tensor dy = yin.sub(b.yk());
        Tensor slope = b.d1().add(b.d0()).sub(delta.mul(2));
        Tensor qa = b.h().mul(delta.sub(b.d0())).add(dy.mul(slope));
        Tensor qb = b.h().mul(b.d0()).sub(dy.mul(slope));
        Tensor qc = delta.mul(dy).neg();
        Tensor disc = qb.square().sub(qa.mul(qc).mul(4)).clamp(0, Double.MAX_VALUE);
        Tensor th = qc.mul(2).div(qb.neg().sub(disc.sqrt()));
        Tensor xin = th.mul(b.w()).add(b.xk()).reshape(n, nb);
        Tensor th1 = th.mul(th.rsub(1));
        Tensor den = delta.add(slope.mul(th1));
        Tensor lad = logDerivative(th, th1, delta, b, den).neg().reshape(n, nb);
        double[] ys = HostArrays.toDoubles(y.value());
        Tensor x = Tensor.where(insideMask(ys, n, nb), xin, y);
        Tensor logDet = Tensor.where(insideMask(ys, n, nb), lad, Tensor.zeros(y.dtype(), 1)).sum(1);
        return new Transformed(x, logDet);
    }

    /** log of dy/dx inside the bin (Durkan et al. 2019, Sec. 3.1). */
    private static Tensor logDerivative(Tensor th, Tensor th1, Tensor delta, Bin b, Tensor den) {
        Tensor numerator = delta.square().mul(b.d1().mul(th.square()).add(delta.mul(th1).mul(2))
                .add(b.d0().mul(th.rsub(1).square())));
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
