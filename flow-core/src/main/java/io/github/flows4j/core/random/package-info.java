/**
 * Explicit, seeded, splittable randomness: {@link io.github.flows4j.core.random.Rng}. No flows4j code draws from a
 * global generator, so a run replays exactly from its seed.
 */
package io.github.flows4j.core.random;
