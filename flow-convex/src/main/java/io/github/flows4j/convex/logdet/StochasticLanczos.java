package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic Lanczos quadrature for log det H = tr log H (Ubaru, Chen and Saad, SIAM J. Matrix Anal. Appl. 2017;
 * CP-Flow's evaluation estimator, Huang et al., ICLR 2021, Sec. 4). For a unit probe q₁ = v/√d with v Rademacher,
 * m Lanczos steps (with full re-orthogonalisation) give the tridiagonal T = Qᵀ H Q; with T = U Λ Uᵀ,
 * <pre>
 *   vᵀ log(H) v ≈ d · Σ_k τ_k² log λ_k,    τ_k = U_{1k},
 * </pre>
 * the m-point Gauss quadrature of the spectral measure of H at q₁; averaging over probes estimates tr log H.
 * The quadrature is exact when m reaches the Krylov dimension (m = d, or an earlier breakdown, which ends a row's
 * recursion). Values only: no graph.
 *
 * <pre>{@code
 * Tensor logDet = new StochasticLanczos(10, 4).estimate(hessian, rng);   // [batch, 1]
 * }</pre>
 */
public final class StochasticLanczos implements LogDetEstimator {
    private final int steps;
    private final int probes;

    /**
     * @param steps  Lanczos steps m, &ge; 1 (capped at d)
     * @param probes probes averaged, &ge; 1
     * @throws InvalidConfigException if a count is &lt; 1
     */
    public StochasticLanczos(int steps, int probes) {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        if (probes < 1) {
            throw InvalidConfigException.of("probes", ">= 1", probes);
        }
        this.steps = steps;
        this.probes = probes;
    }

    /**
     * @param hessian the batched Hessian
     * @param rng     the probes' source
     * @return the estimate of log det ∇²F, [batch, 1], no graph
     * @throws NonFiniteException if a row's Hessian has a non-positive Ritz value
     * @throws InvalidConfigException if rng is null
     */
    @Override
    public Tensor estimate(HessianOperator hessian, Rng rng) {
        if (rng == null) {
            throw InvalidConfigException.of("rng", "non-null (probe vectors are random)", null);
        }
        int n = (int) hessian.batch();
        int d = hessian.dim();
        double[] total = new double[n];
        UnaryOperator<INDArray> h = hessian.matVec();
        for (int k = 0; k < probes; k++) {
            double[] v = HostArrays.toDoubles(rng.rademacher(DataType.DOUBLE, n, d));
            double[] est = quadrature(h, v, n, d, Math.min(steps, d), hessian.dtype());
            for (int b = 0; b < n; b++) {
                total[b] += est[b] / probes;
            }
        }
        return Tensor.constant(HostArrays.fromDoubles(total, hessian.dtype(), n, 1));
    }

    /** d · Σ τ² log λ per row, from m Lanczos steps started at v/‖v‖. */
    static double[] quadrature(UnaryOperator<INDArray> h, double[] v, int n, int d, int m, DataType type) {
        double[][] q = new double[m][];
        double[][] alpha = new double[n][m];
        double[][] beta = new double[n][m];
        int[] size = new int[n];
        Arrays.fill(size, m);
        double[] cur = v.clone();
        for (int b = 0; b < n; b++) {
            scale(cur, b, d, 1 / Math.sqrt(dot(cur, cur, b, d)));
        }
        for (int j = 0; j < m; j++) {
            q[j] = cur;
            INDArray w0 = h.apply(HostArrays.fromDoubles(cur, type, n, d));
            double[] w = HostArrays.toDoubles(w0);
            w0.close();
            double[] next = new double[n * d];
            for (int b = 0; b < n; b++) {
                if (j >= size[b]) {
                    continue;
                }
                alpha[b][j] = dot(q[j], w, b, d);
                // full re-orthogonalisation against q_0 … q_j, twice (Gram–Schmidt, "twice is enough")
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i <= j; i++) {
                        double c = dot(q[i], w, b, d);
                        for (int t = 0; t < d; t++) {
                            w[b * d + t] -= c * q[i][b * d + t];
                        }
                    }
                }
                if (j + 1 < m) {
                    double nb = Math.sqrt(dot(w, w, b, d));
                    double scaleRef = 0;
                    for (int i = 0; i <= j; i++) {
                        scaleRef = Math.max(scaleRef, Math.abs(alpha[b][i]));
                    }
                    if (!(nb > 1e-10 * Math.max(scaleRef, Double.MIN_NORMAL))) {
                        size[b] = j + 1; // invariant Krylov subspace: the quadrature is already exact
                        continue;
                    }
                    beta[b][j] = nb;
                    for (int t = 0; t < d; t++) {
                        next[b * d + t] = w[b * d + t] / nb;
                    }
                }
            }
            cur = next;
        }
        double[] out = new double[n];
        for (int b = 0; b < n; b++) {
            int s = size[b];
            double[] main = Arrays.copyOf(alpha[b], s);
            double[] off = Arrays.copyOf(beta[b], Math.max(s - 1, 0));
            EigenDecomposition eig = new EigenDecomposition(main, off);
            double[] lambda = eig.getRealEigenvalues();
            double acc = 0;
            for (int i = 0; i < s; i++) {
                if (!(lambda[i] > 0)) {
                    throw new NonFiniteException("the Hessian must be positive definite; row " + b
                            + " has a Ritz value " + lambda[i]);
                }
                double tau = eig.getEigenvector(i).getEntry(0);
                acc += tau * tau * Math.log(lambda[i]);
            }
            out[b] = d * acc;
        }
        return out;
    }

    private static double dot(double[] x, double[] y, int b, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += x[b * d + t] * y[b * d + t];
        }
        return s;
    }

    private static void scale(double[] x, int b, int d, double c) {
        for (int t = 0; t < d; t++) {
            x[b * d + t] *= c;
        }
    }

    /** @return the Lanczos steps per probe (before capping at d) */
    public int steps() {
        return steps;
    }

    /** @return the number of probes */
    public int probes() {
        return probes;
    }

    @Override
    public boolean isSurrogate() {
        return false;
    }

    @Override
    public boolean isDifferentiable() {
        return false;
    }

    @Override
    public String toString() {
        return "StochasticLanczos(steps=" + steps + ", probes=" + probes + ")";
    }
}
