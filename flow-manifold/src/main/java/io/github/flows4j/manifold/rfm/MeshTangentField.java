package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.SurfacePoint;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The RFM network on a triangle mesh (Chen and Lipman 2024, §3.3 and §5.2): an {@link Mlp} f_θ on the ambient
 * coordinates and time, [(x − c)/s, t] ↦ s·f (c, s: the centre and half-diagonal of the mesh's bounding box, so the
 * network sees O(1) inputs and outputs velocities in mesh units), made tangent to the face f(x) of x's closest point
 * ({@link MeshLocator}): by default ({@link Projection#FACE}, the paper's choice) v_θ = P_f f_θ, and optionally
 * ({@link Projection#FLUX_CONTINUOUS}) in two projections,
 * <pre>
 *   v_θ(x, t) = P_f (I − ν(x) ν(x)ᵀ) f_θ(x, t),   P_f = I − n_f n_fᵀ,
 *   ν(x) ∝ Σ_k b_{k+1}(x) b_{k+2}(x) ν̄_k + 0.01 (b₀⁸ + b₁⁸ + b₂⁸) n_f,   ν̄_k = (n_f + n_g) / ‖n_f + n_g‖,
 * </pre>
 * where b are x's barycentric coordinates in its face and ν̄_k the bisecting normal of the edge opposite vertex k
 * (shared with the face g across it; n_f on a boundary edge). ν is continuous over the surface (it equals ν̄_k all
 * along edge k, from either side, up to a weight of at most 3e-4 on n_f away from the vertices) and varies smoothly
 * inside each face. Near a vertex the edges' bisectors disagree, so ν turns towards n_f over a zone where some
 * b_k⁸ is comparable to the edge weights; this bounds ∂ν/∂x (a bare blend of the edge terms has a 1/distance
 * gradient at the vertices, which wrecked the likelihood on the bunny's small triangles) at the price of a small flux
 * jump confined to those zones.
 *
 * <p><b>Why a second projection, and why it is not the default.</b> A field projected face by face, P_f f, changes its component across an edge
 * when the normal turns, so the flux through the edge jumps: the flow piles mass onto (or tears it from) the edges,
 * a divergence concentrated on them that no per-face divergence sees, and the likelihood comes out wrong (on the
 * bunny it fell below the data's own entropy). For v ⊥ ν̄ the edge-normal components on the two sides agree —
 * the two in-plane edge normals differ by a multiple of ν̄ — so v_θ has continuous flux through every edge
 * (up to the vertex zones), and the divergence over each face's plane, tr(P J P) with ∂ν/∂x taken into
 * account by autodiff, is the whole divergence that {@link MeshLikelihood} needs. This assumes consistently
 * oriented faces. On a coarse sphere it conserves mass (E_uniform[p/p₀] = 0.986 for a strong random field). On the
 * scanned bunny, whose adjacent normals differ by up to 146°, ν turns sharply from face to face, the flow compresses
 * and expands at every face, and trained models scored far worse than the uniform base: it is offered for
 * experiments, and the per-face projection, whose likelihood misses the edge terms, stays the default.
 *
 * <p><b>Edge fluxes ({@link Projection#EDGE_FLUX}).</b> A field whose flux through every edge is the same from both
 * sides needs no jump term, and one that is also smooth inside each face has an exact per-face divergence. The
 * lowest-order Raviart–Thomas space (the flux-conforming finite element of mixed methods) is exactly that: one
 * number per edge, the flux c_e, and inside face f
 * <pre>
 *   v(x) = Σ_k σ_{f,k} c_{e_k} |e_k| / (2 A_f) · (x − p_k),       div v = Σ_k σ_{f,k} c_{e_k} |e_k| / A_f,
 * </pre>
 * where p_k is the vertex opposite edge e_k and σ = ±1 orients the edge (0 on the boundary: no flux through a maze
 * wall). Here c_e(t) = f_θ(m_e, t)·w_e, the network at the edge's midpoint m_e (the same input from either face)
 * against a fixed in-surface normal w_e of the edge. The flow is mass-conserving up to the solver's error
 * ({@code MeshLikelihoodTest}: E_uniform[p/p₀] = 1 within Monte-Carlo error), at the price of three network
 * evaluations per point and a field that is linear inside each face, so its resolution is the mesh's.
 *
 * <p><b>Spectral input features.</b> With {@link Builder#spectral} the network also sees the first m non-constant
 * Laplace–Beltrami eigenfunctions at x, φ_i(x) = Σ_k b_k(x) φ_i(v_k) (piecewise linear, scaled by √area to unit
 * mean square), input [(x − c)/s, φ₁(x) … φ_m(x), t]. They are intrinsic coordinates: two points on either side of
 * a maze wall, or of a thin part of a surface, are close in space but far apart in φ, which a network on ambient
 * coordinates alone cannot tell apart. The features are affine in x on each face, so the divergence stays exact.
 *
 * <pre>{@code
 * MeshTangentField v = MeshTangentField.builder(MeshLocator.of(bunny)).hidden(256, 256, 256).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);     // x: [batch, 3] on the mesh, t: [batch, 1] → [batch, 3] in the faces' planes
 *
 * Eigenpairs eig = CotangentLaplacian.of(maze).eigenpairs(61, EigenOptions.defaults());
 * MeshTangentField w = MeshTangentField.builder(MeshLocator.of(maze)).spectral(eig, 20).build(Rng.seeded(0));
 * }</pre>
 */
public final class MeshTangentField extends Module implements VelocityField {
    private static final double VERTEX_ZONE = 0.01;

    /** How the network's output is made tangent. */
    public enum Projection {
        /** v = P_f f, the paper's per-face projection; the flux through edges jumps. */
        FACE,
        /** v = P_f (I − ν νᵀ) f with the continuous edge-bisector normal ν: continuous flux through edges. */
        FLUX_CONTINUOUS,
        /**
         * The lowest-order Raviart–Thomas field of the network's edge fluxes: one flux c_e(t) = f(m_e, t)·w_e per
         * edge (the network at the edge's midpoint), interpolated over each face; exactly flux-continuous.
         */
        EDGE_FLUX
    }

    private final Projection projection;
    private final MeshLocator locator;
    private final double[] centre;
    private final double scale;
    private final Mlp net;
    /** m spectral features per vertex (row-major [vertices, m]), or an empty array */
    private final double[] spectral;
    private final int spectralCount;
    /** per face: centroid, ∇b₀, ∇b₁, ∇b₂, ν̄₀, ν̄₁, ν̄₂, n_f — 24 numbers */
    private final double[] frames;
    /** per face and edge k (opposite vertex k), for EDGE_FLUX: midpoint, w_e, opposite vertex, σ|e|/(2A) — 10 each */
    private final double[] edges;

    private MeshTangentField(Builder b, Rng rng) {
        this.locator = b.locator;
        this.projection = b.projection;
        this.frames = frames(locator.mesh());
        this.edges = projection == Projection.EDGE_FLUX ? edgeTable(locator.mesh()) : new double[0];
        double[] v = locator.mesh().vertices();
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < v.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], v[i]);
            hi[i % 3] = Math.max(hi[i % 3], v[i]);
        }
        this.centre = new double[] {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2};
        this.scale = Math.max(locator.diameter() / 2, 1e-12);
        this.spectralCount = b.spectralCount;
        this.spectral = spectralTable(locator.mesh(), b.eigenpairs, b.spectralCount);
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = 4 + spectralCount;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = 3;
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(b.dtype).build(rng));
    }

    /**
     * Per face t and edge k: the edge's midpoint, the edge's flux direction w_e, the vertex p_k opposite the edge, and
     * σ|e|/(2A_t), the coefficient of the Raviart–Thomas basis function (x − p_k)|e|/(2A_t), whose outward normal
     * component is 1 on edge k and 0 on the other two. w_e is the same vector from both faces: the outward in-plane
     * normal of the face with the smaller index, averaged with the inward one of the other and normalised; σ = +1
     * for that face and −1 for the other, so both faces see the same flux c_e. On a boundary edge σ = 0 (no flux).
     */
    private static double[] edgeTable(TriangleMesh mesh) {
        int m = mesh.faceCount();
        int[] across = mesh.faceNeighbours();
        double[] v = mesh.vertices();
        int[] f = mesh.faces();
        double[] out = new double[30 * m];
        for (int t = 0; t < m; t++) {
            double area = mesh.faceArea(t);
            for (int k = 0; k < 3; k++) {
                int a = 3 * f[3 * t + (k + 1) % 3];
                int b = 3 * f[3 * t + (k + 2) % 3];
                int c = 3 * f[3 * t + k];
                int o = 30 * t + 10 * k;
                double len = 0;
                for (int j = 0; j < 3; j++) {
                    out[o + j] = (v[a + j] + v[b + j]) / 2;
                    out[o + 6 + j] = v[c + j];
                    len += (v[b + j] - v[a + j]) * (v[b + j] - v[a + j]);
                }
                len = Math.sqrt(len);
                int g = across[3 * t + k];
                double[] outward = outwardNormal(v, a, b, c);
                double sigma;
                double[] w;
                if (g < 0 || area <= 0) {
                    sigma = 0;
                    w = outward;
                } else {
                    int gc = 3 * (f[3 * g] + f[3 * g + 1] + f[3 * g + 2]) - a - b;   // g's vertex off the edge
                    double[] other = outwardNormal(v, a, b, gc);
                    double[] mean = {outward[0] - other[0], outward[1] - other[1], outward[2] - other[2]};
                    double norm = Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
                    boolean owner = t < g;
                    w = new double[3];
                    for (int j = 0; j < 3; j++) {
                        w[j] = norm > 1e-12 ? (owner ? mean[j] : -mean[j]) / norm : (owner ? outward[j] : -other[j]);
                    }
                    sigma = owner ? 1 : -1;
                }
                System.arraycopy(w, 0, out, o + 3, 3);
                out[o + 9] = area > 0 ? sigma * len / (2 * area) : 0;
            }
        }
        return out;
    }

    /** the unit vector in the plane of (edge a–b, vertex c), perpendicular to the edge, pointing away from c */
    private static double[] outwardNormal(double[] v, int a, int b, int c) {
        double[] e = {v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]};
        double[] w = {v[a] - v[c], v[a + 1] - v[c + 1], v[a + 2] - v[c + 2]};
        double ee = e[0] * e[0] + e[1] * e[1] + e[2] * e[2];
        double we = (w[0] * e[0] + w[1] * e[1] + w[2] * e[2]) / (ee > 0 ? ee : 1);
        for (int j = 0; j < 3; j++) {
            w[j] -= we * e[j];
        }
        double n = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        return n > 0 ? new double[] {w[0] / n, w[1] / n, w[2] / n} : w;
    }

    /** the first m eigenvectors with λ > 1e-8 λ_max, times √area, per vertex */
    private static double[] spectralTable(TriangleMesh mesh, Eigenpairs eig, int m) {
        if (m == 0) {
            return new double[0];
        }
        int first = eig.firstNonConstant();
        if (eig.count() - first < m) {
            throw InvalidConfigException.of("spectral count", "<= " + (eig.count() - first)
                    + " (the non-constant eigenpairs given)", m);
        }
        int n = mesh.vertexCount();
        double s = Math.sqrt(mesh.totalArea());
        double[] out = new double[n * m];
        for (int i = 0; i < m; i++) {
            double[] phi = eig.vector(first + i);
            for (int v = 0; v < n; v++) {
                out[v * m + i] = s * phi[v];
            }
        }
        return out;
    }

    private static double[] frames(TriangleMesh mesh) {
        int m = mesh.faceCount();
        int[] across = mesh.faceNeighbours();
        double[] v = mesh.vertices();
        int[] f = mesh.faces();
        double[] out = new double[24 * m];
        for (int t = 0; t < m; t++) {
            double[] n = mesh.faceNormal(t);
            double twoA = 2 * mesh.faceArea(t);
            for (int k = 0; k < 3; k++) {
                int a = 3 * f[3 * t + k];
                int p = 3 * f[3 * t + (k + 1) % 3];
                int q = 3 * f[3 * t + (k + 2) % 3];
                for (int j = 0; j < 3; j++) {
                    out[24 * t + j] += v[a + j] / 3;
                }
                // ∇b_k = n × (v_q − v_p) / 2A
                double ex = v[q] - v[p];
                double ey = v[q + 1] - v[p + 1];
                double ez = v[q + 2] - v[p + 2];
                double s = twoA > 0 ? 1 / twoA : 0;
                out[24 * t + 3 + 3 * k] = s * (n[1] * ez - n[2] * ey);
                out[24 * t + 4 + 3 * k] = s * (n[2] * ex - n[0] * ez);
                out[24 * t + 5 + 3 * k] = s * (n[0] * ey - n[1] * ex);
                double[] g = across[3 * t + k] >= 0 ? mesh.faceNormal(across[3 * t + k]) : n;
                double[] bis = {n[0] + g[0], n[1] + g[1], n[2] + g[2]};
                double len = Math.sqrt(bis[0] * bis[0] + bis[1] * bis[1] + bis[2] * bis[2]);
                for (int j = 0; j < 3; j++) {
                    out[24 * t + 12 + 3 * k + j] = len > 1e-12 ? bis[j] / len : n[j];
                }
            }
            System.arraycopy(n, 0, out, 24 * t + 21, 3);
        }
        return out;
    }

    /**
     * @param locator the closest-point locator of the mesh (required)
     * @return a builder: hidden 256, 256, 256, SiLU, FLOAT
     */
    public static Builder builder(MeshLocator locator) {
        return new Builder(locator);
    }

    /** @return the locator whose faces give the tangent planes */
    public MeshLocator locator() {
        return locator;
    }

    @Override
    public int dim() {
        return 3;
    }

    /**
     * @param x points on (or, inside a solver step, near) the mesh, [batch, 3]
     * @param t times, [batch, 1], same type
     * @return velocities in the planes of the faces of x's closest points, [batch, 3]
     * @throws ShapeMismatchException if x is not [batch, 3] or t not [batch, 1]
     */
    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        if (x.rank() != 2 || x.size(1) != 3) {
            throw ShapeMismatchException.of("x", "[batch, 3]", x.shape());
        }
        if (t.rank() != 2 || t.size(0) != x.size(0) || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
        int n = (int) x.size(0);
        DataType type = x.value().dataType();
        SurfacePoint[] at = locator.locate(x.value());
        double[] shift = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                shift[3 * i + j] = -centre[j] / scale;
            }
        }
        Tensor normal = frameColumn(at, 7, type);
        if (projection == Projection.EDGE_FLUX) {
            return edgeFluxField(x, t, at, normal, type);
        }
        // centroid and ∇b₀, ∇b₁, ∇b₂ of each row's face: only the spectral features and FLUX_CONTINUOUS need them
        Tensor[] k = spectralCount > 0 || projection == Projection.FLUX_CONTINUOUS ? frameColumns(at, type) : null;
        Tensor input = x.mul(1 / scale).add(Tensor.constant(HostArrays.fromDoubles(shift, type, n, 3)));
        Tensor f = net.forward(spectralCount == 0 ? Tensor.concat(1, input, t)
                : Tensor.concat(1, input, spectralFeatures(x, at, k, type), t)).mul(scale);
        if (projection == Projection.FACE) {
            return f.sub(normal.mul(f.mul(normal).sum(1, true)));
        }
        // barycentric coordinates, affine in x on the face: b_k = 1/3 + ∇b_k · (x − centroid)
        Tensor rel = x.sub(k[0]);
        Tensor b0 = rel.mul(k[1]).sum(1, true).add(1.0 / 3).relu();
        Tensor b1 = rel.mul(k[2]).sum(1, true).add(1.0 / 3).relu();
        Tensor b2 = rel.mul(k[3]).sum(1, true).add(1.0 / 3).relu();
        // near a vertex the edge terms vanish and ν turns towards n_f over a small zone (b⁸ ≈ 1 only there)
        Tensor zone = b0.pow(8).add(b1.pow(8)).add(b2.pow(8)).mul(VERTEX_ZONE);
        Tensor nu = frameColumn(at, 4, type).mul(b1.mul(b2)).add(frameColumn(at, 5, type).mul(b0.mul(b2)))
                .add(frameColumn(at, 6, type).mul(b0.mul(b1))).add(normal.mul(zone));
        nu = nu.div(nu.mul(nu).sum(1, true).sqrt());
        Tensor v = f.sub(nu.mul(f.mul(nu).sum(1, true)));
        return v.sub(normal.mul(v.mul(normal).sum(1, true)));
    }

    /**
     * v(x) = Σ_k σ_k c_{e_k}(t) |e_k|/(2A) P_f (x − p_k), with c_e = f(m_e, t)·w_e: the network evaluated at the
     * three edge midpoints (the same input from either face of an edge, so the same flux), then interpolated.
     */
    private Tensor edgeFluxField(Tensor x, Tensor t, SurfacePoint[] at, Tensor normal, DataType type) {
        int n = at.length;
        int m = spectralCount;
        int[] faces = locator.mesh().faces();
        double[] mid = new double[9 * n];
        double[] w = new double[9 * n];
        double[] opposite = new double[9 * n];
        double[] coef = new double[3 * n];
        double[] feats = new double[3 * n * m];
        double[] shift = new double[9 * n];
        for (int i = 0; i < n; i++) {
            int face = at[i].face();
            for (int e = 0; e < 3; e++) {
                int o = 30 * face + 10 * e;
                int r = e * n + i;                                   // rows grouped by edge: [edge 0 | 1 | 2]
                System.arraycopy(edges, o, mid, 3 * r, 3);
                System.arraycopy(edges, o + 3, w, 3 * r, 3);
                System.arraycopy(edges, o + 6, opposite, 3 * r, 3);
                coef[r] = edges[o + 9];
                for (int j = 0; j < 3; j++) {
                    shift[3 * r + j] = (mid[3 * r + j] - centre[j]) / scale;
                }
                if (m > 0) {
                    int va = faces[3 * face + (e + 1) % 3] * m;
                    int vb = faces[3 * face + (e + 2) % 3] * m;
                    for (int q = 0; q < m; q++) {
                        feats[r * m + q] = (spectral[va + q] + spectral[vb + q]) / 2;
                    }
                }
            }
        }
        Tensor time = Tensor.concat(0, t, t, t);
        Tensor input = Tensor.constant(HostArrays.fromDoubles(shift, type, 3 * n, 3));
        Tensor in = m > 0 ? Tensor.concat(1, input, Tensor.constant(HostArrays.fromDoubles(feats, type, 3 * n, m)),
                time) : Tensor.concat(1, input, time);
        Tensor flux = net.forward(in).mul(scale).mul(Tensor.constant(HostArrays.fromDoubles(w, type, 3 * n, 3)))
                .sum(1, true).mul(Tensor.constant(HostArrays.fromDoubles(coef, type, 3 * n, 1)));
        Tensor v = null;
        for (int e = 0; e < 3; e++) {
            double[] p = java.util.Arrays.copyOfRange(opposite, 3 * e * n, 3 * (e + 1) * n);
            Tensor rel = x.sub(Tensor.constant(HostArrays.fromDoubles(p, type, n, 3)));
            Tensor term = rel.mul(flux.narrow(0, (long) e * n, n));
            v = v == null ? term : v.add(term);
        }
        return v.sub(normal.mul(v.mul(normal).sum(1, true)));
    }

    /** φ(x) = Σ_k b_k(x) φ(v_k), with b_k = 1/3 + ∇b_k · (x − centroid) affine in x on the face */
    private Tensor spectralFeatures(Tensor x, SurfacePoint[] at, Tensor[] k, DataType type) {
        int n = at.length;
        int m = spectralCount;
        int[] faces = locator.mesh().faces();
        double[][] corner = new double[3][n * m];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(spectral, faces[3 * at[i].face() + c] * m, corner[c], i * m, m);
            }
        }
        Tensor rel = x.sub(k[0]);
        Tensor out = null;
        for (int c = 0; c < 3; c++) {
            Tensor b = rel.mul(k[1 + c]).sum(1, true).add(1.0 / 3);
            Tensor term = Tensor.constant(HostArrays.fromDoubles(corner[c], type, n, m)).mul(b);
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    /**
     * @param x points on the mesh, [batch, 3]
     * @return the spectral input features at x, [batch, m] (for tests and diagnostics)
     */
    INDArray spectralInput(INDArray x) {
        SurfacePoint[] at = locator.locate(x);
        return spectralFeatures(Tensor.constant(x), at, frameColumns(at, x.dataType()), x.dataType()).value();
    }

    /** @return column c (0 centroid, 1–3 ∇b_k, 4–6 ν̄_k, 7 n_f) of each row's face frame, [n, 3] */
    private Tensor frameColumn(SurfacePoint[] at, int c, DataType type) {
        double[] col = new double[3 * at.length];
        for (int i = 0; i < at.length; i++) {
            System.arraycopy(frames, 24 * at[i].face() + 3 * c, col, 3 * i, 3);
        }
        return Tensor.constant(HostArrays.fromDoubles(col, type, at.length, 3));
    }

    /** @return the centroid and ∇b₀, ∇b₁, ∇b₂ of each row's face, four [n, 3] constants */
    private Tensor[] frameColumns(SurfacePoint[] at, DataType type) {
        return new Tensor[] {frameColumn(at, 0, type), frameColumn(at, 1, type), frameColumn(at, 2, type),
            frameColumn(at, 3, type)};
    }

    /** @return m, the number of spectral input features (0 without them) */
    public int spectralCount() {
        return spectralCount;
    }

    @Override
    public String toString() {
        return "MeshTangentField[" + locator.mesh() + ", " + net + "]";
    }

    /** Builds a {@link MeshTangentField}; validated in {@link #build}. */
    public static final class Builder {
        private final MeshLocator locator;
        private int[] hidden = {256, 256, 256};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;
        private Projection projection = Projection.FACE;
        private Eigenpairs eigenpairs;
        private int spectralCount;

        private Builder(MeshLocator locator) {
            this.locator = locator;
        }

        /** @param sizes hidden widths (default 256, 256, 256) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes.clone();
            return this;
        }

        /** @param value FACE (default, the paper's), FLUX_CONTINUOUS or EDGE_FLUX @return this */
        public Builder projection(Projection value) {
            projection = value;
            return this;
        }

        /**
         * Adds the first m non-constant eigenfunctions of the mesh's Laplacian at x to the network's input (see the
         * class documentation); m = 0 (the default) leaves them out.
         *
         * @param eig   eigenpairs of the locator mesh's Laplacian (one entry per vertex), ascending
         * @param count m, at most the number of non-constant pairs in eig
         * @return this
         */
        public Builder spectral(Eigenpairs eig, int count) {
            eigenpairs = eig;
            spectralCount = count;
            return this;
        }

        /** @param value the activation (default SiLU) @return this */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /**
         * @param rng initialises the weights
         * @return the field
         * @throws InvalidConfigException if the locator or a setting is missing, a width is not positive, or the
         *                                spectral count is negative, exceeds the non-constant pairs given, or is
         *                                set without eigenpairs
         * @throws ShapeMismatchException if the eigenpairs do not have one entry per vertex of the mesh
         */
        public MeshTangentField build(Rng rng) {
            if (locator == null) {
                throw InvalidConfigException.of("locator", "a mesh locator", null);
            }
            if (activation == null || dtype == null || projection == null) {
                throw new InvalidConfigException("activation, dtype and projection must be set; got " + activation
                        + ", " + dtype + ", " + projection);
            }
            if (hidden.length == 0) {
                throw InvalidConfigException.of("hidden", "at least one width", "[]");
            }
            for (int h : hidden) {
                if (h < 1) {
                    throw InvalidConfigException.of("hidden", "positive widths", Arrays.toString(hidden));
                }
            }
            if (spectralCount < 0) {
                throw InvalidConfigException.of("spectral count", ">= 0", spectralCount);
            }
            if (spectralCount > 0) {
                if (eigenpairs == null) {
                    throw InvalidConfigException.of("spectral eigenpairs", "eigenpairs of the mesh's Laplacian", null);
                }
                if (eigenpairs.dimension() != locator.mesh().vertexCount()) {
                    throw ShapeMismatchException.of("spectral eigenpairs (eigenvector length)",
                            "[" + locator.mesh().vertexCount() + "] (one entry per vertex)",
                            new long[] {eigenpairs.dimension()});
                }
            }
            return new MeshTangentField(this, rng);
        }
    }
}
