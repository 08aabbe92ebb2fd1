/**
 * The Neural Conservation Laws examples (Richter-Powell, Lipman and Chen, NeurIPS 2022) on flow-cnf's
 * {@code divfree} package: {@code ncl-hodge} (Hodge decomposition on the flat torus) and {@code ncl-ot} (dynamical
 * optimal transport with an exact continuity equation). Every command trains through flow-core's
 * {@link io.github.flows4j.core.train.Trainer} and writes PNGs, a checkpoint and one result line.
 *
 * <pre>{@code
 * java -jar flows4j.jar ncl-hodge --dim 5 --out runs/hodge5
 * }</pre>
 */
package io.github.flows4j.examples.ncl;
