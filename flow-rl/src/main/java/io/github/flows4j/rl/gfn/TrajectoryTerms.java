package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-edge and per-node quantities of a padded batch that every balance objective is made of. Batch b has
 * {@code len_b} states s_0 … s_{len-1} and {@code len_b} edges: edge t (t &lt; len - 1) is s_t → s_{t+1}, edge
 * len - 1 is the stop action. Nodes are the states plus the terminal node len_b, whose log-flow is log R(x).
 */
final class TrajectoryTerms {
    final int batch;
    final int width;
    final DataType type;
    /** log P_F of edge t, [B, N], 0 on padding. */
    final Tensor logPF;
    /** log P_B of edge t, [B, N], 0 for the stop edge and on padding. */
    final Tensor logPB;
    /** 1 for real edges t &lt; len_b, [B, N]. */
    final INDArray edgeMask;
    /** log R(x), [B, 1]. */
    final INDArray logR;
    private final GFlowNet model;
    private final Trajectories trajectories;
    private final Tensor features;

    TrajectoryTerms(GFlowNet model, Trajectories t) {
        this.model = model;
        this.trajectories = t;
        this.batch = t.batchSize();
        this.width = t.width();
        this.type = model.dtype();
        DiscreteEnvironment env = t.env();
        int rows = batch * width;
        int[] states = t.flatStates();
        int[] actions = t.flatActions();
        int[] back = t.flatBackwardActions();
        int[] len = t.lengths();
        int na = env.forwardActionCount();
        int nb = env.backwardActionCount();
        double[] fOneHot = new double[rows * na];
        double[] bOneHot = new double[rows * nb];
        double[] bMask = new double[rows];
        double[] eMask = new double[rows];
        int[] shift = new int[rows];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < width; k++) {
                int r = b * width + k;
                shift[r] = b * width + Math.min(k + 1, width - 1);
                if (k < len[b]) {
                    fOneHot[r * na + actions[r]] = 1;
                    eMask[r] = 1;
                }
                if (k < len[b] - 1) {
                    bOneHot[(r + 1) * nb + back[r]] = 1;
                    bMask[r] = 1;
                }
            }
        }
        this.features = model.features(env, states);
        Tensor lpf = model.forwardPolicy().logProbs(features, env.forwardMask(states, type));
        this.logPF = lpf.mul(constant(fOneHot, rows, na)).sum(1).reshape(batch, width);
        Tensor lpb = model.backwardPolicy().logProbs(features, env.backwardMask(states, type));
        Tensor atChild = lpb.mul(constant(bOneHot, rows, nb)).sum(1, true);
        this.logPB = atChild.indexSelect(shift).mul(constant(bMask, rows, 1)).reshape(batch, width);
        this.edgeMask = Nd4j.create(eMask, new long[] {batch, width}, type);
        this.logR = Nd4j.create(t.logRewardsView(), new long[] {batch, 1}, type);
    }

    private Tensor constant(double[] v, int r, int c) {
        return Tensor.constant(Nd4j.create(v, new long[] {r, c}, type));
    }

    /** @return log F of nodes 0 … N, [B, N + 1]: log Z at node 0, log F(s_k) inside, log R(x) at node len_b */
    Tensor nodeLogFlows() {
        int[] len = trajectories.lengths();
        Tensor logF = model.logFlow(features).reshape(batch, width);
        double[] init = new double[batch * width];
        for (int b = 0; b < batch; b++) {
            init[b * width] = 1;
        }
        // masks by arithmetic, not Tensor.where: where() adopts a same-typed mask array as its own (see report)
        INDArray initMask = Nd4j.create(init, new long[] {batch, width}, type);
        Tensor inner = logF.mul(Tensor.constant(initMask.rsub(1.0))).add(model.logZ().mul(Tensor.constant(initMask)));
        Tensor ext = Tensor.concat(1, inner, Tensor.zeros(type, batch, 1));
        double[] keep = new double[batch * (width + 1)];
        double[] rew = new double[batch * (width + 1)];
        double[] logRv = trajectories.logRewardsView();
        java.util.Arrays.fill(keep, 1);
        for (int b = 0; b < batch; b++) {
            keep[b * (width + 1) + len[b]] = 0;
            rew[b * (width + 1) + len[b]] = logRv[b];
        }
        return ext.mul(constant(keep, batch, width + 1)).add(constant(rew, batch, width + 1));
    }
}
