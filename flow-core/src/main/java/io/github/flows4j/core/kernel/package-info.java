/**
 * Elementwise kernels behind the autodiff ops, behind one interface: {@link io.github.flows4j.core.kernel.Kernels}.
 * {@link io.github.flows4j.core.kernel.JavaKernels} (CPU backend) runs JIT-vectorised Java loops over ND4J's
 * zero-copy buffers; {@link io.github.flows4j.core.kernel.Nd4jKernels} uses ND4J ops and serves every backend.
 * {@link io.github.flows4j.core.kernel.ThreadPolicy} decides per op how many threads it uses (small ops on the calling
 * thread, large products and elementwise ops fanned out), and {@link io.github.flows4j.core.kernel.KernelPool} holds
 * the policy in force and the threads it lends; {@link io.github.flows4j.core.kernel.ArrayPool} reuses released arrays.
 */
package io.github.flows4j.core.kernel;
