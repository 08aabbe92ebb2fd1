package io.github.flows4j.examples.cpflow;

import io.github.flows4j.convex.logdet.CgConfig;
import io.github.flows4j.convex.logdet.CgLogDetGradient;
import io.github.flows4j.convex.logdet.ExactLogDet;
import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.examples.support.Choices;

/**
 * The training log-determinant of a CP-Flow command, the value of {@code --logdet}: {@code cg} (CP-Flow's stochastic
 * gradient estimator — one Hutchinson probe, conjugate gradients — whose loss is a surrogate) or {@code exact} (the
 * full Hessian per point).
 *
 * <pre>{@code
 * LogDetEstimator train = LogDetKind.CG.estimator(2, 1e-3);
 * }</pre>
 */
public enum LogDetKind {
    /** The stochastic log-det gradient by conjugate gradients. */
    CG,
    /** The exact, differentiable log-determinant. */
    EXACT;

    /**
     * @param cgIterations CG iterations per solve (CG only)
     * @param cgAtol       CG absolute tolerance (CG only)
     * @return the estimator used while training
     */
    public LogDetEstimator estimator(int cgIterations, double cgAtol) {
        return this == CG ? new CgLogDetGradient(new CgConfig(cgIterations, cgAtol, 0), 1)
                : ExactLogDet.differentiable();
    }

    /** @return the name shown on the command line and in result lines */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The names cg and exact, for picocli. */
    public static final class Converter extends Choices<LogDetKind> {
        /** The converter picocli instantiates. */
        public Converter() {
            super(values(), LogDetKind::id);
        }
    }
}
