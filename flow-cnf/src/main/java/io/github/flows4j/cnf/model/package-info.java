/**
 * Models of continuous flows: {@link io.github.flows4j.cnf.model.VelocityField} v(x, t),
 * {@link io.github.flows4j.cnf.model.ConditionalVelocityField} v(x, t, c), the MLP network used for vector data
 * ({@link io.github.flows4j.cnf.model.MlpVelocityField}) and classifier-free guidance
 * ({@link io.github.flows4j.cnf.model.GuidedVelocityField}).
 */
package io.github.flows4j.cnf.model;
