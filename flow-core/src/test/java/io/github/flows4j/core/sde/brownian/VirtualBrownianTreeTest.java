package io.github.flows4j.core.sde.brownian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The virtual Brownian tree is one path, whatever is asked of it: increments add up over adjacent intervals, the
 * time integrals {@code U} satisfy Chen's relation, the same seed gives the same values in any query order, and
 * the increments and space-time Lévy areas have the variances of Brownian motion.
 */
class VirtualBrownianTreeTest {

    private static double[] flat(INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void incrementsAddUpAndTimeIntegralsSatisfyChensRelation() {
        VirtualBrownianTree w = VirtualBrownianTree.of(-0.5, 2.0, 8, 3, 5);
        double[][] triples = {{-0.5, 0.3, 2.0}, {0.1, 0.1234567, 0.9}, {0.25, 0.5, 0.75}, {1.0 / 3, 0.4, 1.999},
            {0.0, 1e-7, 2e-7}};
        for (double[] st : triples) {
            double s = st[0];
            double t = st[1];
            double u = st[2];
            BrownianIncrement su = w.increment(s, u);
            BrownianIncrement stI = w.increment(s, t);
            BrownianIncrement tu = w.increment(t, u);
            double[] sum = flat(stI.w().value().add(tu.w().value()));
            double dw = maxAbsDiff(flat(su.w().value()), sum);
            assertTrue(dw < 1e-12, "W over [" + s + ", " + u + "] differs from the sum over the halves by " + dw);
            // U_su = U_st + U_tu + (u - t) W_st
            double[] chen = flat(stI.timeIntegral().value().add(tu.timeIntegral().value())
                    .add(stI.w().value().mul(u - t)));
            double du = maxAbsDiff(flat(su.timeIntegral().value()), chen);
            assertTrue(du < 1e-12, "U over [" + s + ", " + u + "] breaks Chen's relation by " + du);
        }
    }

    @Test
    void sameSeedSamePathWhateverTheQueryOrder() {
        double[] points = {0.7, 0.05, 0.3333, 0.5, 0.999, 0.25, 0.61803};
        VirtualBrownianTree a = VirtualBrownianTree.of(0, 1, 4, 2, 99);
        VirtualBrownianTree b = VirtualBrownianTree.of(0, 1, 4, 2, 99);
        double[][] forward = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            forward[i] = flat(a.increment(0.01, points[i]).h().value());
        }
        // b is queried in reverse order, with unrelated queries in between that fill and evict its caches
        for (int i = points.length - 1; i >= 0; i--) {
            for (int k = 0; k < 60; k++) {
                b.increment(k / 60.0 * 0.9, k / 60.0 * 0.9 + 0.05);
            }
            assertArrayEquals(forward[i], flat(b.increment(0.01, points[i]).h().value()), 0.0,
                    "the area over [0.01, " + points[i] + "] depends on the query order");
        }
        assertArrayEquals(flat(a.value(0.42)), flat(b.value(0.42)), 0.0);
        VirtualBrownianTree other = VirtualBrownianTree.of(0, 1, 4, 2, 100);
        assertTrue(maxAbsDiff(flat(a.value(0.42)), flat(other.value(0.42))) > 1e-3, "another seed, another path");
    }

    @Test
    void dyadicNodesGiveTheirSampledIncrementsAndAreas() {
        VirtualBrownianTree w = VirtualBrownianTree.of(0, 1, 5, 1, 3);
        // the area over [0, 1] recomputed from the halves' increments and areas (the split formula inverted):
        // H = (H_l + H_r)/2 + (W_l - W_r)/4
        BrownianIncrement all = w.increment(0, 1);
        BrownianIncrement l = w.increment(0, 0.5);
        BrownianIncrement r = w.increment(0.5, 1);
        INDArray rebuilt = l.h().value().add(r.h().value()).mul(0.5)
                .add(l.w().value().sub(r.w().value()).mul(0.25));
        assertTrue(maxAbsDiff(flat(all.h().value()), flat(rebuilt)) < 1e-13);
    }

    @Test
    void incrementsHaveBrownianVariances() {
        int n = 20_000;
        VirtualBrownianTree w = VirtualBrownianTree.of(0, 1, n, 1, 2024);
        double[][] intervals = {{0.0, 1.0}, {0.25, 0.5}, {0.1, 0.137}, {0.6, 0.6005}};
        for (double[] iv : intervals) {
            double h = iv[1] - iv[0];
            BrownianIncrement dw = w.increment(iv[0], iv[1]);
            double[] x = flat(dw.w().value());
            double[] a = flat(dw.h().value());
            double vx = 0;
            double va = 0;
            double cov = 0;
            for (int i = 0; i < n; i++) {
                vx += x[i] * x[i];
                va += a[i] * a[i];
                cov += x[i] * a[i];
            }
            vx /= n;
            va /= n;
            cov /= n;
            double se = Math.sqrt(2.0 / n);
            assertEquals(1.0, vx / h, 5 * se, "Var W over " + java.util.Arrays.toString(iv) + " / dt");
            assertEquals(1.0, va / (h / 12), 5 * se, "Var H over " + java.util.Arrays.toString(iv) + " / (dt/12)");
            assertEquals(0.0, cov / Math.sqrt(h * h / 12), 5 / Math.sqrt(n), "W and H are uncorrelated");
        }
    }

    @Test
    void disjointIncrementsAreUncorrelated() {
        int n = 20_000;
        VirtualBrownianTree w = VirtualBrownianTree.of(0, 1, n, 1, 77);
        double[][][] pairs = {{{0, 0.5}, {0.5, 1}}, {{0.25, 0.5}, {0.5, 0.6}}, {{0.1, 0.2}, {0.7, 0.71}}};
        for (double[][] p : pairs) {
            double[] a = flat(w.increment(p[0][0], p[0][1]).w().value());
            double[] b = flat(w.increment(p[1][0], p[1][1]).w().value());
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += a[i] * b[i];
            }
            double corr = c / n / Math.sqrt((p[0][1] - p[0][0]) * (p[1][1] - p[1][0]));
            assertEquals(0.0, corr, 5 / Math.sqrt(n), "increments over " + java.util.Arrays.deepToString(p)
                    + " are correlated");
        }
    }

    @Test
    void floatPathsAndValidation() {
        VirtualBrownianTree f = VirtualBrownianTree.builder().span(0, 1).shape(3, 2).seed(1)
                .tolerance(1e-3).build();
        assertEquals(DataType.FLOAT, f.increment(0.2, 0.4).w().dtype());
        assertEquals(10, f.depth());
        assertThrows(InvalidConfigException.class, () -> f.increment(0.5, 0.5));
        assertThrows(InvalidConfigException.class, () -> f.increment(-0.1, 0.5));
        assertThrows(InvalidConfigException.class, () -> f.increment(0.5, 1.1));
        InvalidConfigException noSeed = assertThrows(InvalidConfigException.class,
                () -> VirtualBrownianTree.builder().span(0, 1).shape(1, 1).build());
        assertTrue(noSeed.getMessage().contains("seed"), noSeed.getMessage());
        assertThrows(InvalidConfigException.class, () -> VirtualBrownianTree.of(1, 1, 1, 1, 0));
        assertThrows(InvalidConfigException.class, () -> VirtualBrownianTree.of(0, 1, 0, 1, 0));
        assertThrows(InvalidConfigException.class,
                () -> VirtualBrownianTree.builder().span(0, 1).shape(1, 1).seed(0).tolerance(0).build());
    }
}
