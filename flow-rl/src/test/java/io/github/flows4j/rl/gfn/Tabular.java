package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test fixtures: the optimal forward policy and state flow of a hypergrid with the uniform backward policy, in closed
 * form by a backward pass over the DAG: F(s) = R(s) + Σ_{s→s'} F(s') P_B(s | s'), P_F(s' | s) = F(s') P_B(s | s') /
 * F(s), P_F(stop | s) = R(s) / F(s). Also the uniform forward policy.
 */
final class Tabular {
    private Tabular() {
    }

    /** @return log F(s) per state of the optimal flow for the uniform P_B */
    static double[] optimalLogFlow(Hypergrid g) {
        int n = g.stateCount();
        double[] f = new double[n];
        for (int s = n - 1; s >= 0; s--) {
            double v = g.reward(s);
            for (int a = 0; a < g.dim(); a++) {
                if (g.isValidForward(s, a)) {
                    int c = g.step(s, a);
                    v += f[c] / parents(g, c);
                }
            }
            f[s] = v;
        }
        double[] logF = new double[n];
        for (int s = 0; s < n; s++) {
            logF[s] = Math.log(f[s]);
        }
        return logF;
    }

    static int parents(Hypergrid g, int s) {
        int k = 0;
        for (int a = 0; a < g.dim(); a++) {
            k += g.isValidBackward(s, a) ? 1 : 0;
        }
        return k;
    }

    /** @return log P_F(a | s) of the optimal policy, [n][d + 1] (MASKED where invalid) */
    static double[][] optimalLogPolicy(Hypergrid g) {
        double[] logF = optimalLogFlow(g);
        int n = g.stateCount();
        double[][] lp = new double[n][g.forwardActionCount()];
        for (int s = 0; s < n; s++) {
            for (int a = 0; a < g.dim(); a++) {
                if (g.isValidForward(s, a)) {
                    int c = g.step(s, a);
                    lp[s][a] = logF[c] - Math.log(parents(g, c)) - logF[s];
                } else {
                    lp[s][a] = ForwardPolicy.MASKED;
                }
            }
            lp[s][g.dim()] = g.logReward(s) - logF[s];
        }
        return lp;
    }

    /** Decodes hypergrid features back to state indices. */
    static int[] decode(Hypergrid g, INDArray features) {
        double[][] x = features.toDoubleMatrix();
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int[] c = new int[g.dim()];
            for (int d = 0; d < g.dim(); d++) {
                for (int h = 0; h < g.height(); h++) {
                    if (x[i][d * g.height() + h] == 1) {
                        c[d] = h;
                    }
                }
            }
            out[i] = g.index(c);
        }
        return out;
    }

    /** A fixed policy read from a table of log-probabilities. */
    static ForwardPolicy policy(Hypergrid g, double[][] table) {
        return (features, mask) -> {
            int[] s = decode(g, features.value());
            double[][] rows = new double[s.length][];
            for (int i = 0; i < s.length; i++) {
                rows[i] = table[s[i]];
            }
            return Tensor.constant(Nd4j.create(rows).castTo(features.dtype()));
        };
    }

    /** The uniform forward policy over valid actions. */
    static ForwardPolicy uniform() {
        return (features, mask) -> MaskedSoftmax.logProbs(
                Tensor.constant(Nd4j.zeros(features.dtype(), mask.size(0), mask.size(1))), mask);
    }

    /** A fixed state flow read from a table. */
    static Layer flow(Hypergrid g, double[] logF) {
        return x -> {
            int[] s = decode(g, x.value());
            double[] v = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                v[i] = logF[s[i]];
            }
            return Tensor.constant(Nd4j.create(v, new long[] {s.length, 1}, x.dtype()));
        };
    }
}
