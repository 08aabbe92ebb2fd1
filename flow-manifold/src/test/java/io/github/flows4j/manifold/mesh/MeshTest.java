package io.github.flows4j.manifold.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** OBJ reading, subdivision, areas, boundaries, closest points and surface sampling. */
class MeshTest {
    private static final TriangleMesh BUNNY = ObjReader.readResource("/datasets/mesh/bunny.obj");

    private static int edgeCount(TriangleMesh m) {
        Set<Long> edges = new HashSet<>();
        int[] f = m.faces();
        for (int t = 0; t < m.faceCount(); t++) {
            for (int k = 0; k < 3; k++) {
                int a = f[3 * t + k];
                int b = f[3 * t + (k + 1) % 3];
                edges.add((long) Math.min(a, b) * m.vertexCount() + Math.max(a, b));
            }
        }
        return edges.size();
    }

    @Test
    void objReaderHandlesTheFormsOfFaceLinesAndSkipsTheRest() throws IOException {
        String obj = "# a unit square and a triangle\no square\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0 1.0\n"
                + "vt 0 0\nvn 0 0 1\ng g1\nf 1/1/1 2/2/1 3//1 4\nv 2 0 0\nf -1 2 -3\n\n";
        TriangleMesh m = ObjReader.read(new StringReader(obj));
        assertEquals(5, m.vertexCount());
        assertEquals(3, m.faceCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 4, 1, 2}, m.faces());
        assertEquals(1.5, m.totalArea(), 1e-15);
        ObjFormatException bad = assertThrows(ObjFormatException.class,
                () -> ObjReader.read(new StringReader("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n")));
        assertEquals(4, bad.line());
        assertTrue(bad.getMessage().contains("got 4"), bad.getMessage());
        assertThrows(ObjFormatException.class, () -> ObjReader.read(new StringReader("v 0 0 x\n")));
        assertThrows(ObjFormatException.class, () -> ObjReader.read(new StringReader("v 0 0 0\n")));
        assertThrows(ObjFormatException.class,
                () -> ObjReader.read(new StringReader("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\n")));
        assertThrows(ObjFormatException.class,
                () -> ObjReader.read(new StringReader("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 1 2\n")));
    }

    @Test
    void benchmarkMeshesLoadClosedWithTheDocumentedSizes() {
        assertEquals(2502, BUNNY.vertexCount());
        assertEquals(5000, BUNNY.faceCount());
        TriangleMesh spot = ObjReader.readResource("/datasets/mesh/spot.obj");
        assertEquals(2930, spot.vertexCount());
        assertEquals(5856, spot.faceCount());
        for (TriangleMesh m : new TriangleMesh[] {BUNNY, spot}) {
            assertTrue(!m.hasBoundary(), "closed surface");
            // genus 0: V − E + F = 2
            assertEquals(2, m.vertexCount() - edgeCount(m) + m.faceCount());
        }
        assertThrows(IllegalArgumentException.class, () -> ObjReader.readResource("/no/such.obj"));
    }

    @Test
    void subdivisionQuadruplesFacesAndKeepsAreaTopologyAndOrientation() {
        TriangleMesh fine = BUNNY.subdivide();
        assertEquals(4 * BUNNY.faceCount(), fine.faceCount());
        assertEquals(BUNNY.vertexCount() + edgeCount(BUNNY), fine.vertexCount());
        assertEquals(BUNNY.totalArea(), fine.totalArea(), 1e-9 * BUNNY.totalArea());
        assertEquals(2, fine.vertexCount() - edgeCount(fine) + fine.faceCount());
        assertTrue(!fine.hasBoundary());
        // the four children of face t share its normal
        for (int t = 0; t < 50; t++) {
            double[] n = BUNNY.faceNormal(t);
            for (int c = 0; c < 4; c++) {
                double[] nc = fine.faceNormal(4 * t + c);
                assertEquals(1, n[0] * nc[0] + n[1] * nc[1] + n[2] * nc[2], 1e-9);
            }
        }
        assertArrayEquals(BUNNY.vertex(17), fine.vertex(17));
        TriangleMesh grid = MeshShapes.grid(3, 2, 1, 1);
        assertEquals(2 * (3 + 2) * 2, grid.boundaryEdges().length);
        assertEquals(2 * 2 * (3 + 2) * 2, grid.subdivide().boundaryEdges().length);
        TriangleMesh half = BUNNY.scaled(0.5);
        assertEquals(BUNNY.totalArea() / 4, half.totalArea(), 1e-9);
        assertEquals(-Math.log(half.totalArea()), half.uniformLogDensity(), 1e-15);
    }

    @Test
    void meshValidationNamesTheProblem() {
        assertThrows(InvalidConfigException.class, () -> TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0},
                new int[] {0, 1, 2}));
        assertThrows(InvalidConfigException.class, () -> TriangleMesh.of(new double[] {0, 0, 0, 1, 0, Double.NaN, 0,
            1, 0}, new int[] {0, 1, 2}));
        assertThrows(InvalidConfigException.class, () -> TriangleMesh.of(new double[9], new int[] {0, 1}));
        assertThrows(InvalidConfigException.class, () -> BUNNY.scaled(0));
    }

    @Test
    void closestPointsMatchBruteForceAndLieOnTheirFaces() {
        TriangleMesh mesh = BUNNY.scaled(1 / 250.0);
        MeshLocator loc = MeshLocator.of(mesh);
        Rng rng = Rng.seeded(3);
        INDArray q = rng.normal(DataType.DOUBLE, 300, 3).muli(0.5);
        SurfacePoint[] found = loc.locate(q);
        double[] qv = HostArrays.toDoubles(q);
        for (int i = 0; i < 300; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int t = 0; t < mesh.faceCount(); t++) {
                best = Math.min(best, bruteDistance(mesh, t, qv[3 * i], qv[3 * i + 1], qv[3 * i + 2]));
            }
            SurfacePoint p = found[i];
            assertEquals(best, p.distance(), 1e-12, "query " + i);
            assertTrue(p.b0() >= -1e-12 && p.b1() >= -1e-12 && p.b2() >= -1e-12);
            assertEquals(1, p.b0() + p.b1() + p.b2(), 1e-12);
        }
        INDArray onMesh = loc.project(q);
        assertArrayEquals(HostArrays.toDoubles(onMesh), HostArrays.toDoubles(loc.project(onMesh)), 1e-12,
                "projection is idempotent");
        INDArray u = loc.projectTangent(onMesh, rng.normal(DataType.DOUBLE, 300, 3));
        SurfacePoint[] at = loc.locate(onMesh);
        double[] uv = HostArrays.toDoubles(u);
        for (int i = 0; i < 300; i++) {
            double[] n = mesh.faceNormal(at[i].face());
            assertEquals(0, n[0] * uv[3 * i] + n[1] * uv[3 * i + 1] + n[2] * uv[3 * i + 2], 1e-12);
        }
    }

    /** Distance from p to face t by sampling its plane projection's region cases the slow way. */
    private static double bruteDistance(TriangleMesh m, int t, double px, double py, double pz) {
        int[] f = m.face(t);
        double[] a = m.vertex(f[0]);
        double[] b = m.vertex(f[1]);
        double[] c = m.vertex(f[2]);
        // minimise over the triangle by projecting onto the plane and, if outside, onto the three edges
        double[] n = m.faceNormal(t);
        double[] p = {px, py, pz};
        double h = 0;
        for (int d = 0; d < 3; d++) {
            h += (p[d] - a[d]) * n[d];
        }
        double[] q = new double[3];
        for (int d = 0; d < 3; d++) {
            q[d] = p[d] - h * n[d];
        }
        if (inside(a, b, c, n, q)) {
            return Math.abs(h);
        }
        return Math.min(segment(p, a, b), Math.min(segment(p, b, c), segment(p, c, a)));
    }

    private static boolean inside(double[] a, double[] b, double[] c, double[] n, double[] q) {
        double[][] tri = {a, b, c};
        for (int k = 0; k < 3; k++) {
            double[] u = tri[k];
            double[] w = tri[(k + 1) % 3];
            double[] e = {w[0] - u[0], w[1] - u[1], w[2] - u[2]};
            double[] r = {q[0] - u[0], q[1] - u[1], q[2] - u[2]};
            double[] x = {e[1] * r[2] - e[2] * r[1], e[2] * r[0] - e[0] * r[2], e[0] * r[1] - e[1] * r[0]};
            if (x[0] * n[0] + x[1] * n[1] + x[2] * n[2] < 0) {
                return false;
            }
        }
        return true;
    }

    private static double segment(double[] p, double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int d = 0; d < 3; d++) {
            num += (p[d] - a[d]) * (b[d] - a[d]);
            den += (b[d] - a[d]) * (b[d] - a[d]);
        }
        double s = Math.max(0, Math.min(1, num / den));
        double r = 0;
        for (int d = 0; d < 3; d++) {
            double x = a[d] + s * (b[d] - a[d]) - p[d];
            r += x * x;
        }
        return Math.sqrt(r);
    }

    @Test
    void uniformSamplesAreAreaWeightedReproducibleAndOnTheirFaces() {
        TriangleMesh mesh = MeshShapes.grid(2, 1, 3, 1);    // 4 faces of area 3/4 each
        // stretch one vertex so the faces have different areas
        double[] v = mesh.vertices();
        v[3 * 1] = 0.5;
        TriangleMesh uneven = TriangleMesh.of(v, mesh.faces());
        FaceDistribution uniform = FaceDistribution.uniform(uneven);
        SurfaceSample s = uniform.sample(Rng.seeded(4), 40_000);
        int[] counts = new int[uneven.faceCount()];
        for (int i = 0; i < s.size(); i++) {
            counts[s.face(i)]++;
        }
        for (int t = 0; t < counts.length; t++) {
            double p = uneven.faceArea(t) / uneven.totalArea();
            double sd = Math.sqrt(40_000 * p * (1 - p));
            assertEquals(40_000 * p, counts[t], 5 * sd, "face " + t);
            assertEquals(uneven.uniformLogDensity(), uniform.logDensity(t), 1e-12);
        }
        assertArrayEquals(s.positions(), uniform.sample(Rng.seeded(4), 40_000).positions(), "same seed");
        MeshLocator loc = MeshLocator.of(uneven);
        SurfacePoint[] back = loc.locate(s.points(DataType.DOUBLE));
        double[] bary = s.barycentric();
        double meanB0 = 0;
        for (int i = 0; i < s.size(); i++) {
            assertEquals(0, back[i].distance(), 1e-12);
            assertTrue(bary[3 * i] >= 0 && bary[3 * i + 1] >= 0 && bary[3 * i + 2] >= 0);
            assertEquals(1, bary[3 * i] + bary[3 * i + 1] + bary[3 * i + 2], 1e-12);
            meanB0 += bary[3 * i] / s.size();
        }
        assertEquals(1.0 / 3, meanB0, 0.01, "uniform barycentric coordinates have mean 1/3");
        assertThrows(InvalidConfigException.class, () -> FaceDistribution.of(uneven, new double[4]));
        assertThrows(InvalidConfigException.class, () -> FaceDistribution.of(uneven, new double[] {1, -1, 0, 0}));
    }
}
