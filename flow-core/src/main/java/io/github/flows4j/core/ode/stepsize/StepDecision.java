package io.github.flows4j.core.ode.stepsize;

/**
 * A controller's verdict on one step.
 *
 * <pre>{@code
 * StepDecision d = controller.adapt(solver, y0, y1, step.error(), h, previousRatio);
 * if (d.accept()) { t += h; }
 * h = d.nextStep();
 * }</pre>
 *
 * @param accept     keep the step
 * @param nextStep   the size of the next step to try, &gt; 0 (or 0 when the step size underflowed)
 * @param errorRatio the scaled error norm (accepted when at most 1); 0 for constant steps
 */
public record StepDecision(boolean accept, double nextStep, double errorRatio) {
}
