package io.github.flows4j.core.sde;

/**
 * The calculus an SDE {@code dy = f dt + g dW} is written in. The same process has different drifts in the two:
 * {@code f_Stratonovich = f_Itô − ½ Σ_j (∂g_{·j}/∂y) g_{·j}}. Itô is what Euler–Maruyama, Milstein and the SRK
 * schemes solve; Stratonovich is what the Heun-type methods and the reversible Heun solve (and what the chain rule
 * of ordinary calculus holds for). A solver declares the types it supports and rejects a mismatch up front.
 *
 * <pre>{@code
 * SdeTerm gbm = SdeTerm.builder().drift((t, y) -> y.mul(mu)).diffusion((t, y) -> y.mul(sigma))
 *         .noiseType(NoiseType.DIAGONAL).sdeType(SdeType.STRATONOVICH).build();
 * }</pre>
 */
public enum SdeType {
    /** Itô calculus: the integrand is evaluated at the left end of each interval. */
    ITO,
    /** Stratonovich calculus: the integrand is averaged over each interval's ends. */
    STRATONOVICH
}
