package io.github.flows4j.manifold.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base and wrapped-normal densities integrate to one against the Riemannian volume, computed by quadrature in
 * coordinates whose volume element is derived independently of the densities' Jacobians, and agree with their
 * samplers.
 */
class BaseDensityTest {
    private static double[] eval(WrappedNormalFamily m, double[] rows, int dim, INDArray mean, double scale) {
        INDArray x = HostArrays.fromDoubles(rows, DataType.DOUBLE, rows.length / dim, dim);
        return HostArrays.toDoubles(m.wrappedNormalLogProb(x, mean, scale));
    }

    @Test
    void uniformDensitiesOnCompactManifolds() {
        INDArray s2 = new Sphere(3).randomBase(Rng.seeded(0), DataType.DOUBLE, 5);
        for (double lp : HostArrays.toDoubles(new Sphere(3).baseLogProb(s2))) {
            assertEquals(-Math.log(4 * Math.PI), lp, 1e-14);
        }
        assertEquals(Math.log(2 * Math.PI), new Sphere(2).logArea(), 1e-14);
        assertEquals(Math.log(2 * Math.PI * Math.PI), new Sphere(4).logArea(), 1e-14);
        INDArray t3 = new FlatTorus(3).randomBase(Rng.seeded(0), DataType.DOUBLE, 5);
        for (double lp : HostArrays.toDoubles(new FlatTorus(3).baseLogProb(t3))) {
            assertEquals(-3 * Math.log(2 * Math.PI), lp, 1e-14);
        }
    }

    @Test
    void euclideanBaseIsTheStandardNormal() {
        Euclidean e = new Euclidean(2);
        INDArray x = HostArrays.fromDoubles(new double[] {0, 0, 1, -2}, DataType.DOUBLE, 2, 2);
        double[] lp = HostArrays.toDoubles(e.baseLogProb(x));
        assertEquals(-Math.log(2 * Math.PI), lp[0], 1e-14);
        assertEquals(-Math.log(2 * Math.PI) - 2.5, lp[1], 1e-14);
        INDArray mu = HostArrays.fromDoubles(new double[] {1, -2}, DataType.DOUBLE, 1, 2);
        assertEquals(-Math.log(2 * Math.PI * 0.25), HostArrays.toDoubles(e.wrappedNormalLogProb(x, mu, 0.5))[1],
                1e-14);
    }

