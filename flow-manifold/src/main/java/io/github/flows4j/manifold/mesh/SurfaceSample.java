package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Points drawn on a mesh by {@link FaceDistribution#sample}: per point its face, its barycentric coordinates with
 * respect to the face's vertices and its position.
 *
 * <pre>{@code
 * SurfaceSample s = FaceDistribution.uniform(mesh).sample(Rng.seeded(0), 1000);
 * INDArray x = s.points(DataType.DOUBLE);      // [1000, 3]
 * int f = s.face(0);
 * }</pre>
 */
public final class SurfaceSample {
    private final int[] faces;
    private final double[] barycentric;
    private final double[] positions;

    SurfaceSample(int[] faces, double[] barycentric, double[] positions) {
        this.faces = faces;
        this.barycentric = barycentric;
        this.positions = positions;
    }

    /** @return the number of points */
    public int size() {
        return faces.length;
    }

    /** @param i a point @return its face */
    public int face(int i) {
        return faces[i];
    }

    /** @return a copy of the faces, [n] */
    public int[] faces() {
        return faces.clone();
    }

    /** @return a copy of the barycentric coordinates, three per point, [3n] */
    public double[] barycentric() {
        return barycentric.clone();
    }

    /** @return a copy of the positions, x, y, z per point, [3n] */
    public double[] positions() {
        return positions.clone();
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return the positions, [n, 3]
     */
    public INDArray points(DataType type) {
        return HostArrays.fromDoubles(positions, type, faces.length, 3);
    }
}
