package io.github.flows4j.core.ode;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;
import org.nd4j.linalg.factory.Nd4j;

/** Standard stiff test problems (Hairer &amp; Wanner, <i>Solving ODEs II</i>, §IV.1 and §IV.10). */
final class StiffProblems {
    /** Van der Pol's stiffness parameter. */
    static final double MU = 1000;

    private StiffProblems() {
    }

    /** Robertson's chemical kinetics, state [1, 3]. */
    static Term robertson() {
        return Term.of((t, y) -> {
            Tensor y1 = y.narrow(1, 0, 1);
            Tensor y2 = y.narrow(1, 1, 1);
            Tensor y3 = y.narrow(1, 2, 1);
            Tensor d1 = y1.mul(-0.04).add(y2.mul(y3).mul(1e4));
            Tensor d3 = y2.square().mul(3e7);
            Tensor d2 = d1.neg().sub(d3);
            return Tensor.concat(1, d1, d2, d3);
        });
    }

    /** @return Robertson's initial state [1, 0, 0] */
    static Tensor robertsonY0() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 0, 0}}));
    }

    /**
     * Van der Pol with {@code μ = 1000} in its unscaled form (y1' = y2, y2' = μ (1 − y1²) y2 − y1), state [1, 2]: the
     * standard stiff benchmark on [0, 3000] (MATLAB's {@code vdp1000}), about two relaxation periods of
     * {@code (3 − 2 ln 2) μ} each.
     */
    static Term vanDerPol() {
        return Term.of((t, y) -> {
            Tensor y1 = y.narrow(1, 0, 1);
            Tensor y2 = y.narrow(1, 1, 1);
            Tensor d2 = y1.square().rsub(1).mul(y2).mul(MU).sub(y1);
            return Tensor.concat(1, y2, d2);
        });
    }

    /** @return Van der Pol's initial state [2, 0] */
    static Tensor vanDerPolY0() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{2, 0}}));
    }
}
