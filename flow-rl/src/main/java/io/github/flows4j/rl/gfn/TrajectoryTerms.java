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
    /** Features of the real positions only, [realCount, featureDim]. */
    private final Tensor features;
    /** Padded row → its row of {@link #features}, or realCount for padding. */
    private final int[] realRows;

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
        // the networks see only the real positions (k < len_b), not the padding: on a long grid the padding is
        // about half of the batch. Real position q of the compact rows is padded row real[q]; padded rows map back
        // to a compact row, or to one appended zero row (padding, and the missing parent edge of the stop/padding)
        int realCount = t.transitionCount();
        int[] realStates = new int[realCount];
        double[] fOneHot = new double[realCount * na];
        double[] bOneHot = new double[realCount * nb];
        double[] eMask = new double[rows];
        int[] atEdge = new int[rows];
        int[] atChild = new int[rows];
        int q = 0;
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < width; k++) {
                int r = b * width + k;
                atEdge[r] = realCount;
                atChild[r] = realCount;
                if (k < len[b]) {
                    realStates[q] = states[r];
                    fOneHot[q * na + actions[r]] = 1;
                    eMask[r] = 1;
                    atEdge[r] = q;
                    if (k > 0) {
                        bOneHot[q * nb + back[r - 1]] = 1;
                    }
                    if (k < len[b] - 1) {
                        atChild[r] = q + 1;
                    }
                    q++;
                }
            }
        }
        this.realRows = atEdge;
        this.features = model.features(env, realStates);
        Tensor lpf = model.forwardPolicy().logProbs(features, env.forwardMask(realStates, type));
        this.logPF = padded(lpf.mul(constant(fOneHot, realCount, na)).sum(1, true), atEdge);
        Tensor lpb = model.backwardPolicy().logProbs(features, env.backwardMask(realStates, type));
        this.logPB = padded(lpb.mul(constant(bOneHot, realCount, nb)).sum(1, true), atChild);
        this.edgeMask = Nd4j.create(eMask, new long[] {batch, width}, type);
        this.logR = Nd4j.create(t.logRewardsView(), new long[] {batch, 1}, type);
    }

    /** @param compact [realCount, 1] @param index padded row → compact row, realCount for 0 @return [B, N] */
    private Tensor padded(Tensor compact, int[] index) {
        return Tensor.concat(0, compact, Tensor.zeros(type, 1, 1)).indexSelect(index).reshape(batch, width);
    }

    private Tensor constant(double[] v, int r, int c) {
        return Tensor.constant(Nd4j.create(v, new long[] {r, c}, type));
    }

    /** @return log F of nodes 0 … N, [B, N + 1]: log Z at node 0, log F(s_k) inside, log R(x) at node len_b */
    Tensor nodeLogFlows() {
        int[] len = trajectories.lengths();
        Tensor logF = padded(model.logFlow(features), realRows);
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
