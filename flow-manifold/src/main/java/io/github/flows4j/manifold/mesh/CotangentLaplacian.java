package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The linear finite-element Laplace–Beltrami operator of a triangle mesh: the cotangent stiffness matrix L and the
 * lumped "mixed Voronoi" mass matrix M (Pinkall and Polthier 1993; Meyer, Desbrun, Schröder and Barr 2003), so
 * that L φ = λ M φ discretises −Δφ = λφ. For every face and every vertex i of it, with α_i the angle at i and
 * e_jk the opposite edge,
 * <ul>
 *   <li>L_jk −= ½ cot α_i (and symmetrically), L_ii = −Σ_{j≠i} L_ij: L is symmetric positive semi-definite and
 *       the constants span its null space on a connected mesh;</li>
 *   <li>M_ii += the Voronoi area of i in the face, (|e_ij|² cot α_k + |e_ik|² cot α_j)/8, if the face has no
 *       obtuse angle; A/2 if the angle at i is obtuse; A/4 if another angle is.</li>
 * </ul>
 * Boundary edges have a single cotangent term: this is the natural (Neumann) boundary condition ∂φ/∂n = 0, so on
 * meshes with boundary — the maze domains, where walls are boundary — the spectrum is the Neumann spectrum. Faces
 * of zero area contribute nothing. The smallest eigenpairs come from {@link #eigenpairs}, a shift-invert Lanczos
 * solve with a sparse Cholesky factorisation.
 *
 * <pre>{@code
 * CotangentLaplacian lap = CotangentLaplacian.of(mesh);
 * Eigenpairs eig = lap.eigenpairs(201, EigenOptions.defaults());   // λ₀ = 0 (constant), λ₁ … λ₂₀₀
 * }</pre>
 */
public final class CotangentLaplacian {
    private final TriangleMesh mesh;
    private final SparseMatrix stiffness;
    private final double[] mass;

    private CotangentLaplacian(TriangleMesh mesh, SparseMatrix stiffness, double[] mass) {
        this.mesh = mesh;
        this.stiffness = stiffness;
        this.mass = mass;
    }

    /**
     * @param mesh a triangle mesh
     * @return its stiffness and mass matrices
     */
    public static CotangentLaplacian of(TriangleMesh mesh) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int m = mesh.faceCount();
        int n = mesh.vertexCount();
        int[] r = new int[12 * m];
        int[] c = new int[12 * m];
        double[] w = new double[12 * m];
        double[] mass = new double[n];
        int e = 0;
        double[] len2 = new double[3];
        double[] cot = new double[3];
        for (int t = 0; t < m; t++) {
            double area = mesh.faceArea(t);
            if (!(area > 0)) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                int i = f[3 * t + k];
                int j = f[3 * t + (k + 1) % 3];
                int l = f[3 * t + (k + 2) % 3];
                // angle at i between edges i→j and i→l; cot = dot / |cross| = dot / (2A)
                double dot = 0;
                double lenJl = 0;
                for (int d = 0; d < 3; d++) {
                    dot += (v[3 * j + d] - v[3 * i + d]) * (v[3 * l + d] - v[3 * i + d]);
                    double s = v[3 * l + d] - v[3 * j + d];
                    lenJl += s * s;
                }
                cot[k] = dot / (2 * area);
                len2[k] = lenJl;     // squared length of the edge opposite vertex k
            }
            for (int k = 0; k < 3; k++) {
                int j = f[3 * t + (k + 1) % 3];
                int l = f[3 * t + (k + 2) % 3];
                double h = 0.5 * cot[k];
                r[e] = j;
                c[e] = l;
                w[e++] = -h;
                r[e] = l;
                c[e] = j;
                w[e++] = -h;
                r[e] = j;
                c[e] = j;
                w[e++] = h;
                r[e] = l;
                c[e] = l;
                w[e++] = h;
            }
            int obtuse = -1;
            for (int k = 0; k < 3; k++) {
                if (cot[k] < 0) {
                    obtuse = k;
                }
            }
            for (int k = 0; k < 3; k++) {
                int i = f[3 * t + k];
                if (obtuse < 0) {
                    // edges at i: opposite k+1 (i–(k+2)) and opposite k+2 (i–(k+1))
                    mass[i] += (len2[(k + 1) % 3] * cot[(k + 1) % 3] + len2[(k + 2) % 3] * cot[(k + 2) % 3]) / 8;
                } else {
                    mass[i] += obtuse == k ? area / 2 : area / 4;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!(mass[i] > 0)) {
                throw InvalidConfigException.of("mesh vertex " + i, "in at least one face of positive area",
                        "mass " + mass[i]);
            }
        }
        return new CotangentLaplacian(mesh, SparseMatrix.fromTriplets(n, n, r, c, w, e), mass);
    }

    /** @return the mesh */
    public TriangleMesh mesh() {
        return mesh;
    }

    /** @return L, the symmetric positive semi-definite cotangent stiffness matrix, [n, n] */
    public SparseMatrix stiffness() {
        return stiffness;
    }

    /** @return M, the diagonal mixed Voronoi mass matrix, [n, n] */
    public SparseMatrix mass() {
        return SparseMatrix.diagonal(mass);
    }

    /** @return the diagonal of M, [n]; it sums to the total area */
    public double[] massDiagonal() {
        return mass.clone();
    }

    double[] massView() {
        return mass;
    }

    /**
     * The k smallest eigenpairs of L φ = λ M φ with M-orthonormal eigenvectors, by shift-invert Lanczos
     * ({@link ShiftInvertLanczos}).
     *
     * @param k       how many, in [1, n]
     * @param options tolerance, iteration budget and seed
     * @return the eigenpairs, eigenvalues ascending (λ₀ ≈ 0 with a constant eigenvector on a connected mesh)
     * @throws InvalidConfigException if k is out of range
     * @throws EigenNotConvergedException if the eigensolver runs out of restarts
     */
    public Eigenpairs eigenpairs(int k, EigenOptions options) {
        return ShiftInvertLanczos.solve(stiffness, mass, k, options);
    }
}
