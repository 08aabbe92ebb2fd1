/**
 * Elementwise kernels behind the autodiff ops, behind one interface: {@link io.github.flows4j.core.kernel.Kernels}.
 * {@link io.github.flows4j.core.kernel.JavaKernels} (CPU backend) runs JIT-vectorised Java loops over ND4J's
 * zero-copy buffers; {@link io.github.flows4j.core.kernel.Nd4jKernels} uses ND4J ops and serves every backend.
 */
package io.github.flows4j.core.kernel;
