package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * Simple meshes with known spectra, for tests and examples: the icosphere (a regular icosahedron refined by
 * {@link TriangleMesh#subdivide() midpoint subdivision} with every new vertex pushed onto the unit sphere, whose
 * Laplace–Beltrami eigenvalues approach l(l + 1) with multiplicity 2l + 1) and the triangulated rectangle (whose
 * Neumann eigenvalues approach π²(a²/w² + b²/h²)).
 *
 * <pre>{@code
 * TriangleMesh sphere = MeshShapes.icosphere(4);              // 2562 vertices on S²
 * TriangleMesh square = MeshShapes.grid(40, 40, 1.0, 1.0);    // [0, 1]², 3362 faces
 * }</pre>
 */
public final class MeshShapes {
    private MeshShapes() {
    }

    /**
     * @param subdivisions how many times to subdivide the icosahedron, in [0, 8]
     * @return a triangulated unit sphere with 10·4^s + 2 vertices, outward-oriented
     * @throws InvalidConfigException if subdivisions is out of range
     */
    public static TriangleMesh icosphere(int subdivisions) {
        if (subdivisions < 0 || subdivisions > 8) {
            throw InvalidConfigException.of("subdivisions", "in [0, 8]", subdivisions);
        }
        double t = (1 + Math.sqrt(5)) / 2;
        double[] v = {-1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0, 0, -1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, t, 0, -1, t, 0,
            1, -t, 0, -1, -t, 0, 1};
        int[] f = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        TriangleMesh mesh = TriangleMesh.of(normalised(v), f);
        for (int s = 0; s < subdivisions; s++) {
            TriangleMesh fine = mesh.subdivide();
            mesh = TriangleMesh.of(normalised(fine.vertices()), fine.faces());
        }
        return mesh;
    }

    private static double[] normalised(double[] v) {
        double[] out = Arrays.copyOf(v, v.length);
        for (int i = 0; i < out.length; i += 3) {
            double r = Math.sqrt(out[i] * out[i] + out[i + 1] * out[i + 1] + out[i + 2] * out[i + 2]);
            out[i] /= r;
            out[i + 1] /= r;
            out[i + 2] /= r;
        }
        return out;
    }

    /**
     * A flat rectangle [0, width] × [0, height] in the plane z = 0, split into nx × ny cells of two triangles each,
     * cut along alternating diagonals so that the mesh has no preferred direction.
     *
     * @param nx     cells along x, &ge; 1
     * @param ny     cells along y, &ge; 1
     * @param width  positive
     * @param height positive
     * @return the mesh, (nx + 1)(ny + 1) vertices indexed i + (nx + 1) j, normals +z
     * @throws InvalidConfigException if an argument breaks its rule
     */
    public static TriangleMesh grid(int nx, int ny, double width, double height) {
        if (nx < 1 || ny < 1) {
            throw InvalidConfigException.of("nx, ny", ">= 1", nx + ", " + ny);
        }
        if (!(width > 0 && height > 0)) {
            throw InvalidConfigException.of("width, height", "> 0", width + ", " + height);
        }
        double[] v = new double[3 * (nx + 1) * (ny + 1)];
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int k = i + (nx + 1) * j;
                v[3 * k] = width * i / nx;
                v[3 * k + 1] = height * j / ny;
            }
        }
        int[] f = new int[6 * nx * ny];
        int e = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int a = i + (nx + 1) * j;
                int b = a + 1;
                int c = a + nx + 1;
                int d = c + 1;
                if ((i + j) % 2 == 0) {
                    int[] q = {a, b, d, a, d, c};
                    System.arraycopy(q, 0, f, e, 6);
                } else {
                    int[] q = {a, b, c, b, d, c};
                    System.arraycopy(q, 0, f, e, 6);
                }
                e += 6;
            }
        }
        return TriangleMesh.of(v, f);
    }
}
