/**
 * Mazes as flat domains with walls: a seeded {@link io.github.flows4j.manifold.maze.Maze} generator (recursive
 * backtracker), its triangulation with walls as mesh boundary — so that the Neumann Laplace–Beltrami spectrum and
 * the spectral premetrics built on it respect the walls (Chen and Lipman 2024, §5.2) — and wall-crossing checks for
 * trajectories.
 *
 * <pre>{@code
 * Maze maze = Maze.generate(4, 4, Rng.seeded(0));
 * TriangleMesh mesh = maze.toMesh(6, 0.25);
 * SpectralDistance d = SpectralDistance.of(mesh, 30, SpectralWeight.biharmonic(), EigenOptions.defaults());
 * }</pre>
 */
package io.github.flows4j.manifold.maze;
