package io.github.flows4j.voronoi;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Voronoi tessellation of R^d by k sites: point p belongs to the cell of the nearest site,
 * argmin_j ‖p − s_j‖². Squared distances for a whole batch come from one GEMM,
 * ‖p − s‖² = ‖p‖² − 2 p·s + ‖s‖², so assigning n points costs one [n, d]×[d, k] product; the site norms are
 * computed once. Exact ties go to the lowest site index. Immutable: the sites are copied.
 *
 * <pre>{@code
 * INDArray sites = rng.normal(DataType.FLOAT, 16, 2);     // [k, d]
 * VoronoiCells cells = new VoronoiCells(sites);
 * int[] cell = cells.assign(points);                      // points [n, 2] → n cell indices
 * INDArray d2 = cells.squaredDistances(points);           // [n, 16]
 * }</pre>
 */
public final class VoronoiCells {
    private final INDArray sites;
    private final INDArray siteSquaredNorms;

    /**
     * @param sites the sites, [k, d] with k &ge; 1, FLOAT or DOUBLE; copied
     * @throws ShapeMismatchException if sites is not a non-empty matrix
     * @throws InvalidConfigException if sites is not FLOAT or DOUBLE
     */
    public VoronoiCells(INDArray sites) {
        if (sites.rank() != 2 || sites.size(0) < 1 || sites.size(1) < 1) {
            throw ShapeMismatchException.of("sites", "[k, d] with k, d >= 1", sites.shape());
        }
        if (sites.dataType() != DataType.FLOAT && sites.dataType() != DataType.DOUBLE) {
            throw InvalidConfigException.of("sites type", "FLOAT or DOUBLE", sites.dataType());
        }
        this.sites = sites.dup('c');
        this.siteSquaredNorms = this.sites.mul(this.sites).sum(true, 1).reshape(1, this.sites.size(0));
    }

    /** @return k, the number of sites (cells) */
    public int numSites() {
        return (int) sites.size(0);
    }

    /** @return d, the dimension */
    public int dim() {
        return (int) sites.size(1);
    }

    /** @return a copy of the sites, [k, d] */
    public INDArray sites() {
        return sites.dup();
    }

    /**
     * @param points the points, [n, d], of the sites' type
     * @return the index of each point's cell (its nearest site), [n], values in 0 .. k−1
     * @throws ShapeMismatchException if points is not [n, d]
     * @throws DTypeMismatchException if points and sites differ in type
     */
    public int[] assign(INDArray points) {
        INDArray scores = crossTerms(points);
        return Nd4j.argMin(scores, 1).toIntVector();
    }

    /**
     * @param points the points, [n, d], of the sites' type
     * @return ‖p_i − s_j‖², [n, k], clamped at 0 against round-off
     * @throws ShapeMismatchException if points is not [n, d]
     * @throws DTypeMismatchException if points and sites differ in type
     */
    public INDArray squaredDistances(INDArray points) {
        INDArray scores = crossTerms(points);
        INDArray pointSquaredNorms = points.mul(points).sum(true, 1).reshape(points.size(0), 1);
        scores.addiColumnVector(pointSquaredNorms);
        return Transforms.max(scores, 0.0, false);
    }

    /** ‖s_j‖² − 2 p_i·s_j, [n, k]: the squared distances less the per-row constant ‖p_i‖². */
    private INDArray crossTerms(INDArray points) {
        if (points.rank() != 2 || points.size(1) != dim()) {
            throw ShapeMismatchException.of("points", "[n, " + dim() + "]", points.shape());
        }
        if (points.dataType() != sites.dataType()) {
            throw new DTypeMismatchException("points are " + points.dataType() + " but sites are "
                    + sites.dataType());
        }
        INDArray p = Buffers.isDense(points) ? points : points.dup('c');
        INDArray scores = Nd4j.createUninitialized(sites.dataType(), p.size(0), numSites());
        Nd4j.gemm(p, sites, scores, false, true, -2.0, 0.0);
        return scores.addiRowVector(siteSquaredNorms);
    }
}
