package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.SdeSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Strong error against mean step count on {@link AdaptiveSdeTest#switchingGbm()}: each path solved alone (its own
 * Brownian tree, its own step sequence), adaptive at each tolerance and fixed at each step {@code 2^-k}; the
 * strong error is the mean over paths of {@code |Y_T − exact|}.
 */
final class AdaptiveEvidence {
    private AdaptiveEvidence() {
    }

    /**
     * @param mode        "adaptive" or "fixed"
     * @param setting     the tolerance (rtol = atol) or the step
     * @param meanSteps   accepted steps per path, mean (an adaptive step counts its two halves as one)
     * @param meanRejects rejected steps per path, mean
     * @param meanEvals   drift + diffusion evaluations per path, mean
     * @param strongError mean |Y_T − exact|
     * @param stdError    standard error of that mean
     */
    record Row(String mode, double setting, double meanSteps, double meanRejects, double meanEvals,
            double strongError, double stdError) {
        @Override
        public String toString() {
            return String.format("%s,%.3g,%.1f,%.1f,%.1f,%.4e,%.1e", mode, setting, meanSteps, meanRejects, meanEvals,
                    strongError, stdError);
        }
    }

    @SuppressWarnings("try")
    static Row[] run(SdeSolver solver, int paths, Rng rng, double[] tols, int[] ks) {
        Row[] rows = new Row[tols.length + ks.length];
        double[][] err = new double[rows.length][paths];
        double[][] work = new double[rows.length][3];
        INDArray y0 = Nd4j.ones(DataType.DOUBLE, 1, 1);
        SdeTerm ito = AdaptiveSdeTest.switchingGbm();
        SdeTerm term = solver.sdeTypes().contains(SdeType.ITO) ? ito : ito.convertTo(SdeType.STRATONOVICH);
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int p = 0; p < paths; p++) {
                VirtualBrownianTree w = VirtualBrownianTree.of(0, AdaptiveSdeTest.T, 1, 1, rng.nextLong());
                double exact = AdaptiveSdeTest.exact(y0, w).getDouble(0);
                for (int i = 0; i < rows.length; i++) {
                    SdeOptions o = i < tols.length ? AdaptiveSdeTest.adaptive(tols[i])
                            : SdeOptions.builder().dt(AdaptiveSdeTest.T / (1 << ks[i - tols.length])).build();
                    Solution s = Sde.solve(term, solver, TimeSpan.of(0, AdaptiveSdeTest.T), Tensor.constant(y0), w, o);
                    err[i][p] = Math.abs(s.y(1).value().getDouble(0) - exact);
                    work[i][0] += s.stats().acceptedSteps();
                    work[i][1] += s.stats().rejectedSteps();
                    work[i][2] += s.stats().functionEvaluations();
                }
            }
        }
        for (int i = 0; i < rows.length; i++) {
            double mean = 0;
            for (double e : err[i]) {
                mean += e;
            }
            mean /= paths;
            double var = 0;
            for (double e : err[i]) {
                var += (e - mean) * (e - mean);
            }
            double se = Math.sqrt(var / (paths - 1) / paths);
            boolean adaptive = i < tols.length;
            rows[i] = new Row(adaptive ? "adaptive" : "fixed", adaptive ? tols[i]
                    : AdaptiveSdeTest.T / (1 << ks[i - tols.length]), work[i][0] / paths, work[i][1] / paths,
                    work[i][2] / paths, mean, se);
        }
        return rows;
    }
}
