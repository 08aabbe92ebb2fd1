/**
 * Models of continuous flows: {@link io.github.flows4j.cnf.model.VelocityField} v(x, t),
 * {@link io.github.flows4j.cnf.model.ConditionalVelocityField} v(x, t, c), the MLP network used for vector data
 * ({@link io.github.flows4j.cnf.model.MlpVelocityField}), classifier-free guidance
 * ({@link io.github.flows4j.cnf.model.GuidedVelocityField}) and a change of schedule at sampling time
 * ({@link io.github.flows4j.cnf.model.ScheduleTransformedModel}).
 *
 * <pre>{@code
 * VelocityField v = MlpVelocityField.builder().dim(2).hidden(64, 64).build(rng);
 * VelocityField cosine = new ScheduleTransformedModel(v, new CondOTScheduler(), new CosineScheduler());
 * }</pre>
 */
package io.github.flows4j.cnf.model;
