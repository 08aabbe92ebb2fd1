package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;

/**
 * The deterministic baseline of an {@link SdeBnn}: the same input layer, hidden dynamics and output layer with one
 * fixed weight vector {@code w} (a neural ODE, Chen et al. 2018), solved by Euler steps of the same size
 * ({@link Ode#solve}). Its predictive distribution is the likelihood at its single output.
 *
 * <pre>{@code
 * OdeNet net = new OdeNet(config, Rng.seeded(0));
 * Tensor y = net.forward(x);                // x: [batch, inputDim] -> [batch, outputDim]
 * int nfe = net.solve(x).stats().functionEvaluations();
 * }</pre>
 */
public final class OdeNet extends Module {
    private final SdeBnnConfig config;
    private final Linear input;
    private final Tensor w;
    private final Linear output;

    /**
     * @param config the architecture (σ, the drift width and the estimator are unused)
     * @param rng    the source of the initial values
     */
    public OdeNet(SdeBnnConfig config, Rng rng) {
        Checks.notNull("config", config);
        Checks.notNull("rng", rng);
        this.config = config;
        this.input = registerModule("input",
                new Linear(config.inputDim(), config.hiddenDim(), true, config.dtype(), rng.split()));
        this.w = registerParameter("w", HiddenField.initialWeights(config, rng.split()));
        this.output = registerModule("output",
                new Linear(config.hiddenDim(), config.outputDim(), true, config.dtype(), rng.split()));
    }

    /**
     * @param x the inputs, {@code [batch, inputDim]}
     * @return the outputs, {@code [batch, outputDim]}
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, inputDim]}
     */
    public Tensor forward(Tensor x) {
        return output.forward(solve(x).y(1));
    }

    /**
     * The hidden solve alone: its states at {@code 0} and {@code t1} and its {@link Solution#stats() cost} (Euler
     * steps, drift evaluations).
     *
     * @param x the inputs, {@code [batch, inputDim]}
     * @return the solve of {@code h} from the input layer's output, states {@code [batch, hiddenDim]}
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, inputDim]}
     */
    public Solution solve(Tensor x) {
        Checks.notNull("x", x);
        long[] s = x.shape();
        if (s.length != 2 || s[1] != config.inputDim()) {
            throw ShapeMismatchException.of("x", "[batch, " + config.inputDim() + "]", s);
        }
        Tensor wb = w.broadcastTo(s[0], w.size(1));
        Term term = Term.of((t, h) -> HiddenField.apply(config, t, h, wb));
        return Ode.solve(term, new Euler(), TimeSpan.of(0, config.t1()), input.forward(x),
                SolveOptions.builder().controller(new ConstantStepSize(config.dt())).build());
    }
}
