package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Closest-point queries on a triangle mesh through a bounding-volume hierarchy: faces are split recursively at the
 * median centroid along the longest box axis into leaves of at most 8 faces; a query descends nearer boxes first
 * and prunes boxes farther than the best face so far, so it costs O(log m) face tests on a well-shaped mesh. The
 * closest point on a face is found region by region (Ericson, <i>Real-Time Collision Detection</i>, §5.1.5), which
 * also gives its barycentric coordinates. This is the mesh's projection onto the manifold (projx), the point
 * location used to interpolate vertex functions, and the face whose normal defines the tangent plane (proju).
 *
 * <pre>{@code
 * MeshLocator loc = MeshLocator.of(mesh);
 * INDArray onMesh = loc.project(points);                    // [n, 3] → [n, 3]
 * INDArray tangent = loc.projectTangent(onMesh, vectors);   // remove the face-normal components
 * }</pre>
 */
public final class MeshLocator {
    private static final int LEAF = 8;

    private final TriangleMesh mesh;
    private final int[] order;
    /** per node: min x, y, z, max x, y, z */
    private final double[] box;
    /** per node: left child, or −(first face slot + 1) for a leaf */
    private final int[] left;
    private final int[] right;
    private int nodes;

    private MeshLocator(TriangleMesh mesh) {
        this.mesh = mesh;
        int m = mesh.faceCount();
        this.order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        int cap = Math.max(16, m);     // median splits leave ≥ LEAF/2 faces per leaf: at most m/2 nodes
        this.box = new double[6 * cap];
        this.left = new int[cap];
        this.right = new int[cap];
        double[] centroid = new double[3 * m];
        double[] v = mesh.v();
        int[] f = mesh.f();
        for (int t = 0; t < m; t++) {
            for (int d = 0; d < 3; d++) {
                centroid[3 * t + d] = (v[3 * f[3 * t] + d] + v[3 * f[3 * t + 1] + d] + v[3 * f[3 * t + 2] + d]) / 3;
            }
        }
        build(centroid);
    }

    /**
     * @param mesh a triangle mesh
     * @return a locator over its faces
     */
    public static MeshLocator of(TriangleMesh mesh) {
        return new MeshLocator(mesh);
    }

    /** @return the mesh */
    public TriangleMesh mesh() {
        return mesh;
    }

    private void build(double[] centroid) {
        int m = order.length;
        int[] stackNode = new int[64 * 2];
        int[] stackLo = new int[stackNode.length];
        int[] stackHi = new int[stackNode.length];
        int sp = 0;
        nodes = 1;
        stackNode[sp] = 0;
        stackLo[sp] = 0;
        stackHi[sp++] = m;
        while (sp > 0) {
            sp--;
            int node = stackNode[sp];
            int lo = stackLo[sp];
            int hi = stackHi[sp];
            bound(node, lo, hi);
            if (hi - lo <= LEAF) {
                left[node] = -(lo + 1);
                right[node] = hi;
                continue;
            }
            int axis = 0;
            double ext = -1;
            for (int d = 0; d < 3; d++) {
                double e = box[6 * node + 3 + d] - box[6 * node + d];
                if (e > ext) {
                    ext = e;
                    axis = d;
                }
            }
            int mid = (lo + hi) >>> 1;
            select(centroid, axis, lo, hi - 1, mid);
            int l = nodes++;
            int r = nodes++;
            left[node] = l;
            right[node] = r;
            if (sp + 2 > stackNode.length) {
                stackNode = Arrays.copyOf(stackNode, 2 * stackNode.length);
                stackLo = Arrays.copyOf(stackLo, stackNode.length);
                stackHi = Arrays.copyOf(stackHi, stackNode.length);
            }
            stackNode[sp] = l;
            stackLo[sp] = lo;
            stackHi[sp++] = mid;
            stackNode[sp] = r;
            stackLo[sp] = mid;
            stackHi[sp++] = hi;
        }
    }

