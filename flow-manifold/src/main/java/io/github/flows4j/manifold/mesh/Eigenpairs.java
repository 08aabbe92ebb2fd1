package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Eigenpairs (λ_i, φ_i) of a generalised problem L φ = λ M φ on n vertices, eigenvalues ascending and eigenvectors
 * M-orthonormal, φ_iᵀ M φ_j = δ_ij — the discrete counterpart of ∫ φ_i φ_j dA = δ_ij. Each eigenvector's sign is
 * fixed so that its entry of largest magnitude (the first, on ties) is positive; eigenvectors of a repeated
 * eigenvalue are an arbitrary orthonormal basis of their eigenspace.
 *
 * <pre>{@code
 * Eigenpairs eig = CotangentLaplacian.of(mesh).eigenpairs(11, EigenOptions.defaults());
 * double lambda1 = eig.value(1);          // the first non-zero eigenvalue on a connected mesh
 * INDArray phi = eig.vectorArray(DataType.FLOAT);   // [n, 11]
 * }</pre>
 */
public final class Eigenpairs {
    private final double[] values;
    private final double[][] vectors;

    Eigenpairs(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** @return k, the number of pairs */
    public int count() {
        return values.length;
    }

    /** @return n, the length of each eigenvector */
    public int dimension() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }

    /**
     * @param i an index in [0, k)
     * @return λ_i
     */
    public double value(int i) {
        return values[i];
    }

    /**
     * @return the index of the first pair with λ &gt; 1e-8 λ_max: the pairs before it are the constants (one per
     *     connected component, Neumann or closed); {@link #count()} if there is none
     */
    public int firstNonConstant() {
        double top = values.length == 0 ? 0 : values[values.length - 1];
        int first = 0;
        while (first < values.length && !(values[first] > 1e-8 * top)) {
            first++;
        }
        return first;
    }

    /** @return a copy of the eigenvalues, ascending, [k] */
    public double[] values() {
        return values.clone();
    }

    /**
     * @param i an index in [0, k)
     * @return a copy of φ_i, [n]
     */
    public double[] vector(int i) {
        return vectors[i].clone();
    }

    double[] vectorView(int i) {
        return vectors[i];
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return the eigenvectors as columns, [n, k]
     * @throws InvalidConfigException if the type is neither FLOAT nor DOUBLE
     */
    public INDArray vectorArray(DataType type) {
        int n = dimension();
        int k = count();
        double[] out = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                out[i * k + j] = vectors[j][i];
            }
        }
        return HostArrays.fromDoubles(out, type, n, k);
    }

    @Override
    public String toString() {
        return "Eigenpairs(" + count() + " of dimension " + dimension() + (count() > 0 ? ", λ in [" + values[0]
                + ", " + values[count() - 1] + "]" : "") + ")";
    }
}
