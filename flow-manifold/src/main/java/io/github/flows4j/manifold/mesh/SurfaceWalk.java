package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves points along a triangle mesh by a displacement, face to face through the mesh's connectivity, instead of
 * jumping to the closest point of the end point: the displacement is taken in the plane of the starting face; where
 * the straight path leaves a face through an interior edge it is unfolded into the neighbouring face (the component
 * along the edge kept, the one across the edge turned into the neighbour's plane), and where it meets a boundary edge
 * the remainder slides along that edge, with the point kept a hair (1e-6 of the mesh's diameter) inside the face.
 * The result is on the surface and connected to the start by a path that never crosses a boundary edge — on a maze
 * mesh ({@link io.github.flows4j.manifold.maze.Maze#toMesh}) whose walls are slits of boundary edges, no step passes
 * through a wall, which closest-point projection cannot promise (both sides of a slit are at the same place).
 *
 * <pre>{@code
 * SurfaceWalk walk = SurfaceWalk.of(MeshLocator.of(mazeMesh));
 * INDArray next = walk.walk(x, xPlusStep);     // [n, 3] → [n, 3]: x moved by (xPlusStep − x) along the surface
 * }</pre>
 */
public final class SurfaceWalk {
    private static final int MAX_CROSSINGS = 256;

    private final MeshLocator locator;
    private final TriangleMesh mesh;
    /** per face and edge k (opposite vertex k): the face across it, or −1 on the boundary */
    private final int[] across;
    private final double inset;

    private SurfaceWalk(MeshLocator locator) {
        this.locator = locator;
        this.mesh = locator.mesh();
        this.across = mesh.faceNeighbours();
        this.inset = 1e-6 * locator.diameter();
    }

    /**
     * @param locator the mesh's locator (finds the starting faces)
     * @return a walker over its mesh (for a non-manifold edge, shared by three or more faces, the links are
     *     arbitrary)
     */
    public static SurfaceWalk of(MeshLocator locator) {
        return new SurfaceWalk(locator);
    }

    /** @return the locator */
    public MeshLocator locator() {
        return locator;
    }

    /**
     * @param from start points on (or near: their closest points are used) the mesh, [n, 3]
     * @param to   where the straight displacement would end, [n, 3]
     * @return the start points moved by to − from along the surface, [n, 3], of from's type
     * @throws ShapeMismatchException if from or to is not [n, 3]
     */
    public INDArray walk(INDArray from, INDArray to) {
        return walk(from, to, null);
    }

    /**
     * @param from      start points on (or near: their closest points are used) the mesh, [n, 3]
     * @param to        where the straight displacement would end, [n, 3]
     * @param crossings receives, per row, the interior edges that row's walk passes through, in order (null: not
     *                  recorded)
     * @return the start points moved by to − from along the surface, [n, 3], of from's type
     * @throws ShapeMismatchException if from or to is not [n, 3]
     */
    public INDArray walk(INDArray from, INDArray to, java.util.List<java.util.List<Crossing>> crossings) {
        if (to.rank() != 2 || to.size(1) != 3 || to.size(0) != from.size(0)) {
            throw ShapeMismatchException.of("to", "[" + from.size(0) + ", 3]", to.shape());
        }
        SurfacePoint[] start = locator.locate(from);
        double[] p = HostArrays.toDoubles(from);
        double[] q = HostArrays.toDoubles(to);
        double[] out = new double[p.length];
        for (int i = 0; i < start.length; i++) {
            double[] d = {q[3 * i] - p[3 * i], q[3 * i + 1] - p[3 * i + 1], q[3 * i + 2] - p[3 * i + 2]};
            java.util.List<Crossing> row = crossings == null ? null : new java.util.ArrayList<>();
            System.arraycopy(walk(start[i], d, row), 0, out, 3 * i, 3);
            if (crossings != null) {
                crossings.add(row);
            }
        }
        return HostArrays.fromDoubles(out, from.dataType(), start.length, 3);
    }

    /**
     * Where a walk passed from one face into a neighbour through an interior edge.
     *
     * @param fraction how much of the displacement had been walked when the edge was reached, in [0, 1]
     * @param point    the crossing point on the edge, [3]
     * @param leaving  the unit normal to the edge in the plane of the face left, pointing into that face, [3]
     * @param entering the unit normal to the edge in the plane of the face entered, pointing into it, [3]
     */
    public record Crossing(double fraction, double[] point, double[] leaving, double[] entering) {
    }

    /**
     * @param start a point on the mesh
     * @param d     the displacement, [3] (its normal component at the start is dropped)
     * @return the end point, [3]
     */
    public double[] walk(SurfacePoint start, double[] d) {
        return walk(start, d, null);
    }

    /**
     * @param start     a point on the mesh
     * @param d         the displacement, [3] (its normal component at the start is dropped)
     * @param crossings receives every interior edge the walk passes through, in order (null: not recorded)
     * @return the end point, [3]
     */
    public double[] walk(SurfacePoint start, double[] d, java.util.List<Crossing> crossings) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int face = start.face();
        double[] p = start.position();
        double[] r = d.clone();
        double[] n = mesh.faceNormal(face);
        sub(r, dot(r, n), n);
        double walked = 0;
        for (int iter = 0; iter < MAX_CROSSINGS && dot(r, r) > 0; iter++) {
            double[] bp = barycentric(face, p);
            double[] bq = barycentric(face, new double[] {p[0] + r[0], p[1] + r[1], p[2] + r[2]});
            int exit = -1;
            double s = 1;
            for (int k = 0; k < 3; k++) {
                if (bq[k] < 0) {
                    double bk = Math.max(bp[k], 0);
                    double sk = bk / (bk - bq[k]);
                    if (sk < s || exit < 0) {
                        s = sk;
                        exit = k;
                    }
                }
            }
            if (exit < 0) {
                return keepInside(face, new double[] {p[0] + r[0], p[1] + r[1], p[2] + r[2]}, bq);
            }
            for (int j = 0; j < 3; j++) {
                p[j] += s * r[j];
                r[j] *= 1 - s;
            }
            walked += s * (1 - walked);
            int a = 3 * f[3 * face + (exit + 1) % 3];
            int b = 3 * f[3 * face + (exit + 2) % 3];
            int c = 3 * f[3 * face + exit];
            double[] u = unit(new double[] {v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]});
            double[] in = inward(u, v, a, c);
            int next = across[3 * face + exit];
            double along = dot(r, u);
            if (next < 0) {
                // a boundary edge: slide along it, a hair inside the face
                for (int j = 0; j < 3; j++) {
                    r[j] = along * u[j];
                    p[j] += inset * in[j];
                }
                continue;
            }
            double out = -dot(r, in);
            int g = 3 * f[3 * next] + 3 * f[3 * next + 1] + 3 * f[3 * next + 2] - a - b;     // its third vertex
            double[] into = inward(u, v, a, g);
            if (crossings != null) {
                crossings.add(new Crossing(walked, p.clone(), in.clone(), into.clone()));
            }
            for (int j = 0; j < 3; j++) {
                r[j] = along * u[j] + out * into[j];
            }
            face = next;
        }
        return locator.closestPoint(p[0], p[1], p[2]).position();
    }

    /**
     * An end point that lies on (or within the inset of) a boundary edge of its face is moved to the inset inside
     * it: a point exactly on a maze wall belongs to both sides of the slit, and rounding it to float32 can put it
     * there even when the walk ended a hair inside.
     */
    private double[] keepInside(int face, double[] q, double[] bq) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        for (int k = 0; k < 3; k++) {
            if (across[3 * face + k] >= 0) {
                continue;
            }
            int a = 3 * f[3 * face + (k + 1) % 3];
            int b = 3 * f[3 * face + (k + 2) % 3];
            int c = 3 * f[3 * face + k];
            double[] u = unit(new double[] {v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]});
            double[] in = inward(u, v, a, c);
            double height = (v[c] - v[a]) * in[0] + (v[c + 1] - v[a + 1]) * in[1] + (v[c + 2] - v[a + 2]) * in[2];
            double gap = bq[k] * height;
            if (gap < inset) {
                for (int j = 0; j < 3; j++) {
                    q[j] += (inset - gap) * in[j];
                }
            }
        }
        return q;
    }

    /** @return the unit vector in the plane of (edge a→b, vertex c) perpendicular to the edge, towards c */
    private static double[] inward(double[] u, double[] v, int a, int c) {
        double[] w = {v[c] - v[a], v[c + 1] - v[a + 1], v[c + 2] - v[a + 2]};
        sub(w, dot(w, u), u);
        return unit(w);
    }

    /** Barycentric coordinates of p (projected onto the face's plane) with respect to face t. */
    private double[] barycentric(int t, double[] p) {
        double[] v = mesh.v();
        int[] f = mesh.f();
        int a = 3 * f[3 * t];
        int b = 3 * f[3 * t + 1];
        int c = 3 * f[3 * t + 2];
        double[] e0 = {v[b] - v[a], v[b + 1] - v[a + 1], v[b + 2] - v[a + 2]};
        double[] e1 = {v[c] - v[a], v[c + 1] - v[a + 1], v[c + 2] - v[a + 2]};
        double[] e2 = {p[0] - v[a], p[1] - v[a + 1], p[2] - v[a + 2]};
        double d00 = dot(e0, e0);
        double d01 = dot(e0, e1);
        double d11 = dot(e1, e1);
        double d20 = dot(e2, e0);
        double d21 = dot(e2, e1);
        double den = d00 * d11 - d01 * d01;
        double bv = (d11 * d20 - d01 * d21) / den;
        double bw = (d00 * d21 - d01 * d20) / den;
        return new double[] {1 - bv - bw, bv, bw};
    }

    private static double dot(double[] x, double[] y) {
        return x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
    }

    private static void sub(double[] x, double s, double[] y) {
        for (int j = 0; j < 3; j++) {
            x[j] -= s * y[j];
        }
    }

    private static double[] unit(double[] x) {
        double s = Math.sqrt(dot(x, x));
        return s > 0 ? new double[] {x[0] / s, x[1] / s, x[2] / s} : x;
    }
}
