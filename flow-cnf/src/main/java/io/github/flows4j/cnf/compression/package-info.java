/**
 * Continuous-time sequence compression by learned latent discretization (Chen, Le, Muckley, Nickel, Ullrich 2022,
 * "Latent Discretization for Continuous-time Sequence Compression").
 *
 * <p>A sequence is read as observations of a continuous-time process. An encoder that sees the whole sequence
 * gives a latent path; a temporal point process decides <em>when</em> latent values are sent ({@link
 * io.github.flows4j.cnf.compression.PointProcess}: the rate of the timestamps); the values are quantised and coded
 * under the Ornstein–Uhlenbeck prior's transition ({@link io.github.flows4j.cnf.compression.OuProcess}: the rate
 * of the values); the decoder reconstructs the sequence at any requested time from the OU bridge between the
 * values it received. The entropy coder itself is {@link io.github.flows4j.core.coding.RansEncoder}. The per-frame
 * baseline of the comparison, {@link io.github.flows4j.cnf.compression.PerFrameCodec}, codes every frame on its own
 * with the same coder; {@link io.github.flows4j.cnf.compression.RateDistortion} measures either codec.
 *
 * <pre>{@code
 * OuProcess prior = new OuProcess(1.0, 0.5);
 * double between = prior.bridgeMean(0.2, 0.8, 0.0, 1.0, 0.5);
 * double ll = PointProcess.logLikelihood((t, ev, n) -> 3.0, new double[] {0.25, 0.5}, 1.0, 8);
 * }</pre>
 */
package io.github.flows4j.cnf.compression;
