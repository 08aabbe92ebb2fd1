/**
 * The {@code compress} example: continuous-time sequence compression by learned latent discretization (flow-cnf's
 * {@code cnf.compression}) — {@code compress train}, {@code compress encode IN.seq OUT.bin},
 * {@code compress decode IN.bin --fps F}.
 */
package io.github.flows4j.examples.compress;
