package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.coupling.ExactOtCoupling;
import io.github.flows4j.cnf.coupling.IndependentCoupling;
import io.github.flows4j.cnf.ffjord.MaximumLikelihoodLoss;
import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.CosineScheduler;
import io.github.flows4j.cnf.path.scheduler.LinearVPScheduler;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.VPScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains and evaluates one {@link Fm2dConfig}: Flow Matching (or FFJORD) on a 2-D toy with an MLP velocity field
 * on [x, t] (SiLU), Adam (cosine-decayed over the steps, constant under a time budget), then the exact test NLL by dopri5 at the configured tolerance and the
 * number of function evaluations dopri5 needs to sample at that tolerance.
 *
 * <pre>{@code
 * Fm2dRun run = new Fm2dRun(config);
 * Fm2dRun.Result r = run.train(progressEnabled).evaluate();
 * }</pre>
 */
public final class Fm2dRun {
    private final Fm2dConfig config;
    private final Rng rng;
    private final MlpVelocityField model;
    private final Adam adam;
    private double trainSeconds;
    private int stepsDone;
    private double lastLoss = Double.NaN;

    /**
     * The outcome of a run.
     *
     * @param stepsDone    training steps completed
     * @param trainSeconds training wall time
     * @param lastLoss     mean training loss over the last 100 steps (the FM regression loss or the FFJORD NLL)
     * @param testNll      exact test negative log-likelihood, nats
     * @param nllNfe       function evaluations of the likelihood solve
     * @param sampleNfe    function evaluations of a dopri5 sampling solve at the same tolerance
     */
    public record Result(int stepsDone, double trainSeconds, double lastLoss, double testNll, int nllNfe,
            int sampleNfe) {
    }

    /**
     * @param config the experiment
     */
    public Fm2dRun(Fm2dConfig config) {
        this.config = config;
        this.rng = Rng.seeded(config.seed());
        this.model = MlpVelocityField.builder().dim(2).hidden(config.hidden()).activation(Activation.SILU)
                .dtype(DataType.FLOAT).build(rng.split());
        // cosine decay over the step budget; constant under a wall-time budget (its end is not known in steps)
        LrSchedule schedule = config.timeBudget() > 0 ? LrSchedule.constant(config.lr())
                : LrSchedule.cosine(config.lr(), config.steps(), 0.0);
        this.adam = new Adam(model.parameters(), AdamConfig.builder().lr(schedule).build());
    }

    /** @return the model being trained */
    public MlpVelocityField model() {
        return model;
    }

    /** @return the optimizer (for checkpoints) */
    public Adam optimizer() {
        return adam;
    }

    /**
     * @param progress whether to draw a progress bar on stderr
     * @return this run, trained
     */
    public Fm2dRun train(boolean progress) {
        Rng data = rng.split();
        Rng noise = rng.split();
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(scheduler(config.path())))
                .coupling(config.otCoupling() ? new ExactOtCoupling() : new IndependentCoupling()).build();
        MaximumLikelihoodLoss mle = MaximumLikelihoodLoss.ffjord(1e-5, 1e-5);
        long start = System.nanoTime();
        double window = 0;
        int inWindow = 0;
        String label = config.objective().name().toLowerCase(java.util.Locale.ROOT) + " " + config.dataset().id();
        try (Progress bar = Progress.start(label, config.steps(), progress)) {
            for (int step = 0; step < config.steps(); step++) {
                double loss;
                try (TensorScope scope = TensorScope.open()) {
                    INDArray x1 = config.dataset().sample(config.batch(), data, DataType.FLOAT);
                    adam.zeroGrad();
                    Tensor l = config.objective() == Fm2dConfig.Objective.FM ? fm.loss(model, x1, noise)
                            : mle.loss(model, x1, noise);
                    l.backward();
                    adam.step();
                    loss = l.item();
                }
                window += loss;
                inWindow++;
                if (inWindow == 100) {
                    lastLoss = window / inWindow;
                    window = 0;
                    inWindow = 0;
                }
                bar.step(loss);
                stepsDone = step + 1;
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (config.timeBudget() > 0 && elapsed >= config.timeBudget()) {
                    break;
                }
            }
        }
        if (inWindow > 0 && Double.isNaN(lastLoss)) {
            lastLoss = window / inWindow;
        }
        trainSeconds = (System.nanoTime() - start) / 1e9;
        return this;
    }

    /** @return the test NLL and sampling cost of the trained model */
    public Result evaluate() {
        INDArray test = config.dataset().sample(config.testSize(), Rng.seeded(config.seed() + 1_000_003L),
                DataType.FLOAT);
        SolveSettings solve = evaluation();
        CnfLikelihood lik = CnfLikelihood.builder().solve(solve.solver(), solve.options()).build();
        var ll = lik.evaluate(model, test);
        FlowSampler sampler = FlowSampler.builder().solve(solve.solver(), solve.options()).build();
        Samples s = sampler.sample(model, Rng.seeded(config.seed() + 7).normal(DataType.FLOAT, 2000, 2), null);
        return new Result(stepsDone, trainSeconds, lastLoss, -ll.mean(), ll.stats().functionEvaluations(),
                s.stats().functionEvaluations());
    }

    /** @return the solver and options of every evaluation solve: dopri5 at rtol = atol = {@code --tol} */
    public SolveSettings evaluation() {
        return SolveSettings.of(new Dopri5(), SolveOptions.of(PIController.of(config.tolerance(), config.tolerance())));
    }

    static Scheduler scheduler(Fm2dConfig.PathKind kind) {
        return switch (kind) {
            case CONDOT -> new CondOTScheduler();
            case VP -> new VPScheduler();
            case LINEAR_VP -> new LinearVPScheduler();
            case COSINE -> new CosineScheduler();
        };
    }
}