    /** Quickselect: reorders order[lo..hi] so that order[k] has the k-th smallest centroid coordinate. */
    private void select(double[] centroid, int axis, int lo, int hi, int k) {
        while (hi > lo) {
            double pivot = centroid[3 * order[(lo + hi) >>> 1] + axis];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (centroid[3 * order[i] + axis] < pivot) {
                    i++;
                }
                while (centroid[3 * order[j] + axis] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void bound(int node, int lo, int hi) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int o = 6 * node;
        for (int d = 0; d < 3; d++) {
            box[o + d] = Double.POSITIVE_INFINITY;
            box[o + 3 + d] = Double.NEGATIVE_INFINITY;
        }
        for (int i = lo; i < hi; i++) {
            int t = order[i];
            for (int c = 0; c < 3; c++) {
                int vi = 3 * f[3 * t + c];
                for (int d = 0; d < 3; d++) {
                    box[o + d] = Math.min(box[o + d], v[vi + d]);
                    box[o + 3 + d] = Math.max(box[o + 3 + d], v[vi + d]);
                }
            }
        }
    }

    private double boxDistance2(int node, double px, double py, double pz) {
        int o = 6 * node;
        double dx = Math.max(Math.max(box[o] - px, 0), px - box[o + 3]);
        double dy = Math.max(Math.max(box[o + 1] - py, 0), py - box[o + 4]);
        double dz = Math.max(Math.max(box[o + 2] - pz, 0), pz - box[o + 5]);
        return dx * dx + dy * dy + dz * dz;
    }

    /**
     * @param px query x
     * @param py query y
     * @param pz query z
     * @return the closest point of the mesh, its face and barycentric coordinates (the lowest face index wins ties)
     */
    public SurfacePoint closestPoint(double px, double py, double pz) {
        double[] best = {Double.POSITIVE_INFINITY, -1, 0, 0, 0};
        double[] bary = new double[3];
        int[] stack = new int[128];
        int sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            int node = stack[--sp];
            if (boxDistance2(node, px, py, pz) > best[0]) {
                continue;
            }
            if (left[node] < 0) {
                int lo = -left[node] - 1;
                for (int i = lo; i < right[node]; i++) {
                    int t = order[i];
                    double d2 = closestOnFace(t, px, py, pz, bary);
                    if (d2 < best[0] || (d2 == best[0] && t < best[1])) {
                        best[0] = d2;
                        best[1] = t;
                        best[2] = bary[0];
                        best[3] = bary[1];
                        best[4] = bary[2];
                    }
                }
                continue;
            }
            int a = left[node];
            int b = right[node];
            double da = boxDistance2(a, px, py, pz);
            double db = boxDistance2(b, px, py, pz);
            if (sp + 2 > stack.length) {
                stack = Arrays.copyOf(stack, 2 * stack.length);
            }
            // push the farther child first so the nearer one is searched first
            if (da <= db) {
                stack[sp++] = b;
                stack[sp++] = a;
            } else {
                stack[sp++] = a;
                stack[sp++] = b;
            }
        }
        int t = (int) best[1];
        return at(t, best[2], best[3], best[4], Math.sqrt(best[0]));
    }

    /**
     * @param face a face index
     * @param b0   barycentric weight of its first vertex
     * @param b1   of the second
     * @param b2   of the third
     * @param dist the distance to record
     * @return the point Σ b_c v_c on that face
     */
    SurfacePoint at(int face, double b0, double b1, double b2, double dist) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int a = 3 * f[3 * face];
        int b = 3 * f[3 * face + 1];
        int c = 3 * f[3 * face + 2];
        return new SurfacePoint(face, b0, b1, b2, b0 * v[a] + b1 * v[b] + b2 * v[c],
                b0 * v[a + 1] + b1 * v[b + 1] + b2 * v[c + 1], b0 * v[a + 2] + b1 * v[b + 2] + b2 * v[c + 2], dist);
    }

