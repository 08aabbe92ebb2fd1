package io.github.flows4j.examples.bench;

import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code sample_rk4} workload of WORKLOADS.md: sample 4096 points by integrating the fm2d model's field from
 * t = 0 to 1 with 20 fixed RK4 steps, no gradients — through the library's {@link FlowSampler}.
 *
 * <pre>{@code
 * BenchWorkload w = new SampleRk4Workload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class SampleRk4Workload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "sample_rk4";

    private MlpVelocityField model;
    private FlowSampler sampler;
    private INDArray x0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        model = Fm2dStepWorkload.fmModel(rng);
        sampler = FlowSampler.builder().solve(new Rk4(), SolveOptions.of(ConstantStepSize.steps(0, 1, 20))).build();
        x0 = rng.normal(DataType.FLOAT, 4096, 2);
    }

    @Override
    public void runOnce() {
        sampler.sample(model, x0, null);
    }
}
