/**
 * {@code flows4j sde-bnn}: SDE-BNNs (Xu et al. 2022) from the command line — the 1-D bimodal-posterior toy, the
 * regression toy against a mean-field BNN and an ODE-net, the STL gradient-variance measurement, and Fashion-MNIST
 * from local IDX files.
 *
 * <pre>{@code
 * java -jar flows4j.jar sde-bnn --task toy1d --out out/sdebnn
 * }</pre>
 */
package io.github.flows4j.examples.sdebnn;
