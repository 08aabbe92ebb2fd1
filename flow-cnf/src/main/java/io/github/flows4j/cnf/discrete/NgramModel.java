package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The autoregressive baseline of Discrete Flow Matching's NLL: an order-k Markov (n-gram) model over tokens,
 * p(x) = Π_i p(xⁱ | x^{i−k} … x^{i−1}), fitted by counting with add-α smoothing (α = 1 is Laplace's add-one):
 * p(b | c) = (n(c, b) + α) / (n(c) + K α). Position i &lt; k conditions on the whole prefix x¹ … x^{i−1}, with its
 * own table counted at that position only, so the model is a proper distribution over sequences of any length.
 * Its NLL per token is exact (no bound), so it is the strong line a DFM bound is read against: on sequences of an
 * order-1 Markov chain an order-1 model fitted on enough data reaches the true entropy per token, and order 0 is
 * the pooled unigram model, cross-entropy H(π) for stationary data.
 *
 * <pre>{@code
 * MarkovChainSequences data = MarkovChainSequences.demo(16);
 * NgramModel bigram = NgramModel.fit(data.sample(20000, rng), data.vocabulary(), 1, 1.0);
 * double nats = bigram.nllPerToken(test);          // ≈ data.entropyPerToken()
 * }</pre>
 */
public final class NgramModel {
    private static final long MAX_CONTEXTS = 1L << 24;

    private final int vocabulary;
    private final int order;
    private final double smoothing;
    /** counts[j][c * K + b]: next token b after the j-token context c (base-K digits, oldest first). */
    private final long[][] counts;

    private NgramModel(int vocabulary, int order, double smoothing, long[][] counts) {
        this.vocabulary = vocabulary;
        this.order = order;
        this.smoothing = smoothing;
        this.counts = counts;
    }

    /**
     * @param tokens     training sequences, [n, L] integer tokens in [0, vocabulary)
     * @param vocabulary K &ge; 2
     * @param order      k &ge; 0 (0: unigram); K^k contexts must stay below 2²⁴
     * @param smoothing  α &gt; 0 added to every count
     * @return the fitted model
     * @throws InvalidConfigException naming the argument if K, k or α is out of range, or {@code tokens} if a token
     *                                is outside the vocabulary (a vocabulary mismatch)
     * @throws io.github.flows4j.core.ShapeMismatchException unless tokens is [n, L]
     * @throws io.github.flows4j.core.DTypeMismatchException unless tokens has an integer type
     */
    public static NgramModel fit(INDArray tokens, int vocabulary, int order, double smoothing) {
        if (vocabulary < 2) {
            throw InvalidConfigException.of("vocabulary", ">= 2", vocabulary);
        }
        if (order < 0 || Math.pow(vocabulary, order) > MAX_CONTEXTS) {
            throw InvalidConfigException.of("order", ">= 0 with vocabulary^order <= " + MAX_CONTEXTS, order);
        }
        if (!(smoothing > 0) || !Double.isFinite(smoothing)) {
            throw InvalidConfigException.of("smoothing", "finite and > 0", smoothing);
        }
        int[] v = Tokens.read("tokens", tokens, 0, vocabulary);
        int n = (int) tokens.size(0);
        int length = (int) tokens.size(1);
        long[][] counts = new long[order + 1][];
        for (int j = 0; j <= order; j++) {
            counts[j] = new long[(int) Math.pow(vocabulary, j) * vocabulary];
        }
        for (int s = 0; s < n; s++) {
            int base = s * length;
            for (int i = 0; i < length; i++) {
                int j = Math.min(i, order);
                counts[j][context(v, base + i - j, j, vocabulary) * vocabulary + v[base + i]]++;
            }
        }
        return new NgramModel(vocabulary, order, smoothing, counts);
    }

    private static int context(int[] v, int from, int j, int k) {
        int c = 0;
        for (int m = 0; m < j; m++) {
            c = c * k + v[from + m];
        }
        return c;
    }

    /** @return K */
    public int vocabulary() {
        return vocabulary;
    }

    /** @return k, the context length */
    public int order() {
        return order;
    }

    /** @return α */
    public double smoothing() {
        return smoothing;
    }

    /**
     * @param context the previous tokens, oldest first; only the last k are used
     * @param next    a token
     * @return log p(next | context)
     * @throws InvalidConfigException if a token is outside the vocabulary
     */
    public double logProb(int[] context, int next) {
        for (int t : context) {
            checkToken("context", t);
        }
        checkToken("next", next);
        int j = Math.min(context.length, order);
        return logProb(context, context.length - j, j, next);
    }

    private void checkToken(String name, int t) {
        if (t < 0 || t >= vocabulary) {
            throw InvalidConfigException.of(name, "a token in [0, " + vocabulary + ")", t);
        }
    }

    private double logProb(int[] v, int from, int j, int next) {
        long[] table = counts[j];
        int row = context(v, from, j, vocabulary) * vocabulary;
        long total = 0;
        for (int b = 0; b < vocabulary; b++) {
            total += table[row + b];
        }
        return Math.log((table[row + next] + smoothing) / (total + vocabulary * smoothing));
    }

    /**
     * @param tokens sequences, [n, L] integer tokens in [0, K)
     * @return the mean NLL of each position, nats, [L]
     * @throws InvalidConfigException naming {@code tokens} if a token is outside the vocabulary
     */
    public double[] nllPerPosition(INDArray tokens) {
        int[] v = Tokens.read("tokens", tokens, 0, vocabulary);
        int n = (int) tokens.size(0);
        int length = (int) tokens.size(1);
        double[] out = new double[length];
        for (int s = 0; s < n; s++) {
            int base = s * length;
            for (int i = 0; i < length; i++) {
                int j = Math.min(i, order);
                out[i] -= logProb(v, base + i - j, j, v[base + i]) / n;
            }
        }
        return out;
    }

    /**
     * @param tokens sequences, [n, L]
     * @return the NLL per token, nats: −(1 / nL) Σ log p(x), comparable with a DFM bound per token
     * @throws InvalidConfigException naming {@code tokens} if a token is outside the vocabulary
     */
    public double nllPerToken(INDArray tokens) {
        double[] p = nllPerPosition(tokens);
        double sum = 0;
        for (double x : p) {
            sum += x;
        }
        return sum / p.length;
    }

    @Override
    public String toString() {
        return "NgramModel[K=" + vocabulary + ", order=" + order + ", smoothing=" + smoothing + "]";
    }
}
