/**
 * Stochastic differential equations {@code dy = f(t, y) dt + g(t, y) dW}, solved the way diffrax separates the
 * concerns and torchsde names them: an {@linkplain io.github.flows4j.core.sde.SdeTerm SDE term} (drift, diffusion,
 * {@linkplain io.github.flows4j.core.sde.NoiseType noise type} and {@linkplain io.github.flows4j.core.sde.SdeType
 * calculus}), a {@linkplain io.github.flows4j.core.sde.solver solver} that declares the noise and SDE types it
 * supports and its strong order, a {@linkplain io.github.flows4j.core.sde.brownian Brownian path} queryable on any
 * interval, and an {@linkplain io.github.flows4j.core.sde.adjoint adjoint}. {@link io.github.flows4j.core.sde.Sde#solve}
 * brings them together on a fixed step grid (or on steps adapted by step doubling on the same Brownian path, with
 * {@code SdeOptions.builder().adaptive(true)}) and returns the ODE package's
 * {@link io.github.flows4j.core.ode.Solution} (states at the requested times, stats, outcome); failures throw
 * {@link io.github.flows4j.core.ode.SolverFailedException} or the typed exceptions of {@link io.github.flows4j.core}.
 * With {@code logqp(true)} the solve also accumulates the KL divergence {@code ½ ∫ ‖(f − h)/g‖² dt} from a prior
 * drift {@code h} along every path.
 *
 * <pre>{@code
 * SdeTerm ou = SdeTerm.builder()
 *         .drift((t, y) -> y.mul(-1.0))
 *         .diffusion((t, y) -> Tensor.constant(Nd4j.ones(DataType.DOUBLE, y.size(0), 1, 1)).mul(0.5))
 *         .noiseType(NoiseType.ADDITIVE)
 *         .build();
 * Solution s = Sde.solve(ou, new Srk(), TimeSpan.of(0, 1), y0, VirtualBrownianTree.of(0, 1, batch, 1, 7),
 *         SdeOptions.builder().dt(0.05).build());
 * }</pre>
 *
 * <p>{@link io.github.flows4j.core.sde.Sdeint} is torchsde's {@code sdeint} over this long form: a method name, a step
 * and a Brownian path (or an {@link io.github.flows4j.core.random.Rng} to seed one) in, the trajectory
 * {@code [len(times), batch, d]} out.
 *
 * <p>See {@code docs/solvers.md} for choosing an SDE solver and an adjoint.
 */
package io.github.flows4j.core.sde;
