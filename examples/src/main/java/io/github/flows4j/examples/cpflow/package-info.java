/**
 * Convex potential flow examples (Huang et al., ICLR 2021): {@code flows4j cpflow-toy} (a CP-Flow on a 2-D toy
 * density; exact test NLL, density and sample PNGs) and {@code flows4j cpflow-ot} (the optimal transport map between
 * two Gaussians; its cost beside the closed-form W₂²). Both share the {@link io.github.flows4j.examples.cpflow.IcnnOptions}
 * and the {@link io.github.flows4j.examples.support.OptimizerOptions}.
 *
 * <pre>{@code
 * java -jar flows4j.jar cpflow-toy --dataset 8gaussians --iterations 1500 --out out/cpflow
 * java -jar flows4j.jar cpflow-ot --iterations 782
 * }</pre>
 */
package io.github.flows4j.examples.cpflow;
