package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact log det ∇²F(x_b) per row: the Hessian's d columns H e_j from d Hessian-vector products, symmetrised,
 * then a Cholesky factorisation H = L Lᵀ written in tensor ops, log det H = 2 Σ_j log L_jj. Costs d backward passes
 * and O(d³) small ops per batch, so it is meant for small d (CP-Flow's "brute force" evaluation; Huang et al.,
 * ICLR 2021, Sec. 4). With {@link #differentiable()} every product keeps its graph and the result can be trained
 * through, as CP-Flow's optimal-transport experiment does.
 *
 * <pre>{@code
 * Tensor logDet = ExactLogDet.evaluation().estimate(hessian, null);     // [batch, 1]
 * }</pre>
 */
public final class ExactLogDet implements LogDetEstimator {
    private final boolean createGraph;

    private ExactLogDet(boolean createGraph) {
        this.createGraph = createGraph;
    }

    /** @return the estimator that keeps the graph (for training through the exact log-det) */
    public static ExactLogDet differentiable() {
        return new ExactLogDet(true);
    }

    /** @return the estimator that records no graph (for evaluation) */
    public static ExactLogDet evaluation() {
        return new ExactLogDet(false);
    }

    /**
     * @param hessian the batched Hessian
     * @param rng     unused (may be null)
     * @return log det ∇²F, [batch, 1]
     * @throws NonFiniteException naming the first row whose Hessian is not positive definite
     */
    @Override
    public Tensor estimate(HessianOperator hessian, Rng rng) {
        int d = hessian.dim();
        long n = hessian.batch();
        Tensor[][] h = new Tensor[d][d];
        for (int j = 0; j < d; j++) {
            INDArray e = Nd4j.zeros(hessian.dtype(), n, d);
            e.getColumn(j).assign(1);
            Tensor col = hessian.apply(Tensor.constant(e), createGraph);
            for (int i = 0; i < d; i++) {
                h[i][j] = col.narrow(1, i, 1);
            }
        }
        Tensor[][] l = new Tensor[d][d];
        Tensor logDet = null;
        for (int j = 0; j < d; j++) {
            Tensor pivot = h[j][j];
            for (int k = 0; k < j; k++) {
                pivot = pivot.sub(l[j][k].square());
            }
            l[j][j] = pivot.sqrt();
            Tensor term = l[j][j].log();
            logDet = logDet == null ? term : logDet.add(term);
            for (int i = j + 1; i < d; i++) {
                Tensor s = h[i][j].add(h[j][i]).mul(0.5);
                for (int k = 0; k < j; k++) {
                    s = s.sub(l[i][k].mul(l[j][k]));
                }
                l[i][j] = s.div(l[j][j]);
            }
        }
        Tensor result = logDet.mul(2.0);
        double[] v = HostArrays.toDoubles(result.value());
        for (int b = 0; b < v.length; b++) {
            if (!Double.isFinite(v[b])) {
                throw new NonFiniteException("the Hessian must be positive definite; row " + b
                        + " gives log det " + v[b]);
            }
        }
        return result;
    }

    @Override
    public boolean isSurrogate() {
        return false;
    }

    @Override
    public boolean isDifferentiable() {
        return createGraph;
    }

    @Override
    public String toString() {
        return "ExactLogDet(" + (createGraph ? "differentiable" : "evaluation") + ")";
    }
}
