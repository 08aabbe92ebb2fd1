package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.MeshShapes;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Likelihoods on meshes: closed forms for the uniform base and a linear field, and typed errors on bad input. */
class MeshLikelihoodTest {
    /** The fixed RK4-style steps the mesh likelihood used to default to, from t = 1 back to 0. */
    static SolveOptions fixed(int steps) {
        return SolveOptions.builder().controller(ConstantStepSize.steps(1, 0, steps)).build();
    }

    private static VelocityField zero() {
        return new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                return x.mul(0.0);
            }

            @Override
            public int dim() {
                return 3;
            }
        };
    }

    @Test
    void uniformBaseModelHasLogDensityMinusLogArea() {
        TriangleMesh mesh = MeshShapes.icosphere(2).scaled(1.7);
        MeshLocator loc = MeshLocator.of(mesh);
        INDArray x = FaceDistribution.uniform(mesh).sample(Rng.seeded(4), 64).points(DataType.DOUBLE);
        LogLikelihood ll = MeshLikelihood.builder(loc).solve(new Rk4(), fixed(10)).build().evaluate(zero(), x);
        double[] logp = HostArrays.toDoubles(ll.logProb());
        for (int i = 0; i < logp.length; i++) {
            assertEquals(-Math.log(mesh.totalArea()), logp[i], 1e-9, "row " + i);
        }
    }

    @Test
    void linearFieldOnAFlatMeshHasTheTangentDivergenceOnly() {
        // v = diag(a, a, b)(x − c) on the square [0, 2]² (z = 0): the divergence on the plane is 2a (the ambient
        // one, 2a + b, would be wrong); backwards from t = 1 the points contract towards c and stay inside, so
        // log p₁(x) = −log 4 − 2a exactly.
        TriangleMesh square = MeshShapes.grid(6, 6, 2, 2);
        MeshLocator loc = MeshLocator.of(square);
        double a = 0.7;
        double b = 5.0;
        VelocityField linear = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                int n = (int) x.size(0);
                double[] c = new double[3 * n];
                double[] s = new double[3 * n];
                for (int i = 0; i < n; i++) {
                    c[3 * i] = 1;
                    c[3 * i + 1] = 1;
                    s[3 * i] = a;
                    s[3 * i + 1] = a;
                    s[3 * i + 2] = b;
                }
                DataType type = x.value().dataType();
                return x.sub(Tensor.constant(HostArrays.fromDoubles(c, type, n, 3)))
                        .mul(Tensor.constant(HostArrays.fromDoubles(s, type, n, 3)));
            }

            @Override
            public int dim() {
                return 3;
            }
        };
        INDArray x = FaceDistribution.uniform(square).sample(Rng.seeded(5), 50).points(DataType.DOUBLE);
        LogLikelihood ll = MeshLikelihood.builder(loc).solve(new Rk4(), fixed(20)).build().evaluate(linear, x);
        double[] logp = HostArrays.toDoubles(ll.logProb());
        for (int i = 0; i < logp.length; i++) {
            assertEquals(-Math.log(4) - 2 * a, logp[i], 1e-9, "row " + i);
        }
        // and x(0) = c + (x − c) e^{−a}, to RK4 accuracy
        INDArray expected = x.sub(Nd4j.createFromArray(1.0, 1.0, 0.0).reshape(1, 3).broadcast(50, 3))
                .mul(Math.exp(-a)).add(Nd4j.createFromArray(1.0, 1.0, 0.0).reshape(1, 3).broadcast(50, 3));
        assertEquals(0, ll.noise().sub(expected).norm2Number().doubleValue(), 1e-6, "x(0)");
    }

    @Test
    void fluxContinuousProjectionHasNoFluxJumpAtEdgesWhereTheFaceProjectionHasOne() {
        // the component of v across an edge, in each face's own plane, on the two sides of every edge of a coarse
        // sphere, where adjacent normals differ by ~30°
        double[] flux = fluxJump(MeshTangentField.Projection.FLUX_CONTINUOUS);
        assertTrue(flux[1] > 1e-3, "the field is not trivially zero: " + flux[1]);
        assertTrue(flux[0] < 1e-3 * flux[1], "flux jump " + flux[0] + " vs flux " + flux[1]);
        double[] face = fluxJump(MeshTangentField.Projection.FACE);
        assertTrue(face[0] > 0.05 * face[1], "the per-face projection's jump " + face[0] + " vs flux " + face[1]);
    }

    @Test
    void edgeFluxFieldIsFluxContinuousToRoundingAndConservesMass() {
        double[] flux = fluxJump(MeshTangentField.Projection.EDGE_FLUX);
        assertTrue(flux[1] > 1e-3, "the field is not trivially zero: " + flux[1]);
        assertTrue(flux[0] < 1e-5 * flux[1], "flux jump " + flux[0] + " vs flux " + flux[1]);
        // a mass-conserving flow with an exact likelihood: E_uniform[p / p₀] = ∫ p = 1, by Monte Carlo
        TriangleMesh mesh = MeshShapes.icosphere(1);
        MeshLocator loc = MeshLocator.of(mesh);
        MeshTangentField field = MeshTangentField.builder(loc).hidden(16, 16).dtype(DataType.DOUBLE)
                .projection(MeshTangentField.Projection.EDGE_FLUX).build(Rng.seeded(6));
        INDArray x = FaceDistribution.uniform(mesh).sample(Rng.seeded(2), 2000).points(DataType.DOUBLE);
        LogLikelihood ll = MeshLikelihood.builder(loc).solve(new SurfaceWalkSolver(new Rk4(),
                io.github.flows4j.manifold.mesh.SurfaceWalk.of(loc)), fixed(40)).build()
                .evaluate(field, x);
        double[] logp = HostArrays.toDoubles(ll.logProb());
        double mean = 0;
        double spread = 0;
        for (double l : logp) {
            double r = Math.exp(l + Math.log(mesh.totalArea()));
            mean += r / logp.length;
            spread = Math.max(spread, Math.abs(l + Math.log(mesh.totalArea())));
        }
        assertTrue(spread > 0.05, "the flow moves mass: max |log p/p0| = " + spread);
        assertEquals(1.0, mean, 0.03, "E_uniform[p/p0]");
    }

    /** @return the largest flux jump over all edges and the largest flux */
    private static double[] fluxJump(MeshTangentField.Projection projection) {
        TriangleMesh mesh = MeshShapes.icosphere(1);
        MeshLocator loc = MeshLocator.of(mesh);
        MeshTangentField field = MeshTangentField.builder(loc).hidden(16, 16).dtype(DataType.DOUBLE)
                .projection(projection).build(Rng.seeded(6));
        int[] across = mesh.faceNeighbours();
        double delta = 1e-7;
        double worst = 0;
        double scale = 0;
        for (int t = 0; t < mesh.faceCount(); t++) {
            for (int k = 0; k < 3; k++) {
                int g = across[3 * t + k];
                int[] fv = mesh.face(t);
                double[] p = mesh.vertex(fv[(k + 1) % 3]);
                double[] q = mesh.vertex(fv[(k + 2) % 3]);
                double[] mid = {(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2};
                double[] e = unit(new double[] {q[0] - p[0], q[1] - p[1], q[2] - p[2]});
                double[] inF = inward(mesh, t, mid, e);
                double[] inG = inward(mesh, g, mid, e);
                double[] xf = {mid[0] + delta * inF[0], mid[1] + delta * inF[1], mid[2] + delta * inF[2]};
                double[] xg = {mid[0] + delta * inG[0], mid[1] + delta * inG[1], mid[2] + delta * inG[2]};
                INDArray x = Nd4j.createFromArray(new double[][] {xf, xg});
                double[] v = HostArrays.toDoubles(field.velocity(Tensor.constant(x),
                        Tensor.constant(Nd4j.valueArrayOf(new long[] {2, 1}, 0.5, DataType.DOUBLE))).value());
                double outOfF = -(v[0] * inF[0] + v[1] * inF[1] + v[2] * inF[2]);
                double intoG = v[3] * inG[0] + v[4] * inG[1] + v[5] * inG[2];
                worst = Math.max(worst, Math.abs(outOfF - intoG));
                scale = Math.max(scale, Math.abs(outOfF));
            }
        }
        return new double[] {worst, scale};
    }

    private static double[] inward(TriangleMesh mesh, int face, double[] mid, double[] e) {
        int[] fv = mesh.face(face);
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] p = mesh.vertex(fv[k]);
            for (int j = 0; j < 3; j++) {
                c[j] += p[j] / 3;
            }
        }
        double[] w = {c[0] - mid[0], c[1] - mid[1], c[2] - mid[2]};
        double s = w[0] * e[0] + w[1] * e[1] + w[2] * e[2];
        return unit(new double[] {w[0] - s * e[0], w[1] - s * e[1], w[2] - s * e[2]});
    }

    private static double[] unit(double[] x) {
        double s = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        return new double[] {x[0] / s, x[1] / s, x[2] / s};
    }

    @Test
    void badInputGivesTypedErrors() {
        TriangleMesh mesh = MeshShapes.icosphere(1);
        MeshLocator loc = MeshLocator.of(mesh);
        MeshLikelihood lik = MeshLikelihood.builder(loc).solve(new Rk4(), fixed(2)).build();
        INDArray x = FaceDistribution.uniform(mesh).sample(Rng.seeded(1), 4).points(DataType.DOUBLE);
        OffManifoldException off = assertThrows(OffManifoldException.class, () -> lik.evaluate(zero(), x.mul(1.5)));
        assertTrue(off.getMessage().startsWith("x row 0 must lie on the mesh"),
                off.getMessage());
        assertThrows(ShapeMismatchException.class, () -> lik.evaluate(zero(), Nd4j.zeros(DataType.DOUBLE, 4, 2)));
        VelocityField twoD = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x1, Tensor t) {
                return x1;
            }

            @Override
            public int dim() {
                return 2;
            }
        };
        assertThrows(ShapeMismatchException.class, () -> lik.evaluate(twoD, x));
        assertThrows(InvalidConfigException.class,
                () -> MeshLikelihood.builder(loc).solve(new Rk4(), fixed(0)).build());
        assertThrows(InvalidConfigException.class, () -> MeshLikelihood.builder(loc)
                .base(FaceDistribution.uniform(MeshShapes.icosphere(0))).build());

        SpectralDistance d = SpectralDistance.of(mesh, 5, SpectralWeight.biharmonic(), EigenOptions.defaults());
        MeshRfmLoss loss = MeshRfmLoss.uniform(new PremetricPath(d, KappaScheduler.linear(), new Euler(), 2));
        assertThrows(OffManifoldException.class, () -> loss.draw(x.mul(0.5), Rng.seeded(2)));
        assertThrows(ShapeMismatchException.class, () -> loss.draw(Nd4j.zeros(DataType.DOUBLE, 4, 4), Rng.seeded(2)));
        assertThrows(InvalidConfigException.class, () -> new MeshRfmLoss(loss.path(),
                FaceDistribution.uniform(MeshShapes.icosphere(0))));
        MeshTangentField field = MeshTangentField.builder(loc).hidden(8).build(Rng.seeded(3));
        assertThrows(ShapeMismatchException.class, () -> field.velocity(Tensor.constant(Nd4j.zeros(DataType.FLOAT,
                4, 2)), Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 1))));
        assertThrows(InvalidConfigException.class, () -> MeshTangentField.builder(loc).hidden(8, 0)
                .build(Rng.seeded(3)));
    }
}
