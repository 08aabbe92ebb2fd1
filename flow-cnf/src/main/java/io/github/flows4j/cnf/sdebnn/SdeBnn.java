package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.Sde;
import io.github.flows4j.core.sde.SdeOptions;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;

/**
 * An infinitely deep Bayesian neural network with SDE weights (Xu, Chen, Li &amp; Duvenaud, AISTATS 2022): the hidden
 * state follows {@code dh = f(h, t; w(t)) dt} and the weights follow the variational posterior SDE
 * {@code dw = g_φ(w, t) dt + σ dB} against the Ornstein–Uhlenbeck prior {@code dw = −w dt + σ dB}. The augmented
 * state {@code [h, w, KL]} is solved in one Itô SDE solve ({@link Sde#solve} with {@link EulerMaruyama} and
 * {@code logqp(true)}; the hidden part has zero diffusion and adds nothing to the KL), one independent weight path
 * per row of the batch; the KL between the path measures is Girsanov's {@code ½ ∫ ‖(g_φ + w)/σ‖² dt} plus, for the
 * {@link KlEstimator#STL STL} and {@link KlEstimator#PLAIN plain} estimators, the stochastic integral
 * {@code ∫ u · dB}. The initial weights {@code w(0) = w0} are a learned point; the input and output layers are
 * deterministic. The posterior drift ({@link PosteriorDrift}) starts equal to the prior's.
 *
 * <pre>{@code
 * SdeBnn model = new SdeBnn(SdeBnnConfig.builder().inputDim(1).outputDim(1).dtype(DataType.DOUBLE).build(),
 *         Rng.seeded(0));
 * SdeBnnSample s = model.sample(x, rng);              // x: [batch, 1]
 * Tensor loss = Elbo.gaussian(s, y, 0.1, 1.0, n).neg();
 * }</pre>
 */
public final class SdeBnn extends Module {
    private final SdeBnnConfig config;
    private final int dh;
    private final int dw;
    private final Linear input;
    private final Linear output;
    private final Tensor w0;
    private final PosteriorDrift drift;

    /**
     * @param config the architecture and SDE settings
     * @param rng    the source of the initial values
     */
    public SdeBnn(SdeBnnConfig config, Rng rng) {
        Checks.notNull("config", config);
        Checks.notNull("rng", rng);
        this.config = config;
        this.dh = config.hiddenDim();
        this.dw = config.weightDim();
        this.input = registerModule("input", new Linear(config.inputDim(), dh, true, config.dtype(), rng.split()));
        this.w0 = registerParameter("w0", HiddenField.initialWeights(config, rng.split()));
        this.drift = registerModule("drift",
                new PosteriorDrift(dw, config.driftWidth(), config.dtype(), rng.split()));
        this.output = registerModule("output", new Linear(dh, config.outputDim(), true, config.dtype(), rng.split()));
    }


    /** @return the configuration */
    public SdeBnnConfig config() {
        return config;
    }

    /** @return the deterministic input layer {@code inputDim → d_h} */
    public Linear inputLayer() {
        return input;
    }

    /** @return the posterior drift network */
    public PosteriorDrift posteriorDrift() {
        return drift;
    }

    /** @return the initial weights {@code w0}, {@code [1, d_w]} */
    public Tensor initialWeights() {
        return w0;
    }

    /**
     * The hidden field {@code f(h, t; w)}: {@code W2ᵀ·[act(W1ᵀ·[h, t] + b1), t] + b2} with each row's own weights.
     *
     * @param t the time
     * @param h the hidden state, {@code [batch, d_h]}
     * @param w the weights, {@code [batch, d_w]}
     * @return {@code dh/dt}, {@code [batch, d_h]}
     */
    public Tensor hiddenField(double t, Tensor h, Tensor w) {
        return HiddenField.apply(config, t, h, w);
    }

