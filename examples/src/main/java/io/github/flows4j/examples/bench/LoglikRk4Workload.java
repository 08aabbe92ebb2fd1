package io.github.flows4j.examples.bench;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code loglik_rk4} workload of WORKLOADS.md: exact log-likelihood of 1024 checkerboard points under the fm2d
 * model — integrate [x, Δlog p] from data (t = 1) to noise (t = 0) with 20 fixed RK4 steps, the divergence by one
 * vector-Jacobian product per dimension, plus the standard normal log-density — through {@link CnfLikelihood}.
 *
 * <pre>{@code
 * BenchWorkload w = new LoglikRk4Workload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class LoglikRk4Workload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "loglik_rk4";

    private MlpVelocityField model;
    private CnfLikelihood likelihood;
    private INDArray x1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        model = Fm2dStepWorkload.fmModel(rng);
        likelihood = CnfLikelihood.builder().solve(new Rk4(), SolveOptions.of(ConstantStepSize.steps(1, 0, 20)))
                .build();
        x1 = Toy2d.CHECKERBOARD.sample(1024, rng, DataType.FLOAT);
    }

    @Override
    public void runOnce() {
        likelihood.evaluate(model, x1);
    }
}
