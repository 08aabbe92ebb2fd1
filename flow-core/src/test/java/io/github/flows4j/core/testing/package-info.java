/**
 * Test helpers shared by every module through flow-core's test-jar: float64 finite-difference gradient checks
 * at any order ({@link io.github.flows4j.core.testing.GradCheck}) and convergence-order fitting
 * ({@link io.github.flows4j.core.testing.ConvergenceOrder}).
 */
package io.github.flows4j.core.testing;
