/**
 * Generative flow networks (GFlowNets) on finite DAGs: a {@link io.github.flows4j.rl.gfn.DiscreteEnvironment} (the
 * {@link io.github.flows4j.rl.gfn.Hypergrid} benchmark), forward and backward policies, a parallel
 * {@link io.github.flows4j.rl.gfn.TrajectorySampler}, the objectives trajectory balance, detailed balance and
 * sub-trajectory balance behind one {@link io.github.flows4j.rl.gfn.GFlowNetObjective} interface, and the exact
 * terminal distribution of a policy by dynamic programming ({@link io.github.flows4j.rl.gfn.TerminalDistribution}).
 *
 * <pre>{@code
 * Hypergrid grid = Hypergrid.of(4, 8, 0.01);
 * GFlowNet gfn = GFlowNet.builder(grid).build(rng.split());
 * Trajectories batch = new TrajectorySampler(grid, Exploration.ON_POLICY).sample(gfn, 16, rng.split());
 * Tensor loss = new TrajectoryBalance().loss(gfn, batch);
 * double tv = TerminalDistribution.of(grid, gfn).totalVariation(grid.rewardDistribution());
 * }</pre>
 */
package io.github.flows4j.rl.gfn;
