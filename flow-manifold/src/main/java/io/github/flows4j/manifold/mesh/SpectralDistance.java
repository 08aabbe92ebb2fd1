package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.manifold.manifold.Premetric;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A spectral premetric on a triangle mesh (Chen and Lipman 2024, §3.2, eq. 18):
 * <pre>
 *   d²(x, y) = Σ_{i=1}^{k} w(λ_i) (φ_i(x) − φ_i(y))²,
 * </pre>
 * over the non-constant eigenpairs L φ_i = λ_i M φ_i (M-orthonormal, see {@link CotangentLaplacian}) with a
 * {@link SpectralWeight} w, where φ_i(x) is interpolated linearly on the face that contains x (found by
 * {@link MeshLocator closest point}). Equivalently d(x, y) = ‖ψ(x) − ψ(y)‖ for the spectral embedding
 * ψ_i = √w(λ_i) φ_i, stored per vertex. Being linear on each face, ψ has a constant gradient there, and so
 * <pre>
 *   ∇_x d(x, y) = Σ_c ⟨ψ(x) − ψ(y), ψ(v_c)⟩ ∇b_c / d(x, y),    ∇b_a = n × (v_c − v_b) / 2A (and cyclically),
 * </pre>
 * a vector in the plane of x's face (the mesh's metric is the Euclidean one of each face) (the gradients of the barycentric coordinates b_c; n the unit normal, A the
 * area). RFM's premetric vector field u_t(x | x₁) = (d log κ/dt) d(x, x₁) ∇d / ‖∇d‖² is built from these two.
 * Eigenvalues ≤ 1e-8 · λ_max (the constants, one per connected component) are left out. The gradient at x = y is
 * 0, and across an edge it jumps from one face's value to the next; at a point on an edge the locator's face is
 * used.
 *
 * <pre>{@code
 * SpectralDistance d = SpectralDistance.of(mesh, 100, SpectralWeight.biharmonic(), EigenOptions.defaults());
 * INDArray dist = d.dist(x, y);          // [batch]
 * INDArray grad = d.gradient(x, y);      // [batch, 3], tangent to the faces of x
 * }</pre>
 */
public final class SpectralDistance implements Premetric {
    private final TriangleMesh mesh;
    private final MeshLocator locator;
    private final int modes;
    private final double[] lambdas;
    private final double[] psi;

    private SpectralDistance(TriangleMesh mesh, double[] lambdas, double[] psi) {
        this.mesh = mesh;
        this.locator = MeshLocator.of(mesh);
        this.modes = lambdas.length;
        this.lambdas = lambdas;
        this.psi = psi;
    }

    /**
     * @param mesh   the mesh
     * @param eig    eigenpairs of its Laplacian, on its vertices
     * @param weight the spectral weight
     * @return the premetric over the non-constant pairs
     * @throws ShapeMismatchException if the eigenvectors do not have one entry per vertex
     * @throws InvalidConfigException if no pair has a positive eigenvalue
     */
    public static SpectralDistance of(TriangleMesh mesh, Eigenpairs eig, SpectralWeight weight) {
        int n = mesh.vertexCount();
        if (eig.dimension() != n) {
            throw ShapeMismatchException.of("eig vectors", "[" + n + "]", new long[] {eig.dimension()});
        }
        int first = eig.firstNonConstant();
        int k = eig.count() - first;
        if (k == 0) {
            throw InvalidConfigException.of("eig", "at least one eigenvalue > 1e-8 λ_max", eig);
        }
        double[] lambdas = new double[k];
        double[] psi = new double[n * k];
        for (int i = 0; i < k; i++) {
            lambdas[i] = eig.value(first + i);
            double s = Math.sqrt(weight.weight(lambdas[i]));
            double[] phi = eig.vectorView(first + i);
            for (int v = 0; v < n; v++) {
                psi[v * k + i] = s * phi[v];
            }
        }
        return new SpectralDistance(mesh, lambdas, psi);
    }

    /**
     * Computes the {@code modes + 1} smallest eigenpairs of the mesh's cotangent Laplacian and uses the
     * non-constant ones.
     *
     * @param mesh    the mesh (connected)
     * @param modes   how many non-constant eigenpairs, in [1, n − 1]
     * @param weight  the spectral weight
     * @param options eigensolver options
     * @return the premetric
     * @throws InvalidConfigException     if modes is out of range
     * @throws EigenNotConvergedException if the eigensolver runs out of restarts
     */
    public static SpectralDistance of(TriangleMesh mesh, int modes, SpectralWeight weight, EigenOptions options) {
        if (modes < 1 || modes > mesh.vertexCount() - 1) {
            throw InvalidConfigException.of("modes", "in [1, " + (mesh.vertexCount() - 1) + "]", modes);
        }
        return of(mesh, CotangentLaplacian.of(mesh).eigenpairs(modes + 1, options), weight);
    }

    /** {@inheritDoc} 3. */
    @Override
    public int ambientDim() {
        return 3;
    }

    /** @return the mesh */
    public TriangleMesh mesh() {
        return mesh;
    }

