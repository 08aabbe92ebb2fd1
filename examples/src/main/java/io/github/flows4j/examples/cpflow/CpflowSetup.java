package io.github.flows4j.examples.cpflow;

import io.github.flows4j.convex.cpflow.CpFlow;
import io.github.flows4j.convex.logdet.ExactLogDet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the two CP-Flow commands share beyond their options: the exact test NLL. */
final class CpflowSetup {
    /** Rows per evaluation chunk. */
    static final int CHUNK = 500;

    private CpflowSetup() {
    }

    /**
     * @param flow the flow
     * @param x    test points, [n, d]
     * @return −mean log p(x) with the exact log-determinant (full Hessian per point)
     */
    static double exactNll(CpFlow flow, INDArray x) {
        return -flow.evaluateLogProb(x, null, ExactLogDet.evaluation(), null, CHUNK).meanNumber().doubleValue();
    }
}
