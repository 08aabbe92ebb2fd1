/**
 * Riemannian Flow Matching examples: {@code flows4j rfm} (earth event datasets on S², equirectangular maps of data,
 * samples and the learned density, test NLL) and {@code flows4j rfm-torus} (wrapped-normal mixtures on Tᵈ, test
 * NLL against the uniform floor d·log 2π). Both train with {@link io.github.flows4j.examples.rfm.RfmTraining}.
 *
 * <pre>{@code
 * java -jar flows4j.jar rfm --dataset volcano --steps 3000
 * java -jar flows4j.jar rfm-torus --dim 2 --steps 1500
 * }</pre>
 */
package io.github.flows4j.examples.rfm;