    /** Closest point of face t to p: writes its barycentric coordinates, returns the squared distance. */
    private double closestOnFace(int t, double px, double py, double pz, double[] bary) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int a = 3 * f[3 * t];
        int b = 3 * f[3 * t + 1];
        int c = 3 * f[3 * t + 2];
        double abx = v[b] - v[a];
        double aby = v[b + 1] - v[a + 1];
        double abz = v[b + 2] - v[a + 2];
        double acx = v[c] - v[a];
        double acy = v[c + 1] - v[a + 1];
        double acz = v[c + 2] - v[a + 2];
        double apx = px - v[a];
        double apy = py - v[a + 1];
        double apz = pz - v[a + 2];
        double d1 = abx * apx + aby * apy + abz * apz;
        double d2 = acx * apx + acy * apy + acz * apz;
        double u;
        double w;
        double s;
        if (d1 <= 0 && d2 <= 0) {
            set(bary, 1, 0, 0);
        } else {
            double bpx = px - v[b];
            double bpy = py - v[b + 1];
            double bpz = pz - v[b + 2];
            double d3 = abx * bpx + aby * bpy + abz * bpz;
            double d4 = acx * bpx + acy * bpy + acz * bpz;
            double cpx = px - v[c];
            double cpy = py - v[c + 1];
            double cpz = pz - v[c + 2];
            double d5 = abx * cpx + aby * cpy + abz * cpz;
            double d6 = acx * cpx + acy * cpy + acz * cpz;
            double vc = d1 * d4 - d3 * d2;
            double vb = d5 * d2 - d1 * d6;
            double va = d3 * d6 - d5 * d4;
            if (d3 >= 0 && d4 <= d3) {
                set(bary, 0, 1, 0);
            } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
                s = d1 / (d1 - d3);
                set(bary, 1 - s, s, 0);
            } else if (d6 >= 0 && d5 <= d6) {
                set(bary, 0, 0, 1);
            } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
                w = d2 / (d2 - d6);
                set(bary, 1 - w, 0, w);
            } else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
                w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
                set(bary, 0, 1 - w, w);
            } else {
                double sum = va + vb + vc;
                if (!(sum > 0)) {
                    set(bary, 1, 0, 0);     // degenerate face: its first vertex
                } else {
                    u = vb / sum;
                    w = vc / sum;
                    set(bary, 1 - u - w, u, w);
                }
            }
        }
        double qx = bary[0] * v[a] + bary[1] * v[b] + bary[2] * v[c] - px;
        double qy = bary[0] * v[a + 1] + bary[1] * v[b + 1] + bary[2] * v[c + 1] - py;
        double qz = bary[0] * v[a + 2] + bary[1] * v[b + 2] + bary[2] * v[c + 2] - pz;
        return qx * qx + qy * qy + qz * qz;
    }

    private static void set(double[] b, double x, double y, double z) {
        b[0] = x;
        b[1] = y;
        b[2] = z;
    }

    /**
     * @param points query points, [n, 3]
     * @return their closest points on the mesh, one per row
     * @throws ShapeMismatchException if points is not [n, 3]
     */
    public SurfacePoint[] locate(INDArray points) {
        if (points.rank() != 2 || points.size(1) != 3) {
            throw ShapeMismatchException.of("points", "[n, 3]", points.shape());
        }
        double[] p = HostArrays.toDoubles(points);
        SurfacePoint[] out = new SurfacePoint[p.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = closestPoint(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
        }
        return out;
    }

    /**
     * The mesh's projection (projx): every point moved to its closest point on the surface.
     *
     * @param points query points, [n, 3]
     * @return the closest points, [n, 3], of the points' type
     * @throws ShapeMismatchException if points is not [n, 3]
     */
    public INDArray project(INDArray points) {
        SurfacePoint[] s = locate(points);
        double[] out = new double[3 * s.length];
        for (int i = 0; i < s.length; i++) {
            out[3 * i] = s[i].x();
            out[3 * i + 1] = s[i].y();
            out[3 * i + 2] = s[i].z();
        }
        return HostArrays.fromDoubles(out, points.dataType(), s.length, 3);
    }

    /**
     * The tangent projection (proju): u − ⟨u, n_f⟩ n_f with n_f the unit normal of the face closest to x.
     *
     * @param points  points on (or near) the mesh, [n, 3]
     * @param vectors any vectors, [n, 3]
     * @return the vectors projected onto the planes of the faces, [n, 3]
     * @throws ShapeMismatchException if either is not [n, 3] or they differ in rows
     */
    public INDArray projectTangent(INDArray points, INDArray vectors) {
        if (vectors.rank() != 2 || vectors.size(1) != 3 || vectors.size(0) != points.size(0)) {
            throw ShapeMismatchException.of("vectors", "[" + points.size(0) + ", 3]", vectors.shape());
        }
        SurfacePoint[] s = locate(points);
        double[] u = HostArrays.toDoubles(vectors);
        for (int i = 0; i < s.length; i++) {
            double[] nrm = mesh.faceNormal(s[i].face());
            double d = u[3 * i] * nrm[0] + u[3 * i + 1] * nrm[1] + u[3 * i + 2] * nrm[2];
            for (int j = 0; j < 3; j++) {
                u[3 * i + j] -= d * nrm[j];
            }
        }
        return HostArrays.fromDoubles(u, vectors.dataType(), s.length, 3);
    }

    /** @return the length of the diagonal of the mesh's bounding box */
    public double diameter() {
        double s = 0;
        for (int d = 0; d < 3; d++) {
            double e = box[3 + d] - box[d];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /**
     * The default tolerance of {@link #checkOnSurface}: how far a point that was made on the surface can lie from it
     * after rounding to its type, 1e-5 (FLOAT) or 1e-9 (DOUBLE) times {@link #diameter()}.
     *
     * @param type the points' type
     * @return the tolerance in mesh units
     */
    public double surfaceTolerance(DataType type) {
        return (type == DataType.DOUBLE ? 1e-9 : 1e-5) * diameter();
    }

    /**
     * Locates points that must lie on the surface.
     *
     * @param name   the argument's name, for the message
     * @param points points on the mesh, [n, 3]
     * @return their closest points
     * @throws ShapeMismatchException if points is not [n, 3]
     * @throws OffManifoldException   if a row is farther than {@link #surfaceTolerance} from the surface
     */
    public SurfacePoint[] checkOnSurface(String name, INDArray points) {
        SurfacePoint[] s;
        try {
            s = locate(points);
        } catch (ShapeMismatchException e) {
            throw ShapeMismatchException.of(name, "[n, 3]", points.shape());
        }
        double tol = surfaceTolerance(points.dataType());
        for (int i = 0; i < s.length; i++) {
            if (!(s[i].distance() <= tol)) {
                throw new OffManifoldException(name + " row " + i + " must lie on the mesh surface: distance <= "
                        + tol + "; got " + s[i].distance());
            }
        }
        return s;
    }
}
