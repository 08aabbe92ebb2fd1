package io.github.flows4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.optim.Sgd;
import io.github.flows4j.core.optim.SgdConfig;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class TrainerTest {
    @TempDir
    Path dir;

    private static Mlp model(long seed) {
        return Mlp.builder().sizes(2, 8, 1).activation(Activation.TANH).dtype(DataType.DOUBLE).build(Rng.seeded(seed));
    }

    /** Regression of y = sin(2 x1) + x2² + 0.01 ε: the batch from the data stream, ε from the noise stream. */
    private static Tensor regression(StepContext<Mlp> ctx) {
        INDArray[] xy = batch(ctx);
        return mse(ctx.model(), xy[0], xy[1]);
    }

    private static INDArray[] batch(StepContext<Mlp> ctx) {
        INDArray x = ctx.data().uniform(-1, 1, DataType.DOUBLE, 16, 2);
        INDArray y = Transforms.sin(x.getColumn(0).mul(2), false).add(x.getColumn(1).mul(x.getColumn(1)))
                .reshape(16, 1).addi(ctx.noise().normal(DataType.DOUBLE, 16, 1).muli(0.01));
        return new INDArray[] {x, y};
    }

    private static Tensor mse(Mlp m, INDArray x, INDArray y) {
        return m.forward(Tensor.constant(x)).sub(Tensor.constant(y)).square().mean();
    }

    private static TrainerConfig.Builder steps(long n) {
        return TrainerConfig.builder().maxSteps(n).schedule(LrSchedule.constant(1e-2));
    }

    private static Map<String, INDArray> weights(Mlp m) {
        Map<String, INDArray> w = new LinkedHashMap<>();
        m.parameters().forEach((k, v) -> w.put(k, v.value().dup('c')));
        return w;
    }

    private static void assertWeights(Map<String, INDArray> expected, Mlp m) {
        m.parameters().forEach((k, v) -> assertEquals(expected.get(k), v.value(), k));
    }

    /** Records every step's loss and rate, and every validation. */
    private static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Long> steps = new ArrayList<>();
        final List<Long> validated = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();
        TrainResult end;

        @Override
        public void onStep(long step, double loss, double lr) {
            steps.add(step);
            losses.add(loss);
            rates.add(lr);
        }

        @Override
        public void onValidation(long step, double score, boolean best) {
            validated.add(step);
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            checkpoints.add(step);
        }

        @Override
        public void onEnd(TrainResult result) {
            end = result;
        }
    }

    @Test
    void stopsAfterMaxStepsAndTheLossFalls() {
        Mlp m = model(1);
        Recorder rec = new Recorder();
        Rng rng = Rng.seeded(3);
        TrainResult r = Trainer.builder(m).config(steps(300).build()).loss(TrainerTest::regression).listener(rec)
                .build().fit(rng.split(), rng);
        assertEquals(300, r.steps());
        assertEquals(300, rec.losses.size());
        assertEquals(1L, rec.steps.get(0));
        assertEquals(300L, rec.steps.get(299));
        assertFalse(r.budgetExceeded());
        assertEquals(r, rec.end);
        assertEquals(rec.losses.get(299), r.finalLoss(), 0.0);
        double mean = rec.losses.subList(200, 300).stream().mapToDouble(Double::doubleValue).sum() / 100;
        assertEquals(mean, r.meanLoss(), 1e-15);
        assertTrue(r.meanLoss() < rec.losses.get(0) / 5, rec.losses.get(0) + " -> " + r.meanLoss());
        assertEquals(300, r.bestStep());
        assertTrue(Double.isNaN(r.bestScore()));
    }

    @Test
    void budgetStopsTheRunAndDrivesTheCosineByProgress() {
        // a fake clock: one second per step done, so the run is deterministic without sleeping
        long[] seconds = {0};
        Recorder rec = new Recorder();
        TrainingListener tick = new TrainingListener() {
            @Override
            public void onStep(long step, double loss, double lr) {
                seconds[0]++;
            }
        };
        TrainerConfig config = TrainerConfig.builder().maxSteps(1_000).timeBudgetSeconds(7.5)
                .schedule(LrSchedule.cosineByProgress(0.02, 0)).clock(() -> seconds[0] * 1_000_000_000L).build();
        Rng rng = Rng.seeded(5);
        TrainResult r = Trainer.builder(model(2)).config(config).loss(TrainerTest::regression).listener(tick)
                .listener(rec).build().fit(rng.split(), rng);
        assertEquals(8, r.steps(), "the 8th step ends at 8 s >= 7.5 s");
        assertTrue(r.budgetExceeded());
        assertEquals(8.0, r.seconds(), 0.0);
        // step k starts at k seconds: progress max(k / 1000, k / 7.5) = k / 7.5
        for (int k = 0; k < 8; k++) {
            double expected = 0 + 0.02 * (1 + Math.cos(Math.PI * Math.min(1.0, k / 7.5))) / 2;
            assertEquals(expected, rec.rates.get(k), 1e-17, "rate of step " + (k + 1));
        }
        assertEquals(0.01, rec.rates.get(0) / 2, 1e-17);
    }

    @Test
    void scheduleByStepsFeedsTheOptimizer() {
        Recorder rec = new Recorder();
        TrainerConfig config = TrainerConfig.builder().maxSteps(10)
                .schedule(LrSchedule.cosineByProgress(0.1, 0.0).withScaledWarmup(3)).build();
        Rng rng = Rng.seeded(6);
        Trainer<Mlp> t = Trainer.builder(model(3)).config(config).loss(TrainerTest::regression).listener(rec).build();
        t.fit(rng.split(), rng);
        double[] expected = new double[10];
        for (int k = 0; k < 10; k++) {
            double warm = k < 3 ? (k + 1.0) / 4.0 : 1.0;
            expected[k] = 0.1 * (1 + Math.cos(Math.PI * k / 10.0)) / 2 * warm;
        }
        double[] got = rec.rates.stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(expected, got, 1e-16);
        assertEquals(10, t.optimizer().stepCount());
    }

    @Test
    void emaWithWarmupEndsInTheModel() {
        Mlp m = model(4);
        Map<String, INDArray> shadow = weights(m);
        List<Map<String, INDArray>> trained = new ArrayList<>();
        TrainingListener snap = new TrainingListener() {
            @Override
            public void onStep(long step, double loss, double lr) {
                trained.add(weights(m));
            }
        };
        TrainerConfig config = steps(12).ema(0.9).emaWarmup(true).build();
        Rng rng = Rng.seeded(8);
        Trainer.builder(m).config(config).loss(TrainerTest::regression).listener(snap).build().fit(rng.split(), rng);
        for (int n = 0; n < 12; n++) {
            double d = Math.min(0.9, (1.0 + n) / (10.0 + n));
            double w = 1 - d;
            Map<String, INDArray> p = trained.get(n);
            shadow.replaceAll((k, s) -> {
                double[] sv = s.data().asDouble();
                double[] pv = p.get(k).data().asDouble();
                for (int i = 0; i < sv.length; i++) {
                    sv[i] = d * sv[i] + w * pv[i];
                }
                return Nd4j.createFromArray(sv).reshape(s.shape());
            });
        }
        assertWeights(shadow, m);
        assertFalse(trained.get(11).get("layers.0.weight").equals(m.parameters().get("layers.0.weight").value()),
                "the model holds the average, not the last training weights");
    }

    @Test
    void emaToModelFalseKeepsTheTrainingWeights() {
        Mlp m = model(4);
        List<Map<String, INDArray>> trained = new ArrayList<>();
        TrainingListener snap = new TrainingListener() {
            @Override
            public void onStep(long step, double loss, double lr) {
                trained.add(weights(m));
            }
        };
        Rng rng = Rng.seeded(8);
        Trainer.builder(m).config(steps(5).ema(0.9).emaToModel(false).build()).loss(TrainerTest::regression)
                .listener(snap).build().fit(rng.split(), rng);
        assertWeights(trained.get(4), m);
    }

    private Trainer<Mlp> resumable(Mlp m, Path ckpt, TrainingListener... listeners) {
        TrainerConfig config = TrainerConfig.builder().maxSteps(20)
                .schedule(LrSchedule.cosineByProgress(2e-2, 1e-3).withScaledWarmup(3)).clipNorm(0.5)
                .ema(0.95).emaWarmup(true).validateEvery(4).checkpoint(ckpt).checkpointEvery(6).build();
        Trainer.Builder<Mlp> b = Trainer.builder(m).config(config).loss(TrainerTest::regression)
                .validation(TrainerTest::probeLoss);
        for (TrainingListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    private static double probeLoss(Mlp m) {
        INDArray x = Rng.seeded(77).uniform(-1, 1, DataType.DOUBLE, 32, 2);
        return m.forward(Tensor.constant(x)).square().mean().item();
    }

    @Test
    void resumeContinuesWithIdenticalLosses() throws IOException {
        Recorder full = new Recorder();
        Rng rng = Rng.seeded(11);
        Mlp a = model(12);
        TrainResult whole = resumable(a, dir.resolve("a.f4j"), full).fit(rng.split(), rng);
        assertEquals(List.of(6L, 12L, 18L, 20L), full.checkpoints);

        // the same run, killed at step 9: the checkpoint of step 6 is what is left
        Path ckpt = dir.resolve("b.f4j");
        Recorder first = new Recorder();
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onStep(long step, double loss, double lr) {
                if (step == 9) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        Rng rng2 = Rng.seeded(11);
        assertThrows(IllegalStateException.class,
                () -> resumable(model(12), ckpt, first, kill).fit(rng2.split(), rng2));
        assertEquals(List.of(6L), first.checkpoints);
        assertEquals(full.losses.subList(0, 9), first.losses);

        // a new process: another initialisation, then resume
        Recorder second = new Recorder();
        Mlp b = model(999);
        TrainResult resumed = resumable(b, ckpt, second).resume(ckpt);
        assertEquals(full.losses.subList(6, 20), second.losses, "losses of steps 7..20");
        assertEquals(full.rates.subList(6, 20), second.rates);
        assertEquals(List.of(8L, 12L, 16L, 20L), second.validated);
        assertEquals(whole.steps(), resumed.steps());
        assertEquals(whole.meanLoss(), resumed.meanLoss(), 0.0);
        assertEquals(whole.bestStep(), resumed.bestStep());
        assertEquals(whole.bestScore(), resumed.bestScore(), 0.0);
        assertWeights(weights(a), b);

        // resuming the finished run runs no step and still writes the checkpoint where the configuration says
        Path copy = dir.resolve("c.f4j");
        Recorder third = new Recorder();
        Mlp c = model(5);
        TrainResult again = resumable(c, copy, third).resume(ckpt);
        assertEquals(List.of(), third.losses);
        assertEquals(List.of(20L), third.checkpoints);
        assertEquals(whole.finalLoss(), again.finalLoss(), 0.0);
        assertEquals(20L, again.steps());
        assertWeights(weights(a), c);
        assertTrue(java.nio.file.Files.exists(copy));
    }

    @Test
    void nonFiniteLossStopsWithTheStepAndKeepsTheLastCheckpoint() throws IOException {
        Path ckpt = dir.resolve("nan.f4j");
        Mlp m = model(13);
        byte[][] lastGood = new byte[1][];
        List<Map<String, INDArray>> trained = new ArrayList<>();
        TrainingListener watch = new TrainingListener() {
            @Override
            public void onStep(long step, double loss, double lr) {
                trained.add(weights(m));
            }

            @Override
            public void onCheckpoint(long step, Path file) {
                try {
                    lastGood[0] = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        StepLoss<Mlp> poisoned = ctx -> {
            Tensor l = regression(ctx);
            return ctx.index() == 4 ? l.mul(Double.NaN) : l;
        };
        TrainerConfig config = steps(10).checkpoint(ckpt).checkpointEvery(2).build();
        Rng rng = Rng.seeded(14);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(m).config(config).loss(poisoned).listener(watch).build().fit(rng.split(), rng));
        assertEquals(5, e.step());
        assertTrue(Double.isNaN(e.loss()));
        assertNull(e.parameter());
        assertEquals(0.01, e.learningRate(), 0.0);
        assertTrue(e.getMessage().startsWith("training diverged at step 5: loss is NaN, learning rate 0.01"),
                e.getMessage());
        assertTrue(e instanceof NonFiniteException);
        assertArrayEquals(lastGood[0], Files.readAllBytes(ckpt), "the checkpoint of step 4 is untouched");
        assertEquals(4, Checkpoint.read(ckpt).extras().counters().get("trainer/step"));
        assertWeights(trained.get(3), m);
    }

    @Test
    void aFiniteLossThatExplodesStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        Path ckpt = dir.resolve("boom.f4j");
        StepLoss<Mlp> exploding = ctx -> {
            Tensor l = regression(ctx);
            return ctx.index() >= 6 ? l.mul(1e9) : l;
        };
        TrainerConfig config = steps(10).checkpoint(ckpt).checkpointEvery(3).build();
        Rng rng = Rng.seeded(16);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(model(15)).config(config).loss(exploding).build().fit(rng.split(), rng));
        assertEquals(7, e.step());
        assertTrue(Double.isFinite(e.loss()) && e.loss() > e.limit(), e.getMessage());
        assertTrue(e.limit() >= 1e6, "the limit is 1e6 times the first loss, taken as at least 1");
        assertTrue(e.getMessage().startsWith("training diverged at step 7: loss "), e.getMessage());
        assertTrue(e.getMessage().contains("exploded past") && e.getMessage().contains("learning rate 0.01"),
                e.getMessage());
        assertEquals(6, Checkpoint.read(ckpt).extras().counters().get("trainer/step"), "step 6's checkpoint stays");

        Rng again = Rng.seeded(16);
        TrainerConfig off = steps(10).explosionFactor(0).build();
        TrainResult r = Trainer.builder(model(15)).config(off).loss(exploding).build().fit(again.split(), again);
        assertEquals(10, r.steps(), "explosionFactor(0) switches the check off");
    }

    @Test
    void aLossThatCannotBeComputedAfterTrainingStartedIsDivergence() {
        Mlp m = model(19);
        GradientSource<Mlp> local = GradientSource.local(TrainerTest::regression);
        GradientSource<Mlp> poisoned = ctx -> {
            if (ctx.index() == 3) {
                throw new NonFiniteException("the Hessian must be positive definite; row 0 gives log det NaN");
            }
            return local.compute(ctx);
        };
        Rng rng = Rng.seeded(20);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(m).config(steps(10).build()).gradients(poisoned).build().fit(rng.split(), rng));
        assertEquals(4, e.step());
        assertTrue(Double.isNaN(e.loss()));
        assertTrue(e.getCause() instanceof NonFiniteException);
        assertTrue(e.getMessage().startsWith("training diverged at step 4: the loss could not be computed (the "
                + "Hessian must be positive definite"), e.getMessage());
        GradientSource<Mlp> badFromStart = ctx -> {
            throw new NonFiniteException("x must be finite");
        };
        NonFiniteException first = assertThrows(NonFiniteException.class, () -> Trainer.builder(model(21))
                .config(steps(10).build()).gradients(badFromStart).build().fit(rng.split(), rng));
        assertFalse(first instanceof TrainingDivergedException, "step 1 fails on the data, not on divergence");
    }

    @Test
    void nonFiniteGradientNamesTheParameter() {
        Mlp m = model(15);
        GradientSource<Mlp> local = GradientSource.local(TrainerTest::regression);
        GradientSource<Mlp> poisoned = ctx -> {
            double loss = local.compute(ctx);
            if (ctx.index() == 2) {
                INDArray g = ctx.parameters().get("layers.2.bias").grad();
                g.putScalar(0, Double.POSITIVE_INFINITY);
            }
            return loss;
        };
        Rng rng = Rng.seeded(16);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(m).config(steps(10).clipNorm(1.0).build()).gradients(poisoned).build()
                        .fit(rng.split(), rng));
        assertEquals(3, e.step());
        assertEquals("layers.2.bias", e.parameter());
        assertTrue(Double.isFinite(e.loss()));
        assertTrue(e.getMessage().startsWith("training diverged at step 3: gradient of 'layers.2.bias' is "
                + "Infinity at flat index 0 (loss "), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate 0.01"), e.getMessage());
    }

    @Test
    void validationKeepsTheBestEmaSnapshot() {
        Mlp m = model(17);
        double[] scores = {5, 3, 1, 4, 2};
        int[] calls = {0};
        Map<String, INDArray> atBest = new LinkedHashMap<>();
        Recorder rec = new Recorder();
        TrainerConfig config = steps(10).ema(0.8).validateEvery(2).build();
        Rng rng = Rng.seeded(18);
        TrainResult r = Trainer.builder(m).config(config).loss(TrainerTest::regression).listener(rec)
                .validation(model -> {
                    int i = calls[0]++;
                    if (i == 2) {
                        atBest.putAll(weights(model));   // the EMA weights, swapped in
                    }
                    return scores[i];
                }).build().fit(rng.split(), rng);
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L), rec.validated);
        assertEquals(6, r.bestStep());
        assertEquals(1.0, r.bestScore(), 0.0);
        assertEquals(10, r.steps());
        assertWeights(atBest, m);
    }

    @Test
    void csvLogHasOneRowPerStepWithValidationScores() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        Recorder rec = new Recorder();
        Rng rng = Rng.seeded(19);
        double[] scores = {0.75, 0.5};
        int[] calls = {0};
        try (CsvMetricLog log = CsvMetricLog.create(csv)) {
            Trainer.builder(model(20)).config(steps(4).validateEvery(2).build()).loss(TrainerTest::regression)
                    .validation(x -> scores[calls[0]++]).listener(rec).listener(log).build().fit(rng.split(), rng);
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals(List.of("step,loss,lr,val",
                "1," + rec.losses.get(0) + ",0.01,",
                "2," + rec.losses.get(1) + ",0.01,0.75",
                "3," + rec.losses.get(2) + ",0.01,",
                "4," + rec.losses.get(3) + ",0.01,0.5"), rows);
    }

    @Test
    void customOptimizerAndDefaultsAreUsed() {
        Mlp m = model(21);
        Rng rng = Rng.seeded(22);
        Trainer<Mlp> t = Trainer.builder(m).config(steps(3).build()).loss(TrainerTest::regression)
                .optimizer((params, lr) -> new Sgd(params, SgdConfig.builder().lr(lr).build())).build();
        t.fit(rng.split(), rng);
        assertTrue(t.optimizer() instanceof Sgd);
        assertEquals(3, t.optimizer().stepCount());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> t.fit(rng, rng));
        assertTrue(again.getMessage().contains("already run"), again.getMessage());
    }

    private static void assertRejected(String field, Runnable build) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, build::run);
        assertTrue(e.getMessage().startsWith(field + " must be"), e.getMessage());
    }

    @Test
    void badConfigsNameTheField() {
        assertRejected("maxSteps", () -> steps(-1).build());
        assertRejected("maxSteps", () -> TrainerConfig.builder().schedule(LrSchedule.constant(1)).build());
        assertRejected("timeBudget", () -> steps(1).timeBudget(java.time.Duration.ofSeconds(-1)).build());
        assertRejected("timeBudget", () -> steps(1).timeBudgetSeconds(Double.NaN));
        assertRejected("schedule", () -> TrainerConfig.builder().maxSteps(1).build());
        assertRejected("clipNorm", () -> steps(1).clipNorm(-1).build());
        assertRejected("ema", () -> steps(1).ema(1.0).build());
        assertRejected("emaWarmup", () -> steps(1).emaWarmup(true).build());
        assertRejected("validateEvery", () -> steps(1).validateEvery(-2).build());
        assertRejected("checkpointEvery", () -> steps(1).checkpointEvery(-1).build());
        assertRejected("checkpoint", () -> steps(1).checkpointEvery(5).build());
        assertRejected("lossWindow", () -> steps(1).lossWindow(0).build());
        assertRejected("explosionFactor", () -> steps(1).explosionFactor(2).build());
        assertRejected("explosionFactor", () -> steps(1).explosionFactor(Double.POSITIVE_INFINITY).build());
        assertRejected("clock", () -> steps(1).clock(null).build());
        assertRejected("loss", () -> Trainer.builder(model(1)).config(steps(1).build()).build());
        assertRejected("config", () -> Trainer.builder(model(1)).loss(TrainerTest::regression).build());
        assertRejected("validation", () -> Trainer.builder(model(1)).config(steps(1).validateEvery(1).build())
                .loss(TrainerTest::regression).build());
        assertRejected("data", () -> Trainer.builder(model(1)).config(steps(1).build())
                .loss(TrainerTest::regression).build().fit(null, Rng.seeded(1)));
    }

    @Test
    void resumeRejectsAPlainCheckpoint() throws IOException {
        Path plain = dir.resolve("plain.f4j");
        Mlp m = model(23);
        Checkpoint.save(plain, m, null);
        Trainer<Mlp> t = Trainer.builder(m).config(steps(2).build()).loss(TrainerTest::regression).build();
        var e = assertThrows(io.github.flows4j.core.io.CheckpointMismatchException.class, () -> t.resume(plain));
        assertTrue(e.getMessage().contains("no trainer state"), e.getMessage());
    }

    @Test
    void validationOffTheGridAtTheEndCanBeSkipped() {
        Recorder rec = new Recorder();
        Rng rng = Rng.seeded(24);
        Trainer.builder(model(25)).config(steps(7).validateEvery(3).build()).loss(TrainerTest::regression)
                .validation(TrainerTest::probeLoss).listener(rec).build().fit(rng.split(), rng);
        assertEquals(List.of(3L, 6L, 7L), rec.validated);
        Recorder off = new Recorder();
        Rng rng2 = Rng.seeded(24);
        TrainResult r = Trainer.builder(model(25)).config(steps(7).validateEvery(3).validateAtEnd(false).keepBest(false)
                .build()).loss(TrainerTest::regression).validation(TrainerTest::probeLoss).listener(off).build()
                .fit(rng2.split(), rng2);
        assertEquals(List.of(3L, 6L), off.validated);
        Recorder onGrid = new Recorder();
        Rng rng3 = Rng.seeded(24);
        Trainer.builder(model(25)).config(steps(6).validateEvery(3).validateAtEnd(false).build())
                .loss(TrainerTest::regression).validation(TrainerTest::probeLoss).listener(onGrid).build()
                .fit(rng3.split(), rng3);
        assertEquals(List.of(3L), onGrid.validated, "the last step is not validated even on the grid");
        assertEquals(7, r.bestStep(), "without keepBest the final weights are kept");
        assertEquals(rec.losses, off.losses, "validation does not disturb training");
    }

    @Test
    void aShardedGradientSourcePlugsInWithoutTouchingTheLoop() {
        // what a data-parallel source does: per-shard gradients, averaged and written back with setGrad
        GradientSource<Mlp> sharded = ctx -> {
            INDArray[] xy = batch(ctx);
            Map<String, INDArray> sum = new LinkedHashMap<>();
            double loss = 0;
            for (int s = 0; s < 2; s++) {
                ctx.parameters().values().forEach(Tensor::zeroGrad);
                INDArrayIndex rows = NDArrayIndex.interval(8 * s, 8 * s + 8);
                Tensor l = mse(ctx.model(), xy[0].get(rows, NDArrayIndex.all()).dup(),
                        xy[1].get(rows, NDArrayIndex.all()).dup());
                l.backward();
                loss += l.item() / 2;
                ctx.parameters().forEach((k, p) -> sum.merge(k, p.grad().dup(), INDArray::add));
            }
            ctx.parameters().forEach((k, p) -> p.setGrad(sum.get(k).divi(2)));
            return loss;
        };
        Recorder local = new Recorder();
        Recorder shards = new Recorder();
        Rng rng = Rng.seeded(26);
        Trainer.builder(model(27)).config(steps(25).build()).loss(TrainerTest::regression).listener(local).build()
                .fit(rng.split(), rng);
        Rng rng2 = Rng.seeded(26);
        Trainer.builder(model(27)).config(steps(25).build()).gradients(sharded).listener(shards).build()
                .fit(rng2.split(), rng2);
        for (int i = 0; i < 25; i++) {
            assertEquals(local.losses.get(i), shards.losses.get(i), 1e-12, "step " + (i + 1));
        }
    }
}
