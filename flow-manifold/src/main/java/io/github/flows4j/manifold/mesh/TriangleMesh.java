package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable triangle mesh in R³: vertices V ∈ R^{n×3} and faces F ∈ {0..n−1}^{m×3}, the surfaces that
 * Riemannian Flow Matching on general geometries runs on (Chen and Lipman 2024, §3.2 and §5.2: the Stanford bunny,
 * Spot the cow, mazes). Face areas A_f = ½‖(v_b − v_a) × (v_c − v_a)‖ are computed once; the uniform density on
 * the surface is 1/Σ A_f, i.e. {@link #uniformLogDensity()} = −log(total area). Faces keep their orientation
 * (counter-clockwise seen from the outside for a closed, consistently oriented mesh).
 *
 * <pre>{@code
 * TriangleMesh bunny = ObjReader.read(Path.of("bunny.obj")).scaled(1 / 250.0);
 * TriangleMesh fine = bunny.subdivide().subdivide().subdivide();   // 64× the faces
 * double logp0 = fine.uniformLogDensity();                          // −log area
 * }</pre>
 */
public final class TriangleMesh {
    private final double[] v;
    private final int[] f;
    private final double[] areas;
    private final double totalArea;

    private TriangleMesh(double[] v, int[] f) {
        this.v = v;
        this.f = f;
        this.areas = new double[f.length / 3];
        double total = 0;
        for (int t = 0; t < areas.length; t++) {
            areas[t] = 0.5 * crossNorm(t);
            total += areas[t];
        }
        this.totalArea = total;
    }

    /**
     * @param vertices x, y, z per vertex, [3n] (copied)
     * @param faces    three vertex indices per face, [3m] (copied)
     * @return the mesh
     * @throws InvalidConfigException if a length is not a multiple of 3, a coordinate is not finite, an index is out
     *                                of range, a face repeats a vertex, or there are no faces
     */
    public static TriangleMesh of(double[] vertices, int[] faces) {
        if (vertices.length % 3 != 0 || vertices.length == 0) {
            throw InvalidConfigException.of("vertices.length", "a positive multiple of 3", vertices.length);
        }
        if (faces.length % 3 != 0 || faces.length == 0) {
            throw InvalidConfigException.of("faces.length", "a positive multiple of 3", faces.length);
        }
        int n = vertices.length / 3;
        for (int i = 0; i < vertices.length; i++) {
            if (!Double.isFinite(vertices[i])) {
                throw InvalidConfigException.of("vertex " + i / 3 + " coordinate " + i % 3, "finite", vertices[i]);
            }
        }
        for (int t = 0; t < faces.length / 3; t++) {
            int a = faces[3 * t];
            int b = faces[3 * t + 1];
            int c = faces[3 * t + 2];
            for (int k = 0; k < 3; k++) {
                if (faces[3 * t + k] < 0 || faces[3 * t + k] >= n) {
                    throw InvalidConfigException.of("face " + t + " vertex index", "in [0, " + n + ")",
                            faces[3 * t + k]);
                }
            }
            if (a == b || b == c || a == c) {
                throw InvalidConfigException.of("face " + t, "three distinct vertices", a + ", " + b + ", " + c);
            }
        }
        return new TriangleMesh(vertices.clone(), faces.clone());
    }

    /** Package-private view of the coordinates, [3n]; never modified. */
    double[] v() {
        return v;
    }

    /** Package-private view of the faces, [3m]; never modified. */
    int[] f() {
        return f;
    }

    /** @return n, the number of vertices */
    public int vertexCount() {
        return v.length / 3;
    }

    /** @return m, the number of faces */
    public int faceCount() {
        return f.length / 3;
    }

    /** @return a copy of the coordinates, x, y, z per vertex, [3n] */
    public double[] vertices() {
        return v.clone();
    }

    /** @return a copy of the faces, three vertex indices each, [3m] */
    public int[] faces() {
        return f.clone();
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return the vertices as an array, [n, 3]
     */
    public INDArray vertexArray(DataType type) {
        return HostArrays.fromDoubles(v, type, vertexCount(), 3);
    }

    /**
     * @param i a vertex index
     * @return its coordinates, [3]
     */
    public double[] vertex(int i) {
        return Arrays.copyOfRange(v, 3 * i, 3 * i + 3);
    }

    /**
     * @param t a face index
     * @return its three vertex indices, in order
     */
    public int[] face(int t) {
        return Arrays.copyOfRange(f, 3 * t, 3 * t + 3);
    }

    /**
     * @param t a face index
     * @return its area A_t
     */
    public double faceArea(int t) {
        return areas[t];
    }

    /** @return a copy of the face areas, [m] */
    public double[] faceAreas() {
        return areas.clone();
    }

    /** @return the total area Σ A_t */
    public double totalArea() {
        return totalArea;
    }

    /** @return log of the uniform density on the surface, −log Σ A_t */
    public double uniformLogDensity() {
        return -Math.log(totalArea);
    }

    /**
     * @param t a face index
     * @return its unit normal (v_b − v_a) × (v_c − v_a) / ‖·‖, [3]; zero for a degenerate face
     */
    public double[] faceNormal(int t) {
        double[] n = cross(t);
        double s = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (s > 0) {
            n[0] /= s;
            n[1] /= s;
            n[2] /= s;
        }
        return n;
    }

    /**
     * @return per face t and k = 0, 1, 2, the face across the edge opposite the face's k-th vertex, or −1 where that
     *     edge is on the boundary, [3m] (for an edge of three or more faces the links are arbitrary)
     */
    public int[] faceNeighbours() {
        int m = faceCount();
        int n = vertexCount();
        int[] across = new int[3 * m];
        Arrays.fill(across, -1);
        Map<Long, Integer> first = new HashMap<>(3 * m);
        for (int t = 0; t < m; t++) {
            for (int k = 0; k < 3; k++) {
                int a = f[3 * t + (k + 1) % 3];
                int b = f[3 * t + (k + 2) % 3];
                Integer other = first.putIfAbsent((long) Math.min(a, b) * n + Math.max(a, b), 3 * t + k);
                if (other != null) {
                    across[3 * t + k] = other / 3;
                    across[other] = t;
                }
            }
        }
        return across;
    }

    /**
     * An orthonormal basis (e₁, e₂) of the plane of a face: e₁ along the edge v_b − v_a, e₂ = n × e₁. The trace of a
     * 3×3 Jacobian J over the face's tangent plane is tr(P J P) = e₁ᵀ J e₁ + e₂ᵀ J e₂ with P = I − n nᵀ.
     *
     * @param t a face index
     * @return e₁ then e₂, [6]; zero for a degenerate face
     */
    public double[] faceTangentBasis(int t) {
        int a = 3 * f[3 * t];
        int b = 3 * f[3 * t + 1];
        double[] e1 = {v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]};
        double s = Math.sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
        double[] n = faceNormal(t);
        if (!(s > 0) || n[0] == 0 && n[1] == 0 && n[2] == 0) {
            return new double[6];
        }
        for (int j = 0; j < 3; j++) {
            e1[j] /= s;
        }
        return new double[] {e1[0], e1[1], e1[2], n[1] * e1[2] - n[2] * e1[1], n[2] * e1[0] - n[0] * e1[2],
            n[0] * e1[1] - n[1] * e1[0]};
    }

    private double[] cross(int t) {
        int a = 3 * f[3 * t];
        int b = 3 * f[3 * t + 1];
        int c = 3 * f[3 * t + 2];
        double ux = v[b] - v[a];
        double uy = v[b + 1] - v[a + 1];
        double uz = v[b + 2] - v[a + 2];
        double wx = v[c] - v[a];
        double wy = v[c + 1] - v[a + 1];
        double wz = v[c + 2] - v[a + 2];
        return new double[] {uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx};
    }

    private double crossNorm(int t) {
        double[] n = cross(t);
        return Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }

    /**
     * @param s a positive, finite factor
     * @return the mesh with every coordinate multiplied by s (areas scale by s²)
     * @throws InvalidConfigException if s is not positive and finite
     */
    public TriangleMesh scaled(double s) {
        if (!(s > 0 && Double.isFinite(s))) {
            throw InvalidConfigException.of("s", "positive and finite", s);
        }
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return new TriangleMesh(out, f);
    }

    /**
     * Midpoint subdivision: every triangle (a, b, c) becomes four, (a, m_ab, m_ca), (b, m_bc, m_ab),
     * (c, m_ca, m_bc) and (m_ab, m_bc, m_ca), with one new vertex per edge at its midpoint, shared by the faces
     * on either side. The surface and its area are unchanged; vertices keep their indices and the edge midpoints
     * follow in order of first appearance.
     *
     * @return the subdivided mesh: n + #edges vertices, 4m faces
     */
    public TriangleMesh subdivide() {
        int n = vertexCount();
        int m = faceCount();
        Map<Long, Integer> mid = new HashMap<>(4 * m);
        double[] out = Arrays.copyOf(v, 3 * (n + 3 * m));
        int[] next = {n};
        int[] nf = new int[12 * m];
        for (int t = 0; t < m; t++) {
            int a = f[3 * t];
            int b = f[3 * t + 1];
            int c = f[3 * t + 2];
            int ab = midpoint(mid, out, next, a, b, n);
            int bc = midpoint(mid, out, next, b, c, n);
            int ca = midpoint(mid, out, next, c, a, n);
            int[] q = {a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca};
            System.arraycopy(q, 0, nf, 12 * t, 12);
        }
        return new TriangleMesh(Arrays.copyOf(out, 3 * next[0]), nf);
    }

    private int midpoint(Map<Long, Integer> mid, double[] out, int[] next, int a, int b, int n) {
        long key = (long) Math.min(a, b) * n + Math.max(a, b);
        Integer k = mid.get(key);
        if (k != null) {
            return k;
        }
        int idx = next[0]++;
        for (int j = 0; j < 3; j++) {
            out[3 * idx + j] = 0.5 * (v[3 * a + j] + v[3 * b + j]);
        }
        mid.put(key, idx);
        return idx;
    }

    /**
     * @return the boundary edges — those that belong to exactly one face — as vertex pairs in face order,
     *     [2·#boundary edges]; empty for a closed mesh
     */
    public int[] boundaryEdges() {
        int n = vertexCount();
        Map<Long, Integer> count = new HashMap<>(3 * faceCount());
        for (int t = 0; t < faceCount(); t++) {
            for (int k = 0; k < 3; k++) {
                int a = f[3 * t + k];
                int b = f[3 * t + (k + 1) % 3];
                count.merge((long) Math.min(a, b) * n + Math.max(a, b), 1, Integer::sum);
            }
        }
        int[] out = new int[2 * count.size()];
        int e = 0;
        for (int t = 0; t < faceCount(); t++) {
            for (int k = 0; k < 3; k++) {
                int a = f[3 * t + k];
                int b = f[3 * t + (k + 1) % 3];
                if (count.get((long) Math.min(a, b) * n + Math.max(a, b)) == 1) {
                    out[e++] = a;
                    out[e++] = b;
                }
            }
        }
        return Arrays.copyOf(out, e);
    }

    /** @return whether some edge belongs to exactly one face */
    public boolean hasBoundary() {
        return boundaryEdges().length > 0;
    }

    @Override
    public String toString() {
        return "TriangleMesh(" + vertexCount() + " vertices, " + faceCount() + " faces, area " + totalArea + ")";
    }
}
