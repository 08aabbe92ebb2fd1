package io.github.flows4j.manifold.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Points off the manifold beyond the tolerance, and non-tangent vectors, are typed errors naming the row. */
class OffManifoldTest {
    @Test
    void torusRejectsAnglesOutsideTheFundamentalDomain() {
        FlatTorus t = new FlatTorus(2);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.2}, {1, 7.0}});
        OffManifoldException e = assertThrows(OffManifoldException.class, () -> t.logmap(x, x));
        assertTrue(e.getMessage().startsWith("x row 1 must hold angles in [0, 2π]"), e.getMessage());
        t.checkPoints("ok", t.projx(x));
        // within tolerance is accepted
        t.checkPoints("edge", Nd4j.createFromArray(new double[][] {{-1e-9, 2 * Math.PI + 1e-9}}));
        assertEquals(7.0 - 2 * Math.PI, HostArrays.toDoubles(t.projx(x))[3], 1e-15);
    }

    @Test
    void hyperbolicRejectsPointsOffTheUpperSheetAndNonTangentVectors() {
        Hyperbolic h = new Hyperbolic(2);
        INDArray x = h.randomBase(Rng.seeded(1), DataType.DOUBLE, 3);
        OffManifoldException e = assertThrows(OffManifoldException.class, () -> h.dist(x, x.neg()));
        assertTrue(e.getMessage().startsWith("y row 0 must lie on the upper hyperboloid"), e.getMessage());
        assertThrows(OffManifoldException.class, () -> h.logmap(x.mul(1.01), x));
        assertThrows(OffManifoldException.class, () -> h.expmap(x, x));
        h.checkPoints("lifted", h.projx(x.mul(1.01)));
    }

    @Test
    void spdRejectsAsymmetricAndIndefiniteMatrices() {
        SpdMatrices spd = new SpdMatrices(2);
        INDArray asym = Nd4j.createFromArray(new double[][] {{2, 1, 0, 2}});
        INDArray indefinite = Nd4j.createFromArray(new double[][] {{1, 2, 2, 1}});
        INDArray id = spd.identity(DataType.DOUBLE, 1);
        assertTrue(assertThrows(OffManifoldException.class, () -> spd.dist(asym, id)).getMessage()
                .contains("must be a symmetric matrix"));
        assertTrue(assertThrows(OffManifoldException.class, () -> spd.logmap(id, indefinite)).getMessage()
                .contains("must be positive definite"));
        assertThrows(OffManifoldException.class, () -> spd.expmap(id, asym));
        spd.checkPoints("projected", spd.projx(indefinite));
        // projx of an SPD matrix changes nothing; of an indefinite one it clamps the negative eigenvalue
        double[] p = HostArrays.toDoubles(spd.projx(indefinite));
        assertEquals(1.5, p[0], 1e-7);
        assertEquals(1.5, p[1], 1e-7);
    }

    @Test
    void productNamesTheFactorThatFails() {
        ProductManifold p = ProductManifold.of(new Sphere(3), new FlatTorus(1));
        INDArray bad = Nd4j.createFromArray(new double[][] {{1, 0, 0, 9}});
        OffManifoldException e = assertThrows(OffManifoldException.class, () -> p.checkPoints("x", bad));
        assertTrue(e.getMessage().contains("factor 1"), e.getMessage());
        assertThrows(OffManifoldException.class, () -> p.dist(bad, bad));
        assertThrows(InvalidConfigException.class, () -> ProductManifold.of(new Manifold[0]));
        assertEquals(4, p.ambientDim());
        assertEquals(3, p.intrinsicDim());
    }

    @Test
    void euclideanRejectsOnlyNonFinitePoints() {
        Euclidean e = new Euclidean(2);
        e.checkPoints("x", Nd4j.createFromArray(new double[][] {{1e300, -3}}));
        assertThrows(OffManifoldException.class,
                () -> e.checkPoints("x", Nd4j.createFromArray(new double[][] {{Double.NaN, 0}})));
        assertThrows(InvalidConfigException.class, () -> new Euclidean(0));
        assertThrows(InvalidConfigException.class, () -> e.randomBase(Rng.seeded(0), DataType.INT32, 3));
        assertThrows(InvalidConfigException.class, () -> e.randomBase(Rng.seeded(0), DataType.DOUBLE, -1));
    }

    @Test
    void poincareConversionsRoundTrip() {
        Hyperbolic h = new Hyperbolic(3);
        INDArray x = h.randomBase(Rng.seeded(2), DataType.DOUBLE, 20);
        INDArray ball = Hyperbolic.toPoincare(x);
        for (int i = 0; i < 20; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                double v = HostArrays.toDoubles(ball)[i * 3 + j];
                s += v * v;
            }
            assertTrue(s < 1);
        }
        ManifoldCases.assertClose(x, Hyperbolic.fromPoincare(ball), 1e-10, "Poincaré round trip");
        assertThrows(OffManifoldException.class,
                () -> Hyperbolic.fromPoincare(Nd4j.createFromArray(new double[][] {{1, 0}})));
    }
}
