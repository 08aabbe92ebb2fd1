package io.github.flows4j.manifold.data;

import io.github.flows4j.manifold.mesh.ObjReader;
import io.github.flows4j.manifold.mesh.TriangleMesh;

/**
 * The two meshes of the Riemannian Flow Matching mesh benchmarks (Chen and Lipman 2024, §5.2), shipped as class-path
 * resources under {@code /datasets/mesh/} with their sources in the repository's NOTICE, in the units the benchmarks
 * use: the Stanford bunny divided by 250, Spot the cow as is.
 *
 * <pre>{@code
 * TriangleMesh bunny = BenchmarkMesh.BUNNY.load();    // 2502 vertices, 5000 faces
 * }</pre>
 */
public enum BenchmarkMesh {
    /** The Stanford bunny (Stanford 3D Scanning Repository), 2502 vertices, coordinates divided by 250. */
    BUNNY("bunny.obj", 1 / 250.0),
    /** Spot the cow (Keenan Crane), 2930 vertices. */
    SPOT("spot.obj", 1.0);

    private final String file;
    private final double scale;

    BenchmarkMesh(String file, double scale) {
        this.file = file;
        this.scale = scale;
    }

    /** @return the class-path resource */
    public String resource() {
        return "/datasets/mesh/" + file;
    }

    /** @return the factor applied to the file's coordinates */
    public double scale() {
        return scale;
    }

    /**
     * @return the mesh, scaled
     * @throws java.io.UncheckedIOException if the resource cannot be read
     */
    public TriangleMesh load() {
        TriangleMesh m = ObjReader.readResource(resource());
        return scale == 1.0 ? m : m.scaled(scale);
    }
}
