package io.github.flows4j.voronoi.mixture;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;
import io.github.flows4j.voronoi.Tessellation;
import io.github.flows4j.voronoi.VoronoiTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Voronoi mixture model of Chen, Amos &amp; Nickel (NeurIPS 2022, §5.3) for continuous data in a box of R^d:
 * component k is a flow restricted to Voronoi cell k,
 * <pre>
 *   p(x) = π_k(x) · q(f_k⁻¹(x) | e_k) · |det ∂f_k⁻¹/∂x|,   k(x) = the nearest anchor,
 * </pre>
 * with f_k the {@link VoronoiTransform}'s map of R^d onto cell k, q one conditional {@link NormalizingFlow} shared
 * by the components (context: a learned embedding e_k) and π = softmax(logits). The cells partition the box, so
 * p integrates to 1 and a likelihood evaluation touches only the component of x's cell (one nearest-anchor
 * search, then one flow evaluation) whatever K. Anchors start at k-means centres of the data; the box (the data's
 * range widened by 10 % on each side) is fixed, so the support never loses a training point.
 *
 * <pre>{@code
 * VoronoiMixture m = VoronoiMixture.create(train, 16, 4, NormalizingFlow.builder().layers(4), rng.split());
 * Tensor nll = m.logProb(Tensor.constant(batch)).mean().neg();   // batch [n, d] inside m's box
 * INDArray samples = m.sample(1000, rng.split());                // [1000, d]
 * }</pre>
 */
public final class VoronoiMixture extends Module {
    private final VoronoiTransform cells;
    private final NormalizingFlow component;
    private final Tensor embedding;
    private final Tensor logits;
    private final DataType dtype;

    private VoronoiMixture(VoronoiTransform cells, NormalizingFlow component, INDArray embedding, INDArray logits,
            DataType dtype) {
        this.cells = registerModule("cells", cells);
        this.component = registerModule("component", component);
        this.embedding = registerParameter("embedding", embedding);
        this.logits = registerParameter("logits", logits);
        this.dtype = dtype;
    }

    /**
     * @param data       training points, [n, d] with d &ge; 2, FLOAT or DOUBLE, at least k distinct rows
     * @param k          the number of components (cells), &ge; 1
     * @param contextDim the dimension of each component's embedding, &ge; 1
     * @param flow       the component flow's settings (dim, context and type are set here)
     * @param rng        split for k-means, the embeddings and the flow
     * @return the mixture, anchors at k-means centres (25 Lloyd iterations), weights uniform
     * @throws InvalidConfigException if an argument is out of range
     */
    public static VoronoiMixture create(INDArray data, int k, int contextDim, NormalizingFlow.Builder flow,
            Rng rng) {
        Checks.matrix("data", data);
        Checks.notNull("flow", flow);
        Checks.notNull("rng", rng);
        int d = (int) data.size(1);
        if (d < 2) {
            throw InvalidConfigException.of("data dimension", ">= 2", d);
        }
        if (contextDim < 1) {
            throw InvalidConfigException.of("contextDim", ">= 1", contextDim);
        }
        DataType type = data.dataType();
        INDArray anchors = KMeans.fit(data, k, 25, rng.split());
        double[] x = HostArrays.toDoubles(data);
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            lo[i % d] = Math.min(lo[i % d], x[i]);
            hi[i % d] = Math.max(hi[i % d], x[i]);
        }
        for (int c = 0; c < d; c++) {
            double pad = 0.1 * Math.max(hi[c] - lo[c], 1e-3);
            lo[c] -= pad;
            hi[c] += pad;
        }
        VoronoiTransform vt = VoronoiTransform.of(anchors, HostArrays.fromDoubles(lo, type, 1, d),
                HostArrays.fromDoubles(hi, type, 1, d), false);
        NormalizingFlow q = flow.dim(d).contextDim(contextDim).dtype(type).build(rng.split());
        INDArray emb = rng.split().normal(type, k, contextDim);
        return new VoronoiMixture(vt, q, emb, Nd4j.zeros(type, k, 1), type);
    }

    /** @return K */
    public int numComponents() {
        return cells.numCells();
    }

    /** @return the Voronoi transform (anchors, box, per-cell scales) */
    public VoronoiTransform cells() {
        return cells;
    }

    /**
     * @param x points strictly inside the box, [n, d]
     * @return log p(x), [n], differentiable in every parameter
     * @throws InvalidConfigException if a point is outside the box
     * @throws io.github.flows4j.core.ShapeMismatchException if x is not [n, d]
     */
    public Tensor logProb(Tensor x) {
        Checks.notNull("x", x);
        Tessellation t = cells.tessellation();
        if (x.rank() != 2 || x.size(1) != t.dim()) {
            throw ShapeMismatchException.of("x", "[n, " + t.dim() + "]", x.shape());
        }
        t.requireInsideBox("x", x.value());
        int[] k = t.assign(x.value());
        int n = k.length;
        CellMap back = t.inverse(x, k);
        Tensor logPi = logits.logSoftmax(0).indexSelect(k).reshape(n);
        Tensor logQ = component.logProb(back.value(), embedding.indexSelect(k));
        return logPi.add(logQ).add(back.logDet().reshape(n));
    }

    /**
     * @param n   how many, &ge; 1
     * @param rng the source of the draws
     * @return n samples, [n, d] (no graph is recorded)
     */
    @SuppressWarnings("try")
    public INDArray sample(int n, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        Checks.notNull("rng", rng);
        try (GradMode.Scope ng = GradMode.noGrad()) {
            double[] p = HostArrays.toDoubles(logits.value().reshape(1, numComponents()));
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double total = 0;
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.exp(p[j] - max);
                total += p[j];
            }
            int[] k = new int[n];
            for (int i = 0; i < n; i++) {
                double u = rng.nextDouble() * total;
                int j = 0;
                double acc = p[0];
                while (acc < u && j < p.length - 1) {
                    acc += p[++j];
                }
                k[i] = j;
            }
            INDArray y = component.sample(n, embedding.indexSelect(k).value().dup(), rng.split());
            return cells.forward(Tensor.constant(y), k).value().value().dup();
        }
    }

    /** @return the data type */
    public DataType dtype() {
        return dtype;
    }
}