    @Test
    void torusWrappedNormalIntegratesToOneAndMatchesTheNormalWhenNarrow() {
        FlatTorus t = new FlatTorus(2);
        INDArray mu = HostArrays.fromDoubles(new double[] {0.3, 6.0}, DataType.DOUBLE, 1, 2);
        int g = 160;
        double h = 2 * Math.PI / g;
        double[] rows = new double[g * g * 2];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                rows[(i * g + j) * 2] = (i + 0.5) * h;
                rows[(i * g + j) * 2 + 1] = (j + 0.5) * h;
            }
        }
        for (double scale : new double[] {0.4, 1.5, 4.0}) {
            double sum = 0;
            for (double lp : eval(t, rows, 2, mu, scale)) {
                sum += Math.exp(lp) * h * h;
            }
            assertEquals(1, sum, 1e-6, "integral at scale " + scale);
        }
        // wide: nearly uniform
        double[] wide = eval(t, new double[] {1, 2}, 2, mu, 20);
        assertEquals(-2 * Math.log(2 * Math.PI), wide[0], 1e-9);
        // narrow: the plain normal of the wrapped difference
        double[] narrow = eval(t, new double[] {0.35, 0.05}, 2, mu, 0.1);
        double d1 = 0.05;
        double d2 = 0.05 + 2 * Math.PI - 6.0;
        assertEquals(-Math.log(2 * Math.PI * 0.01) - (d1 * d1 + d2 * d2) / 0.02, narrow[0], 1e-9);
    }

    @Test
    void hyperbolicWrappedNormalIntegratesToOneInPolarCoordinates() {
        Hyperbolic h2 = new Hyperbolic(2);
        // polar coordinates about the origin: x = (cosh r, sinh r cos θ, sinh r sin θ), dvol = sinh r dr dθ
        int nr = 600;
        int nt = 128;
        double rMax = 9;
        double dr = rMax / nr;
        double dt = 2 * Math.PI / nt;
        double[] rows = new double[nr * nt * 3];
        double[] weight = new double[nr * nt];
        for (int i = 0; i < nr; i++) {
            double r = (i + 0.5) * dr;
            for (int j = 0; j < nt; j++) {
                double th = (j + 0.5) * dt;
                int k = i * nt + j;
                rows[3 * k] = Math.cosh(r);
                rows[3 * k + 1] = Math.sinh(r) * Math.cos(th);
                rows[3 * k + 2] = Math.sinh(r) * Math.sin(th);
                weight[k] = Math.sinh(r) * dr * dt;
            }
        }
        INDArray origin = h2.origin(DataType.DOUBLE, 1);
        INDArray shifted = h2.expmap(origin, HostArrays.fromDoubles(new double[] {0, 0.8, -0.6}, DataType.DOUBLE,
                1, 3));
        for (INDArray mean : new INDArray[] {origin, shifted}) {
            for (double scale : new double[] {0.5, 1.0}) {
                double[] lp = eval(h2, rows, 3, mean, scale);
                double sum = 0;
                for (int k = 0; k < lp.length; k++) {
                    sum += Math.exp(lp[k]) * weight[k];
                }
                assertEquals(1, sum, 2e-4, "integral, scale " + scale + ", mean " + mean);
            }
        }
    }

    @Test
    void hyperbolicH3BaseIntegratesRadially() {
        Hyperbolic h3 = new Hyperbolic(3, 0.8);
        // isotropic about the origin: ∫ p dvol = ∫ p(r) 4π sinh² r dr
        int nr = 4000;
        double dr = 8.0 / nr;
        double[] rows = new double[nr * 4];
        for (int i = 0; i < nr; i++) {
            double r = (i + 0.5) * dr;
            rows[4 * i] = Math.cosh(r);
            rows[4 * i + 3] = Math.sinh(r);
        }
        double[] lp = HostArrays.toDoubles(h3.baseLogProb(HostArrays.fromDoubles(rows, DataType.DOUBLE, nr, 4)));
        double sum = 0;
        double meanR = 0;
        for (int i = 0; i < nr; i++) {
            double r = (i + 0.5) * dr;
            double w = Math.exp(lp[i]) * 4 * Math.PI * Math.sinh(r) * Math.sinh(r) * dr;
            sum += w;
            meanR += r * w;
        }
        assertEquals(1, sum, 1e-6);
        // the sampler agrees with the density: E[dist(o, x)]
        INDArray x = h3.randomBase(Rng.seeded(3), DataType.DOUBLE, 20000);
        double[] d = HostArrays.toDoubles(h3.dist(h3.origin(DataType.DOUBLE, 20000), x));
        double sampleMean = 0;
        for (double v : d) {
            sampleMean += v / d.length;
        }
        assertEquals(meanR, sampleMean, 0.01);
    }

    /** X = R(φ) diag(e^a, e^b) R(φ)ᵀ; with metric tr(X⁻¹dX X⁻¹dX): dvol = 2√2 |sinh((a − b)/2)| da db dφ. */
    private static double[] spd2(double a, double b, double phi) {
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        double off = c * s * (ea - eb);
        return new double[] {c * c * ea + s * s * eb, off, off, s * s * ea + c * c * eb};
    }

    @Test
    void spdWrappedNormalIntegratesToOneAgainstTheEigenvalueVolumeForm() {
        for (double scale : new double[] {0.4, 1.2}) {
            SpdMatrices spd = new SpdMatrices(2, scale);
            int g = 240;
            double lim = 7 * scale;
            double h = 2 * lim / g;
            double[] rows = new double[g * g * 4];
            double[] tr = new double[g * g];
            Rng rng = Rng.seeded(4);
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < g; j++) {
                    double a = -lim + (i + 0.5) * h;
                    double b = -lim + (j + 0.5) * h;
                    // the density at the identity mean is rotation invariant: any φ will do
                    System.arraycopy(spd2(a, b, Math.PI * rng.nextDouble()), 0, rows, (i * g + j) * 4, 4);
                    tr[i * g + j] = Math.exp(a) + Math.exp(b);
                }
            }
            double[] lp = HostArrays.toDoubles(spd.baseLogProb(HostArrays.fromDoubles(rows, DataType.DOUBLE, g * g,
                    4)));
            double sum = 0;
            double meanTrace = 0;
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < g; j++) {
                    double a = -lim + (i + 0.5) * h;
                    double b = -lim + (j + 0.5) * h;
                    // ∫ over φ ∈ [0, π) and halve: (a, b, φ) and (b, a, φ + π/2) give the same matrix
                    double w = Math.exp(lp[i * g + j]) * 2 * Math.sqrt(2) * Math.abs(Math.sinh((a - b) / 2)) * h * h
                            * Math.PI / 2;
                    sum += w;
                    meanTrace += tr[i * g + j] * w;
                }
            }
            assertEquals(1, sum, 5e-4, "integral at scale " + scale);   // midpoint rule across the |sinh| kink at a = b
            INDArray x = spd.randomBase(Rng.seeded(5), DataType.DOUBLE, 20000);
            double[] v = HostArrays.toDoubles(x);
            double sampleTrace = 0;
            for (int k = 0; k < 20000; k++) {
                sampleTrace += (v[4 * k] + v[4 * k + 3]) / 20000;
            }
            assertEquals(meanTrace, sampleTrace, 0.02 * meanTrace, "E[tr X] at scale " + scale);
        }
    }

    @Test
    void spdDensityIsInvariantUnderTheCongruenceIsometry() {
        SpdMatrices spd = new SpdMatrices(3);
        Rng rng = Rng.seeded(6);
        INDArray m = spd.randomBase(rng, DataType.DOUBLE, 1);
        INDArray x = spd.sampleWrappedNormal(m.repeat(0, 50), 0.7, rng);
        double[] withMean = HostArrays.toDoubles(spd.wrappedNormalLogProb(x, m, 0.7));
        // M^{-1/2} X M^{-1/2} under the wrapped normal at I
        double[] mv = HostArrays.toDoubles(m);
        double[] isq = SymmetricEigen.of(mv, 0, 3).apply(l -> 1 / Math.sqrt(l));
        double[] xv = HostArrays.toDoubles(x);
        double[] moved = new double[xv.length];
        for (int i = 0; i < 50; i++) {
            double[] xi = java.util.Arrays.copyOfRange(xv, 9 * i, 9 * i + 9);
            System.arraycopy(SymmetricEigen.congruence(isq, xi, 3), 0, moved, 9 * i, 9);
        }
        double[] atIdentity = HostArrays.toDoubles(spd.wrappedNormalLogProb(HostArrays.fromDoubles(moved,
                DataType.DOUBLE, 50, 9), spd.identity(DataType.DOUBLE, 1), 0.7));
        ManifoldCases.assertClose(withMean, atIdentity, 1e-9, "log p(X; M) = log p(M^-1/2 X M^-1/2; I)");
    }

    @Test
    void badScalesAndMeansAreTypedErrors() {
        Hyperbolic h = new Hyperbolic(2);
        INDArray o = h.origin(DataType.DOUBLE, 3);
        assertThrows(InvalidConfigException.class, () -> h.sampleWrappedNormal(o, 0, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> new Hyperbolic(2, Double.NaN));
        assertThrows(InvalidConfigException.class, () -> new SpdMatrices(0));
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class,
                () -> h.wrappedNormalLogProb(o, h.origin(DataType.DOUBLE, 2), 1));
        assertThrows(OffManifoldException.class, () -> h.wrappedNormalLogProb(o, o.mul(2), 1));
    }
}
