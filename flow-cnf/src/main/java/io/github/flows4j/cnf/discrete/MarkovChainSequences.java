package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A synthetic text-like data set with a known entropy: sequences of L tokens from a stationary Markov chain with
 * transition matrix P over K tokens, x¹ ~ π (the stationary law), xⁱ⁺¹ ~ P(xⁱ, ·). Its entropy per token is
 * (H(π) + (L − 1) Σ_a π_a H(P_a)) / L in closed form, and the best unigram model (every position ~ π) has
 * cross-entropy H(π): the two lines a discrete model's NLL bound is compared with.
 *
 * <pre>{@code
 * MarkovChainSequences data = MarkovChainSequences.demo(16);
 * INDArray x1 = data.sample(256, rng);                // [256, 16] tokens in [0, 8)
 * double floor = data.entropyPerToken();              // nats/token of the true distribution
 * double unigram = data.unigramEntropy();             // H(pi)
 * }</pre>
 */
public final class MarkovChainSequences {
    private final double[][] transition;
    private final double[] stationary;
    private final int length;

    private MarkovChainSequences(double[][] transition, int length) {
        this.transition = transition;
        this.length = length;
        this.stationary = stationary(transition);
    }

    /**
     * @param transition P, a K × K row-stochastic matrix (K &ge; 2) whose chain is irreducible and aperiodic
     * @param length     L, &ge; 1
     * @return the data set
     * @throws InvalidConfigException if P is not square, a row is not a probability vector, or L is below 1
     */
    public static MarkovChainSequences of(double[][] transition, int length) {
        Checks.notNull("transition", transition);
        int k = transition.length;
        if (k < 2) {
            throw InvalidConfigException.of("transition", "K x K with K >= 2", k + " rows");
        }
        double[][] p = new double[k][];
        for (int a = 0; a < k; a++) {
            if (transition[a] == null || transition[a].length != k) {
                throw InvalidConfigException.of("transition", "square (" + k + " x " + k + ")", "row " + a
                        + " of length " + (transition[a] == null ? 0 : transition[a].length));
            }
            double sum = 0;
            for (double v : transition[a]) {
                if (!(v >= 0 && v <= 1)) {
                    throw InvalidConfigException.of("transition", "entries in [0, 1]", "row " + a + " "
                            + Arrays.toString(transition[a]));
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw InvalidConfigException.of("transition", "rows summing to 1", "row " + a + " sums to " + sum);
            }
            p[a] = transition[a].clone();
        }
        if (length < 1) {
            throw InvalidConfigException.of("length", ">= 1", length);
        }
        return new MarkovChainSequences(p, length);
    }

    /**
     * The demo chain on K = 8 tokens: from a the chain moves to a + 1 (probability 0.7), to 2a + 1 (0.2) or stays
     * (0.1), indices mod 8 — mostly predictable, with a non-uniform stationary law.
     *
     * @param length L, &ge; 1
     * @return the data set
     * @throws InvalidConfigException if length is below 1
     */
    public static MarkovChainSequences demo(int length) {
        int k = 8;
        double[][] p = new double[k][k];
        for (int a = 0; a < k; a++) {
            p[a][(a + 1) % k] += 0.7;
            p[a][(2 * a + 1) % k] += 0.2;
            p[a][a] += 0.1;
        }
        return of(p, length);
    }

    /** @return K */
    public int vocabulary() {
        return transition.length;
    }

    /** @return L */
    public int length() {
        return length;
    }

    /** @return P, the transition matrix (a copy) */
    public double[][] transition() {
        double[][] p = new double[transition.length][];
        for (int a = 0; a < p.length; a++) {
            p[a] = transition[a].clone();
        }
        return p;
    }

    /** @return π, the stationary law (a copy) */
    public double[] stationary() {
        return stationary.clone();
    }

    /** @return H(π) in nats: the cross-entropy per token of the best unigram model */
    public double unigramEntropy() {
        return entropy(stationary);
    }

    /** @return Σ_a π_a H(P_a) in nats: the chain's entropy rate */
    public double entropyRate() {
        double h = 0;
        for (int a = 0; a < transition.length; a++) {
            h += stationary[a] * entropy(transition[a]);
        }
        return h;
    }

    /** @return (H(π) + (L − 1) · rate) / L in nats: the entropy per token of the sequence distribution */
    public double entropyPerToken() {
        return (unigramEntropy() + (length - 1) * entropyRate()) / length;
    }

    /**
     * @param sequences the number of sequences, &ge; 1
     * @param rng       the random stream
     * @return INT64 [sequences, L] tokens in [0, K)
     * @throws InvalidConfigException if sequences is below 1
     */
    public INDArray sample(int sequences, Rng rng) {
        Tokens.checkSize(sequences, length);
        int[] out = new int[sequences * length];
        for (int s = 0; s < sequences; s++) {
            int a = draw(stationary, rng.nextDouble());
            out[s * length] = a;
            for (int i = 1; i < length; i++) {
                a = draw(transition[a], rng.nextDouble());
                out[s * length + i] = a;
            }
        }
        return Tokens.of(out, sequences, length);
    }

    private static int draw(double[] p, double u) {
        double acc = 0;
        int last = 0;
        for (int y = 0; y < p.length; y++) {
            if (p[y] > 0) {
                last = y;
                acc += p[y];
                if (u < acc) {
                    return y;
                }
            }
        }
        return last;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    private static double[] stationary(double[][] p) {
        int k = p.length;
        double[] pi = new double[k];
        Arrays.fill(pi, 1.0 / k);
        for (int it = 0; it < 100_000; it++) {
            double[] next = new double[k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    next[b] += pi[a] * p[a][b];
                }
            }
            double diff = 0;
            for (int a = 0; a < k; a++) {
                diff += Math.abs(next[a] - pi[a]);
            }
            pi = next;
            if (diff < 1e-15) {
                return pi;
            }
        }
        throw InvalidConfigException.of("transition", "an irreducible aperiodic chain (power iteration did not "
                + "converge)", "K = " + k);
    }
}
