/**
 * The {@code fm-discrete} example: Discrete Flow Matching ({@code io.github.flows4j.cnf.discrete}) on sequences from
 * a Markov chain whose entropy is known, with the NLL bound per token beside the unigram baseline and the true
 * entropy.
 */
package io.github.flows4j.examples.fm.discrete;
