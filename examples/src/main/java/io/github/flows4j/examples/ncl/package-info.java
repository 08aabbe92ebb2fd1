/**
 * The Neural Conservation Laws examples (Richter-Powell, Lipman and Chen, NeurIPS 2022) on flow-cnf's
 * {@code divfree} package: {@code ncl-hodge} (Hodge decomposition on the flat torus), {@code ncl-ot} (dynamical
 * optimal transport with an exact continuity equation) and {@code ncl-fluid} (Navier–Stokes by a physics loss on
 * the 2-D Taylor–Green vortex or the 3-D Ethier–Steinman flow, against a PINN). Every command trains through
 * flow-core's {@link io.github.flows4j.core.train.Trainer} and writes PNGs, a checkpoint and one result line.
 *
 * <pre>{@code
 * java -jar flows4j.jar ncl-hodge --dim 5 --out runs/hodge5
 * }</pre>
 */
package io.github.flows4j.examples.ncl;
