package io.github.flows4j.cnf.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flow Matching with the UNet on tiny synthetic images, through the library's loss, Trainer and likelihood. */
class ImageFlowMatchingTest {
    private static final int SIZE = 8;

    /**
     * @param n   images
     * @param rng picks each image's bar
     * @return {@code [n, 64]} 8-bit pixels: black 8×8 images with one white horizontal or vertical bar two pixels
     *     wide (14 distinct images)
     */
    static INDArray bars(int n, Rng rng) {
        double[][] px = new double[n][SIZE * SIZE];
        int[] kind = rng.randint(2 * (SIZE - 1), n).toIntVector();
        for (int i = 0; i < n; i++) {
            boolean horizontal = kind[i] < SIZE - 1;
            int at = kind[i] % (SIZE - 1);
            for (int a = 0; a < SIZE; a++) {
                for (int w = 0; w < 2; w++) {
                    int r = horizontal ? at + w : a;
                    int c = horizontal ? a : at + w;
                    px[i][r * SIZE + c] = 255;
                }
            }
        }
        return Nd4j.createFromArray(px).castTo(DataType.FLOAT);
    }

    @Test
    void aShortCondOtRunLowersBitsPerDimWellBelowTheUntrainedAndUniformModels() {
        Rng rng = Rng.seeded(0);
        INDArray train = bars(512, rng.split());
        INDArray test = bars(64, rng.split());
        UNetVelocityField unet = UNetVelocityField.builder().image(1, SIZE, SIZE).base(8).multipliers(1, 2).groups(4)
                .embeddingDim(16).build(rng.split());
        PixelTransform pixels = PixelTransform.centered();
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        SolveOptions tol = SolveOptions.of(PIController.of(1e-4, 1e-4));
        DequantizedBitsPerDim bpd = new DequantizedBitsPerDim(CnfLikelihood.builder().solve(new Dopri5(), tol)
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1)).build(), pixels, 256);
        DequantizedBitsPerDim.Result before = bpd.evaluate(unet, test, 64, rng.split());

        int steps = 300;
        int batch = 32;
        TrainerConfig config = TrainerConfig.builder().maxSteps(steps)
                .schedule(LrSchedule.cosineByProgress(3e-3, 0)).build();
        Trainer.builder(unet).config(config).loss(ctx -> {
            INDArray x = train.getRows(ctx.data().randint((int) train.size(0), batch).toIntVector());
            INDArray z = pixels.forward(DequantizedBitsPerDim.dequantize(x, 256, ctx.data()));
            return fm.loss(ctx.model(), z, ctx.noise());
        }).build().fit(rng.split(), rng.split());
        DequantizedBitsPerDim.Result after = bpd.evaluate(unet, test, 64, rng.split());

        String msg = String.format(Locale.ROOT, "bits/dim untrained %.3f ± %.3f, trained %.3f ± %.3f (nfe %.0f)",
                before.bitsPerDim(), before.standardError(), after.bitsPerDim(), after.standardError(),
                after.meanNfe());
        assertTrue(before.bitsPerDim() > 8, "untrained ≈ a standard normal on [-1, 1] scores above 8: " + msg);
        assertTrue(after.bitsPerDim() < 6, "below the uniform model's 8 bits/dim by 2: " + msg);
        assertTrue(after.bitsPerDim() < before.bitsPerDim() - 3, msg);

        // samples of the trained flow are bar-like: mostly black, with about a quarter of the pixels white
        Samples s = FlowSampler.builder().solve(new Dopri5(), tol).build()
                .sample(unet, rng.normal(DataType.FLOAT, 32, SIZE * SIZE), null);
        INDArray img = pixels.inverse(s.x1());
        double white = img.gt(0.5).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertTrue(white > 0.15 && white < 0.35, "share of white pixels in samples " + white + "; data 0.25; " + msg);
        System.out.println(msg + String.format(Locale.ROOT, " sample_nfe=%d white=%.3f",
                s.stats().functionEvaluations(), white));
    }
}