    /**
     * The augmented term on {@code [h, w]}: drift {@code [f(h, t; w), −w + c_φ(w, t)]}, diagonal diffusion
     * {@code [0, σ]}, prior drift {@code [·, −w]} (the hidden part has zero diffusion and is ignored by logqp).
     *
     * @return the SDE term
     */
    public SdeTerm term() {
        double sigma = config.sigma();
        return SdeTerm.builder()
                .drift((t, y) -> {
                    Tensor h = y.narrow(1, 0, dh);
                    Tensor w = y.narrow(1, dh, dw);
                    return Tensor.concat(1, hiddenField(t, h, w), w.neg().add(drift.correction(t, w, false)));
                })
                .diffusion((t, y) -> Tensor.concat(1, Tensor.zeros(y.dtype(), y.size(0), dh),
                        Tensor.zeros(y.dtype(), y.size(0), dw).add(sigma)))
                .priorDrift((t, y) -> Tensor.concat(1, Tensor.zeros(y.dtype(), y.size(0), dh),
                        y.narrow(1, dh, dw).neg()))
                .noiseType(NoiseType.DIAGONAL)
                .parameters(parameters().values().toArray(new Tensor[0]))
                .build();
    }

    /** @return the step times {@code 0, dt, …, t1} */
    double[] grid() {
        double[] times = new double[config.steps() + 1];
        for (int k = 0; k <= config.steps(); k++) {
            times[k] = config.t1() * k / config.steps();
        }
        return times;
    }

    /**
     * Draws one weight path per row from a fresh Brownian path seeded from {@code rng}, and runs the network.
     *
     * @param x   the inputs, {@code [batch, inputDim]}
     * @param rng the source of the Brownian path's seed
     * @return the output, the KL estimate and the solve
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, inputDim]}
     */
    public SdeBnnSample sample(Tensor x, Rng rng) {
        Checks.notNull("rng", rng);
        checkInput(x);
        BrownianPath path = VirtualBrownianTree.builder().span(0, config.t1()).shape(x.size(0), dh + dw)
                .seed(rng.nextLong()).dtype(config.dtype()).build();
        return sample(x, path);
    }

    /**
     * Runs the network on a given Brownian path (columns {@code d_h …} drive the weights; the others are unused).
     *
     * @param x    the inputs, {@code [batch, inputDim]}
     * @param path a {@code [batch, d_h + d_w]} Brownian path on {@code [0, t1]}
     * @return the output, the KL estimate and the solve
     */
    public SdeBnnSample sample(Tensor x, BrownianPath path) {
        checkInput(x);
        long b = x.size(0);
        Tensor h0 = input.forward(x);
        Tensor y0 = Tensor.concat(1, h0, w0.broadcastTo(b, dw));
        double[] times = grid();
        Solution s = Sde.solve(term(), new EulerMaruyama(), TimeSpan.of(times), y0, path,
                SdeOptions.builder().dt(config.dt()).logqp(true).build());
        Tensor quadratic = s.state(times.length - 1).get(1);
        Tensor kl = quadratic;
        if (config.estimator() != KlEstimator.QUADRATIC) {
            boolean constant = config.estimator() == KlEstimator.STL;
            Tensor ito = null;
            for (int k = 0; k + 1 < times.length; k++) {
                Tensor w = s.y(k).narrow(1, dh, dw);
                Tensor u = drift.correction(times[k], w, constant).div(config.sigma());
                Tensor db = path.increment(times[k], times[k + 1]).w().narrow(1, dh, dw);
                Tensor term = u.mul(db).sum(1, true);
                ito = ito == null ? term : ito.add(term);
            }
            kl = quadratic.add(ito);
        }
        Tensor out = output.forward(s.y(times.length - 1).narrow(1, 0, dh));
        return new SdeBnnSample(out, kl, quadratic, s);
    }

    private void checkInput(Tensor x) {
        Checks.notNull("x", x);
        long[] s = x.shape();
        if (s.length != 2 || s[1] != config.inputDim()) {
            throw ShapeMismatchException.of("x", "[batch, " + config.inputDim() + "]", s);
        }
    }

    @Override
    public String toString() {
        return "SdeBnn[" + config + ", d_w=" + dw + "]";
    }
}
