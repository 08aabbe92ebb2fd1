package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.CotangentLaplacian;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.MeshShapes;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link MeshTangentField}'s spectral input features: their values, an exact divergence through them, bad input. */
class MeshSpectralFeaturesTest {
    private static final TriangleMesh SPHERE = MeshShapes.icosphere(1).scaled(1.3);
    private static final Eigenpairs EIG = CotangentLaplacian.of(SPHERE).eigenpairs(9, EigenOptions.defaults());

    private static MeshTangentField field(int m) {
        return MeshTangentField.builder(MeshLocator.of(SPHERE)).hidden(16, 16).dtype(DataType.DOUBLE)
                .spectral(EIG, m).build(Rng.seeded(3));
    }

    /** centroids of a few faces, moved a little inside each face so that no point sits on a symmetry line */
    private static double[] interiorPoints(int count) {
        double[] v = SPHERE.vertices();
        int[] f = SPHERE.faces();
        double[] out = new double[3 * count];
        for (int i = 0; i < count; i++) {
            int t = 7 * i % SPHERE.faceCount();
            double[] w = {0.5, 0.3, 0.2};
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 3; j++) {
                    out[3 * i + j] += w[c] * v[3 * f[3 * t + c] + j];
                }
            }
        }
        return out;
    }

    @Test
    void featuresAreTheScaledEigenfunctionsInterpolatedOverTheFace() {
        MeshTangentField field = field(4);
        assertEquals(4, field.spectralCount());
        assertEquals(1, EIG.firstNonConstant(), "a closed connected mesh has one constant pair");
        // at a vertex: √area · φ_i(v), skipping the constant pair
        INDArray at = HostArrays.fromDoubles(SPHERE.vertex(5), DataType.DOUBLE, 1, 3);
        double[] got = HostArrays.toDoubles(field.spectralInput(at));
        double s = Math.sqrt(SPHERE.totalArea());
        for (int i = 0; i < 4; i++) {
            assertEquals(s * EIG.vector(i + 1)[5], got[i], 1e-9, "feature " + i);
        }
        // inside a face: the barycentric mix of its corners' values
        double[] x = interiorPoints(1);
        int[] f = SPHERE.faces();
        double[] mixed = HostArrays.toDoubles(field.spectralInput(HostArrays.fromDoubles(x, DataType.DOUBLE, 1, 3)));
        double[] w = {0.5, 0.3, 0.2};
        for (int i = 0; i < 4; i++) {
            double want = 0;
            for (int c = 0; c < 3; c++) {
                want += w[c] * s * EIG.vector(i + 1)[f[c]];
            }
            assertEquals(want, mixed[i], 1e-9, "feature " + i + " inside face 0");
        }
    }

    @Test
    @SuppressWarnings("try")
    void tangentDivergenceThroughTheFeaturesMatchesFiniteDifferences() {
        MeshTangentField field = field(6);
        MeshLocator loc = field.locator();
        int n = 6;
        double[] x = interiorPoints(n);
        INDArray xs = HostArrays.fromDoubles(x, DataType.DOUBLE, n, 3);
        State out = new MeshLikelihood.TangentCnfTerm(field, loc).vectorField(0.4,
                State.of(Tensor.constant(xs), Tensor.constant(Nd4j.zeros(DataType.DOUBLE, n, 1))));
        double[] div = HostArrays.toDoubles(out.get(1).value());
        INDArray[] basis = MeshLikelihood.tangentBasis(loc, xs);
        double h = 1e-5;
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < n; i++) {
                double fd = 0;
                for (INDArray e : basis) {
                    double[] ei = HostArrays.toDoubles(e.getRow(i));
                    double[] plus = new double[3];
                    double[] minus = new double[3];
                    for (int j = 0; j < 3; j++) {
                        plus[j] = x[3 * i + j] + h * ei[j];
                        minus[j] = x[3 * i + j] - h * ei[j];
                    }
                    double[] vp = velocity(field, plus);
                    double[] vm = velocity(field, minus);
                    for (int j = 0; j < 3; j++) {
                        fd += ei[j] * (vp[j] - vm[j]) / (2 * h);
                    }
                }
                assertEquals(fd, -div[i], 1e-6 * Math.max(1, Math.abs(fd)), "row " + i);
            }
        }
    }

    private static double[] velocity(MeshTangentField field, double[] x) {
        Tensor t = Tensor.constant(Nd4j.valueArrayOf(new long[] {1, 1}, 0.4, DataType.DOUBLE));
        return HostArrays.toDoubles(field.velocity(Tensor.constant(HostArrays.fromDoubles(x, DataType.DOUBLE, 1, 3)),
                t).value());
    }

    @Test
    void badSpectralSettingsGetTypedErrors() {
        MeshLocator loc = MeshLocator.of(SPHERE);
        InvalidConfigException tooMany = assertThrows(InvalidConfigException.class,
                () -> MeshTangentField.builder(loc).spectral(EIG, 9).build(Rng.seeded(0)));
        assertEquals(true, tooMany.getMessage().contains("<= 8"), tooMany.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> MeshTangentField.builder(loc).spectral(EIG, -1).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> MeshTangentField.builder(loc).spectral(null, 3).build(Rng.seeded(0)));
        Eigenpairs other = CotangentLaplacian.of(MeshShapes.icosphere(0)).eigenpairs(4, EigenOptions.defaults());
        ShapeMismatchException wrong = assertThrows(ShapeMismatchException.class,
                () -> MeshTangentField.builder(loc).spectral(other, 2).build(Rng.seeded(0)));
        assertEquals(true, wrong.getMessage().contains("[" + SPHERE.vertexCount() + "]"), wrong.getMessage());
    }
}
