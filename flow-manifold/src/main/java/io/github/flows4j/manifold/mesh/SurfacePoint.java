package io.github.flows4j.manifold.mesh;

/**
 * A point on a triangle mesh: the face it lies on, its barycentric coordinates (b₀, b₁, b₂) with respect to the
 * face's vertices in order (non-negative, summing to 1), its position Σ b_c v_c, and — when it was found by
 * projecting a query point — the distance from the query to it.
 *
 * <pre>{@code
 * SurfacePoint p = MeshLocator.of(mesh).closestPoint(0.1, 0.2, 0.3);
 * double f = p.b0() * phi[face[0]] + p.b1() * phi[face[1]] + p.b2() * phi[face[2]];   // linear interpolation
 * }</pre>
 *
 * @param face     the face index
 * @param b0       barycentric weight of the face's first vertex
 * @param b1       of the second
 * @param b2       of the third
 * @param x        position, x
 * @param y        position, y
 * @param z        position, z
 * @param distance the distance from the query point (0 for points made on the surface)
 */
public record SurfacePoint(int face, double b0, double b1, double b2, double x, double y, double z,
        double distance) {
    /** @return the position, [3] */
    public double[] position() {
        return new double[] {x, y, z};
    }
}
