/**
 * Step-size control: {@link io.github.flows4j.core.ode.stepsize.ConstantStepSize} for fixed grids,
 * {@link io.github.flows4j.core.ode.stepsize.PIController} for adaptive steps from an embedded error estimate, the
 * {@link io.github.flows4j.core.ode.stepsize.Tolerances} they read and the
 * {@link io.github.flows4j.core.ode.stepsize.ErrorNorm} (RMS, or a seminorm for adjoints).
 *
 * <pre>{@code
 * StepSizeController pi = PIController.builder().tolerances(1e-6, 1e-8).dtMin(1e-6).build();
 * }</pre>
 */
package io.github.flows4j.core.ode.stepsize;
