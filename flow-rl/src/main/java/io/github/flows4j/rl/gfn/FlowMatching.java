package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flow matching on the DAG (Bengio et al. 2021, eq. 12), with edge flows parametrised as
 * {@code F(s → s') = F(s) P_F(s' | s)} (so a state's outflow is F(s) by construction): for every non-initial state s'
 * visited by the batch,
 *
 * <pre>
 * L(s') = ( log Σ_{s ∈ Par(s')} F(s) P_F(s' | s) - log F(s') )²
 * </pre>
 *
 * <p>and for every object x, {@code (log F(x) + log P_F(stop | x) - log R(x))²}, with F(s0) = Z; the mean of all
 * these terms. The inflow sums over <em>all</em> parents, visited or not, so the loss needs one extra policy
 * evaluation per parent. It does not use P_B. Needs the state flow.
 *
 * <pre>{@code
 * Tensor loss = new FlowMatching().loss(gfn, batch);
 * }</pre>
 */
public final class FlowMatching implements GFlowNetObjective {
    @Override
    public Tensor loss(GFlowNet model, Trajectories batch) {
        DiscreteEnvironment env = batch.env();
        DataType type = model.dtype();
        int nb = env.backwardActionCount();
        int na = env.forwardActionCount();
        int s0 = env.initialState();
        // the visited non-initial states
        int[] children = new int[batch.transitionCount()];
        int m = 0;
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 1; t < batch.length(b); t++) {
                children[m++] = batch.state(b, t);
            }
        }
        children = Arrays.copyOf(children, m);
        Tensor inflowTerms = null;
        if (m > 0) {
            int[] parents = new int[m * nb];
            double[] valid = new double[m * nb];
            double[] isInit = new double[m * nb];
            double[] oneHot = new double[m * nb * na];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < nb; k++) {
                    int r = i * nb + k;
                    parents[r] = s0;
                    if (env.isValidBackward(children[i], k)) {
                        int p = env.backwardStep(children[i], k);
                        parents[r] = p;
                        valid[r] = 1;
                        oneHot[r * na + forwardActionTo(env, p, children[i])] = 1;
                    }
                    isInit[r] = parents[r] == s0 ? 1 : 0;
                }
            }
            Tensor pf = model.features(env, parents);
            Tensor lpf = model.forwardPolicy().logProbs(pf, env.forwardMask(parents, type))
                    .mul(constant(oneHot, type, m * nb, na)).sum(1, true);
            Tensor logFp = flowOrLogZ(model, pf, isInit, type);
            INDArray penalty = Nd4j.create(valid, new long[] {m, nb}, type).rsub(1.0).muli(ForwardPolicy.MASKED);
            Tensor inflow = logFp.add(lpf).reshape(m, nb).add(Tensor.constant(penalty)).logsumexp(1, true);
            Tensor logFc = model.logFlow(model.features(env, children));
            inflowTerms = inflow.sub(logFc).square();
        }
        int nx = batch.batchSize();
        int[] xs = new int[nx];
        double[] xInit = new double[nx];
        double[] stop = new double[nx * na];
        double[] logR = batch.logRewards();
        for (int b = 0; b < nx; b++) {
            xs[b] = batch.terminalState(b);
            xInit[b] = xs[b] == s0 ? 1 : 0;
            stop[b * na + env.stopAction()] = 1;
        }
        Tensor fx = model.features(env, xs);
        Tensor lstop = model.forwardPolicy().logProbs(fx, env.forwardMask(xs, type))
                .mul(constant(stop, type, nx, na)).sum(1, true);
        Tensor terminal = flowOrLogZ(model, fx, xInit, type).add(lstop).sub(constant(logR, type, nx, 1)).square();
        Tensor total = terminal.sum();
        if (inflowTerms != null) {
            total = total.add(inflowTerms.sum());
        }
        return total.div(m + nx);
    }

    private static int forwardActionTo(DiscreteEnvironment env, int parent, int child) {
        for (int a = 0; a < env.forwardActionCount(); a++) {
            if (a != env.stopAction() && env.isValidForward(parent, a) && env.step(parent, a) == child) {
                return a;
            }
        }
        throw new IllegalStateException("no forward action leads from " + parent + " to " + child);
    }

    /** log F(s) for s ≠ s0 and log Z at s0, [n, 1]. */
    private static Tensor flowOrLogZ(GFlowNet model, Tensor features, double[] isInit, DataType type) {
        int n = isInit.length;
        INDArray init = Nd4j.create(isInit, new long[] {n, 1}, type);
        return model.logFlow(features).mul(Tensor.constant(init.rsub(1.0)))
                .add(model.logZ().mul(Tensor.constant(init)));
    }

    private static Tensor constant(double[] v, DataType type, int r, int c) {
        return Tensor.constant(Nd4j.create(v, new long[] {r, c}, type));
    }

    @Override
    public boolean needsStateFlow() {
        return true;
    }

    @Override
    public String toString() {
        return "FlowMatching";
    }
}