    /** @return the locator used to place points on faces */
    public MeshLocator locator() {
        return locator;
    }

    /** @return k, the number of eigenpairs used */
    public int modes() {
        return modes;
    }

    /** @return a copy of the eigenvalues used, ascending, [k] */
    public double[] eigenvalues() {
        return lambdas.clone();
    }

    /**
     * @param p a point on the mesh
     * @return its spectral embedding ψ(p) = Σ_c b_c ψ(v_c), [k]
     */
    public double[] embedding(SurfacePoint p) {
        double[] out = new double[modes];
        int[] f = mesh.f();
        double[] b = {p.b0(), p.b1(), p.b2()};
        for (int c = 0; c < 3; c++) {
            int o = f[3 * p.face() + c] * modes;
            for (int i = 0; i < modes; i++) {
                out[i] += b[c] * psi[o + i];
            }
        }
        return out;
    }

    /**
     * @param x a point on the mesh
     * @param y a point on the mesh
     * @return d²(x, y)
     */
    public double squaredDistance(SurfacePoint x, SurfacePoint y) {
        double[] a = embedding(x);
        double[] b = embedding(y);
        double s = 0;
        for (int i = 0; i < modes; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /**
     * @param x a point on the mesh
     * @param y a point on the mesh
     * @return ∇_x d(x, y), in the plane of x's face, [3]; zero where d = 0
     */
    public double[] gradient(SurfacePoint x, SurfacePoint y) {
        double[] a = embedding(x);
        double[] b = embedding(y);
        double d2 = 0;
        for (int i = 0; i < modes; i++) {
            a[i] -= b[i];
            d2 += a[i] * a[i];
        }
        double[] g = new double[3];
        if (!(d2 > 0)) {
            return g;
        }
        double d = Math.sqrt(d2);
        int t = x.face();
        int[] f = mesh.f();
        double[] v = mesh.v();
        double[] nrm = mesh.faceNormal(t);
        double twoA = 2 * mesh.faceArea(t);
        for (int c = 0; c < 3; c++) {
            int o = f[3 * t + c] * modes;
            double s = 0;
            for (int i = 0; i < modes; i++) {
                s += a[i] * psi[o + i];
            }
            // ∇b_c = n × (v_{c+2} − v_{c+1}) / 2A
            int p = 3 * f[3 * t + (c + 1) % 3];
            int q = 3 * f[3 * t + (c + 2) % 3];
            double ex = v[q] - v[p];
            double ey = v[q + 1] - v[p + 1];
            double ez = v[q + 2] - v[p + 2];
            double s2 = s / (twoA * d);
            g[0] += s2 * (nrm[1] * ez - nrm[2] * ey);
            g[1] += s2 * (nrm[2] * ex - nrm[0] * ez);
            g[2] += s2 * (nrm[0] * ey - nrm[1] * ex);
        }
        return g;
    }

    private SurfacePoint[][] locatePairs(INDArray x, INDArray y) {
        if (x.rank() != 2 || x.size(1) != 3) {
            throw ShapeMismatchException.of("x", "[batch, 3]", x.shape());
        }
        if (y.rank() != 2 || y.size(1) != 3 || y.size(0) != x.size(0)) {
            throw ShapeMismatchException.of("y", "[" + x.size(0) + ", 3]", y.shape());
        }
        return new SurfacePoint[][] {locator.locate(x), locator.locate(y)};
    }

    /**
     * @param x points on (or near: they are projected) the mesh, [batch, 3]
     * @param y points on the mesh, [batch, 3]
     * @return d²(x, y), [batch], of x's type
     * @throws ShapeMismatchException if x or y is not [batch, 3]
     */
    public INDArray squaredDist(INDArray x, INDArray y) {
        SurfacePoint[][] p = locatePairs(x, y);
        double[] out = new double[p[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = squaredDistance(p[0][i], p[1][i]);
        }
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    /**
     * @param x points on the mesh, [batch, 3]
     * @param y points on the mesh, [batch, 3]
     * @return d(x, y), [batch], of x's type
     * @throws ShapeMismatchException if x or y is not [batch, 3]
     */
    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] d2 = HostArrays.toDoubles(squaredDist(x, y).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        for (int i = 0; i < d2.length; i++) {
            d2[i] = Math.sqrt(d2[i]);
        }
        return HostArrays.fromDoubles(d2, x.dataType(), d2.length);
    }

    /**
     * @param x points on the mesh, [batch, 3]
     * @param y points on the mesh, [batch, 3]
     * @return ∇_x d(x, y), each in the plane of x's face, [batch, 3], of x's type
     * @throws ShapeMismatchException if x or y is not [batch, 3]
     */
    @Override
    public INDArray gradient(INDArray x, INDArray y) {
        SurfacePoint[][] p = locatePairs(x, y);
        double[] out = new double[3 * p[0].length];
        for (int i = 0; i < p[0].length; i++) {
            System.arraycopy(gradient(p[0][i], p[1][i]), 0, out, 3 * i, 3);
        }
        return HostArrays.fromDoubles(out, x.dataType(), p[0].length, 3);
    }
}
