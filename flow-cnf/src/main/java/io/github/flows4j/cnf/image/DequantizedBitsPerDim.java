package io.github.flows4j.cnf.image;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bits per dimension of discrete images under a continuous flow, with uniform dequantisation (Theis et al. 2016;
 * Dinh et al. 2017): a pixel {@code x ∈ {0, …, K−1}} (K = 256 for 8-bit images) becomes {@code y = (x + u)/K} with
 * {@code u ~ U[0, 1)}, the flow models {@code z = T(y)} ({@link PixelTransform}), and
 * {@code log P(x) ≥ E_u[log p_Z(T(y)) + log |det ∂T/∂y|] − D·log K}. The reported bits/dim,
 * {@code −(log p_Z + log|det| − D·log K) / (D·ln 2)} averaged over the images, is therefore an upper bound on the
 * model's bits/dim of the 8-bit data, directly comparable to the published ones (a uniform model scores
 * {@code log₂ K} = 8). The log-density {@code log p_Z} comes from any {@link CnfLikelihood} (for images, the
 * Hutchinson divergence).
 *
 * <pre>{@code
 * CnfLikelihood lik = CnfLikelihood.builder()
 *         .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1)).build();
 * DequantizedBitsPerDim bpd = new DequantizedBitsPerDim(lik, PixelTransform.centered(), 256);
 * DequantizedBitsPerDim.Result r = bpd.evaluate(unet, pixels, 100, rng);   // pixels: [n, 784], 0..255
 * System.out.printf("%.3f bits/dim, %.0f NFE per solve%n", r.bitsPerDim(), r.meanNfe());
 * }</pre>
 */
public final class DequantizedBitsPerDim {
    private final CnfLikelihood likelihood;
    private final PixelTransform transform;
    private final int levels;

    /**
     * @param likelihood computes {@code log p_Z}
     * @param transform  maps dequantised pixels to the flow's space
     * @param levels     K, the number of pixel values, &ge; 2 (256 for 8-bit images)
     * @throws InvalidConfigException if an argument is null or {@code levels < 2}
     */
    public DequantizedBitsPerDim(CnfLikelihood likelihood, PixelTransform transform, int levels) {
        this.likelihood = Checks.notNull("likelihood", likelihood);
        this.transform = Checks.notNull("transform", transform);
        if (levels < 2) {
            throw InvalidConfigException.of("levels", ">= 2", levels);
        }
        this.levels = levels;
    }

    /**
     * @param pixels integer pixel values in [0, K−1], {@code [n, D]}, any floating type
     * @param levels K
     * @param rng    draws u
     * @return {@code y = (x + u)/K} in [0, 1), a new array of the type of {@code pixels}
     * @throws InvalidConfigException if a value is not an integer in [0, K−1]
     */
    public static INDArray dequantize(INDArray pixels, int levels, Rng rng) {
        checkPixels(pixels, levels);
        INDArray u = rng.uniform(pixels.dataType(), pixels.shape());
        return u.addi(pixels).divi(levels);
    }

    /**
     * @param pixels integer pixel values in [0, K−1], {@code [n, D]}
     * @param levels K
     * @return {@code (x + 1/2)/K}, the centre of each pixel's interval (for deterministic inputs)
     */
    public static INDArray centres(INDArray pixels, int levels) {
        checkPixels(pixels, levels);
        return pixels.add(0.5).divi(levels);
    }

    private static void checkPixels(INDArray pixels, int levels) {
        Checks.matrix("pixels", pixels);
        double min = pixels.minNumber().doubleValue();
        double max = pixels.maxNumber().doubleValue();
        boolean integral = pixels.dup().subi(org.nd4j.linalg.ops.transforms.Transforms.round(pixels, true))
                .amaxNumber().doubleValue() == 0;
        if (min < 0 || max > levels - 1 || !integral) {
            throw InvalidConfigException.of("pixels", "integers in [0, " + (levels - 1) + "]",
                    "values in [" + min + ", " + max + "]" + (integral ? "" : ", not all integers"));
        }
    }

    /**
     * Scores {@code pixels} in batches of {@code batch} rows with one dequantisation draw each.
     *
     * @param field  the flow's velocity field on {@code [batch, D]}
     * @param pixels integer pixel values in [0, K−1], {@code [n, D]}, of the field's data type
     * @param batch  rows per likelihood solve, &ge; 1
     * @param rng    draws the dequantisation noise and the Hutchinson probes
     * @return the bits/dim bound, its standard error over the images, and the solver cost
     * @throws ShapeMismatchException if {@code pixels} is not {@code [n, field.dim()]}
     * @throws InvalidConfigException if a value is not an integer in [0, K−1] or {@code batch < 1}
     */
    public Result evaluate(VelocityField field, INDArray pixels, int batch, Rng rng) {
        Checks.notNull("field", field);
        Checks.matrix("pixels", pixels);
        if (pixels.size(1) != field.dim()) {
            throw ShapeMismatchException.of("pixels", "[n, " + field.dim() + "]", pixels.shape());
        }
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        int n = (int) pixels.size(0);
        int dim = field.dim();
        double offset = dim * Math.log(levels);
        double[] bits = new double[n];
        long nfe = 0;
        int solves = 0;
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            INDArray x = pixels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray y = dequantize(x, levels, rng);
            LogLikelihood ll = likelihood.evaluate(field, transform.forward(y), rng.split());
            INDArray logPy = ll.logProb().add(transform.logDet(y));
            for (int i = 0; i < end - start; i++) {
                bits[start + i] = -(logPy.getDouble(i, 0) - offset) / (dim * Math.log(2));
            }
            nfe += ll.stats().functionEvaluations();
            solves++;
        }
        double mean = 0;
        for (double b : bits) {
            mean += b / n;
        }
        double var = 0;
        for (double b : bits) {
            var += (b - mean) * (b - mean) / Math.max(1, n - 1);
        }
        return new Result(mean, Math.sqrt(var / n), (double) nfe / solves, solves);
    }

    /** @return K, the number of pixel values */
    public int levels() {
        return levels;
    }

    /** @return the map from dequantised pixels to the flow's space */
    public PixelTransform transform() {
        return transform;
    }

    /**
     * @param bitsPerDim    the mean bits/dim bound over the images
     * @param standardError its standard error over the images
     * @param meanNfe       function evaluations per likelihood solve, averaged over the solves
     * @param solves        how many solves (batches) it took
     */
    public record Result(double bitsPerDim, double standardError, double meanNfe, int solves) {
    }
}
