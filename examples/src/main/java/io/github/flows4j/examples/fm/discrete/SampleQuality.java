package io.github.flows4j.examples.fm.discrete;

import io.github.flows4j.cnf.discrete.MarkovChainSequences;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well sampled sequences match the true chain: their mean NLL per token under the chain (over the sequences
 * the chain can produce) and the share of transitions the chain gives probability zero.
 *
 * <pre>{@code
 * SampleQuality q = SampleQuality.of(data, samples);   // samples: [n, L] tokens
 * }</pre>
 *
 * @param nllPerToken  mean −log p_chain(x) / L over the sampled sequences with positive probability (nats)
 * @param invalidShare the share of the sampled transitions with probability zero under the chain
 */
record SampleQuality(double nllPerToken, double invalidShare) {
    static SampleQuality of(MarkovChainSequences data, INDArray samples) {
        double[] pi = data.stationary();
        double[][] p = data.transition();
        int n = (int) samples.size(0);
        int length = (int) samples.size(1);
        double nll = 0;
        int valid = 0;
        long invalid = 0;
        for (int s = 0; s < n; s++) {
            int a = samples.getInt(s, 0);
            double lp = Math.log(pi[a]);
            for (int i = 1; i < length; i++) {
                int b = samples.getInt(s, i);
                if (p[a][b] == 0) {
                    invalid++;
                }
                lp += Math.log(p[a][b]);
                a = b;
            }
            if (Double.isFinite(lp)) {
                nll -= lp / length;
                valid++;
            }
        }
        long transitions = (long) n * Math.max(1, length - 1);
        return new SampleQuality(valid > 0 ? nll / valid : Double.NaN, invalid / (double) transitions);
    }
}
