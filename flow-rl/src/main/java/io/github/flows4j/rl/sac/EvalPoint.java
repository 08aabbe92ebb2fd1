package io.github.flows4j.rl.sac;

/**
 * One point of a learning curve: the mean-action return after some environment steps.
 *
 * <pre>{@code
 * for (EvalPoint p : result.curve()) System.out.println(p.envSteps() + "," + p.meanReturn());
 * }</pre>
 *
 * @param envSteps   environment steps taken so far (random start steps included)
 * @param meanReturn the mean undiscounted return of the evaluation episodes
 * @param stdReturn  their standard deviation (population)
 * @param episodes   how many episodes
 */
public record EvalPoint(long envSteps, double meanReturn, double stdReturn, int episodes) {
}
