package io.github.flows4j.voronoi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tessellation enters only candidate bisectors on the tape; these tests compare it with the exhaustive
 * computation over all K − 1 bisectors (the formula of {@link Tessellation}'s Javadoc, written out here).
 */
class PrunedGaugeTest {

    /** The exhaustive forward map: every bisector of every row's cell, [n, K, d]. */
    private static Tensor[] exhaustiveForward(Tensor anchors, Tensor lower, Tensor upper, Tensor logScale, Tensor x,
            int[] cells) {
        int n = cells.length;
        int k = (int) anchors.size(0);
        int d = (int) anchors.size(1);
        Tensor ak = anchors.indexSelect(cells);
        Tensor v = x.sub(ak);
        Tensor diffs = anchors.reshape(1, k, d).sub(anchors.reshape(k, 1, d));
        Tensor num = diffs.indexSelect(cells).mul(v.reshape(n, 1, d)).sum(2).mul(2.0);
        Tensor den = diffs.square().sum(2).indexSelect(cells);
        INDArray own = Nd4j.zeros(anchors.dtype(), n, k);
        for (int i = 0; i < n; i++) {
            own.putScalar(i, cells[i], 1.0);
        }
        Tensor bisect = Tensor.where(own, Tensor.zeros(anchors.dtype(), 1, 1), num)
                .div(Tensor.where(own, Tensor.ones(anchors.dtype(), 1, 1), den));
        Tensor m = Tensor.concat(1, bisect, v.div(upper.sub(ak)), v.div(lower.sub(ak))).max(1, true);
        Tensor s = logScale.indexSelect(cells);
        Tensor es = s.exp();
        Tensor onePlusT = es.mul(m).add(1.0);
        Tensor z = ak.add(es.mul(v).div(onePlusT));
        return new Tensor[] {z, s.mul(d).sub(onePlusT.log().mul(d + 1.0))};
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        double[] x = HostArrays.toDoubles(a);
        double[] y = HostArrays.toDoubles(b);
        assertEquals(x.length, y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource({"2, 300", "3, 120", "5, 64", "2, 4"})
    void forwardValuesAreBitIdenticalAndGradientsAgreeWithTheExhaustiveGauge(int d, int k) {
        Rng rng = Rng.seeded(100 + d * 7 + k);
        int n = 500;
        VoronoiTransform vt = VoronoiTransform.random(k, d, 2.0, DataType.DOUBLE, rng.split());
        Tessellation t0 = vt.tessellation();
        INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(2.0);
        // a few rows exactly at their anchor, and far away, as the extremes of the map
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            cells[i] = rng.nextInt(k);
        }
        x.putRow(0, t0.anchors().value().getRow(cells[0]).dup());
        x.getRow(1).muli(1e6);
        INDArray w = rng.normal(DataType.DOUBLE, n, d);
        INDArray scale = rng.normal(DataType.DOUBLE, k, 1).muli(0.3);

        Tensor[] pa = {Tensor.variable(t0.anchors().value().dup()), Tensor.variable(t0.lower().value().dup()),
            Tensor.variable(t0.upper().value().dup()), Tensor.variable(scale.dup()), Tensor.variable(x.dup())};
        CellMap m = Tessellation.of(pa[0], pa[1], pa[2], pa[3]).forward(pa[4], cells);
        Tensor[] ea = {Tensor.variable(t0.anchors().value().dup()), Tensor.variable(t0.lower().value().dup()),
            Tensor.variable(t0.upper().value().dup()), Tensor.variable(scale.dup()), Tensor.variable(x.dup())};
        Tensor[] e = exhaustiveForward(ea[0], ea[1], ea[2], ea[3], ea[4], cells);

        assertArrayEquals(HostArrays.toDoubles(e[0].value()), HostArrays.toDoubles(m.value().value()), 0.0,
                "z is bit-for-bit the exhaustive one");
        assertArrayEquals(HostArrays.toDoubles(e[1].value()), HostArrays.toDoubles(m.logDet().value()), 0.0,
                "log-det is bit-for-bit the exhaustive one");

        // row 0 sits at its anchor, where the gauge has a kink (every term is 0): any subgradient is valid there, so
        // it is left out of the gradient comparison
        Tensor wt = Tensor.constant(w);
        INDArray rowWeight = Nd4j.ones(DataType.DOUBLE, n, 1);
        rowWeight.putScalar(0, 0, 0.0);
        Tensor rw = Tensor.constant(rowWeight);
        Tensor[] gp = Autodiff.grad(m.value().mul(wt).mul(rw).sum().add(m.logDet().mul(rw).sum()), pa);
        Tensor[] ge = Autodiff.grad(e[0].mul(wt).mul(rw).sum().add(e[1].mul(rw).sum()), ea);
        String[] names = {"anchors", "lower", "upper", "logScale", "x"};
        for (int i = 0; i < names.length; i++) {
            double scaleOf = Math.max(1.0, Arrays.stream(HostArrays.toDoubles(ge[i].value())).map(Math::abs).max()
                    .orElse(0));
            assertTrue(maxAbsDiff(gp[i].value(), ge[i].value()) <= 1e-12 * scaleOf,
                    "gradient in " + names[i] + " differs by " + maxAbsDiff(gp[i].value(), ge[i].value()));
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 300", "4, 100"})
    void inverseAgreesWithTheExhaustiveInverse(int d, int k) {
        Rng rng = Rng.seeded(200 + d);
        int n = 400;
        Tessellation t = VoronoiTransform.random(k, d, 1.0, DataType.DOUBLE, rng.split()).tessellation();
        int[] cells = new int[n];
        for (int i = 0; i < n; i++) {
            cells[i] = rng.nextInt(k);
        }
        INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(3.0);
        Tensor z = t.forward(Tensor.constant(x), cells).value();
        Tensor[] e = exhaustiveForward(t.anchors(), t.lower(), t.upper(), t.logScale(), Tensor.constant(x), cells);
        assertArrayEquals(HostArrays.toDoubles(e[0].value()), HostArrays.toDoubles(z.value()), 0.0);
        CellMap back = t.inverse(z, cells);
        assertTrue(maxAbsDiff(back.value().value(), x) <= 1e-9, "inverse(forward(x)) = x");
        assertArrayEquals(cells, t.assign(z.value()), "outputs land in their cells");
    }

    @ParameterizedTest
    @CsvSource({"1, 50", "2, 1000", "3, 300", "6, 200", "2, 7"})
    void anchorTreeAnswersAsBruteForce(int d, int k) {
        Rng rng = Rng.seeded(300 + d + k);
        double[] a = HostArrays.toDoubles(rng.uniform(-1, 1, DataType.DOUBLE, k, d));
        // a duplicated coordinate column and a tie: the tree must still answer exactly
        if (k > 3) {
            for (int j = 0; j < k; j += 3) {
                a[j * d] = 0.25;
            }
        }
        AnchorTree tree = new AnchorTree(a, k, d);
        double[] q = new double[d];
        for (int trial = 0; trial < 300; trial++) {
            for (int c = 0; c < d; c++) {
                q[c] = 2.4 * rng.nextDouble() - 1.2;
            }
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (tree.dist2(j, q) < tree.dist2(best, q)) {
                    best = j;
                }
            }
            assertEquals(best, tree.nearest(q), "nearest anchor of query " + trial);
            double r = 0.5 * rng.nextDouble();
            int[] got = tree.within(q, r);
            Arrays.sort(got);
            int[] want = java.util.stream.IntStream.range(0, k).filter(j -> tree.dist2(j, q) <= r * r).toArray();
            assertArrayEquals(want, got, "ball query " + trial);
        }
        // exact ties go to the lowest index
        double[] sym = {-1, 0, 1, 0, 0, 1};
        assertEquals(0, new AnchorTree(sym, 3, 2).nearest(new double[] {0, -5}));
    }

    @org.junit.jupiter.api.Test
    void duplicateAnchorsAmongManyAreNamedAndSignedZerosCoincide() {
        Rng rng = Rng.seeded(9);
        INDArray a = rng.uniform(-0.9, 0.9, DataType.DOUBLE, 500, 3);
        a.putRow(417, a.getRow(23).dup());
        INDArray lo = Nd4j.valueArrayOf(new long[] {1, 3}, -1.0, DataType.DOUBLE);
        INDArray hi = Nd4j.valueArrayOf(new long[] {1, 3}, 1.0, DataType.DOUBLE);
        io.github.flows4j.core.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.flows4j.core.InvalidConfigException.class, () -> VoronoiTransform.of(a, lo, hi, false));
        assertTrue(e.getMessage().contains("anchors 23 and 417 coincide"), e.getMessage());
        INDArray signed = Nd4j.createFromArray(new double[][] {{0.0, 0.5}, {0.3, 0.1}, {-0.0, 0.5}});
        e = org.junit.jupiter.api.Assertions.assertThrows(io.github.flows4j.core.InvalidConfigException.class,
                () -> VoronoiTransform.of(signed, lo.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup(),
                        hi.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup(), false));
        assertTrue(e.getMessage().contains("anchors 0 and 2 coincide"), e.getMessage());
    }
}
