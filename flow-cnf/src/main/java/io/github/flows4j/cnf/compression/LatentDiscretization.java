package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The latent-discretization compression model (Chen, Le, Muckley, Nickel, Ullrich 2022), small enough for a CPU.
 *
 * <ol>
 * <li><b>Encoder</b> over the whole sequence: every frame is embedded, the embeddings' mean is appended to each as
 * context, and a head maps both to a latent {@code z(t_j)} of dimension d; the latent path {@code z(t)} is their
 * linear interpolation in time.</li>
 * <li><b>When to transmit</b>: time is cut into bins of width {@code binWidth}. In LEARNED mode a transmit policy —
 * a temporal point process with intensity {@code lambda_q(s_k | z)} that sees the latent, its first and second
 * differences and the time left — draws the bins that carry a transmission; it is trained by the score function
 * of the whole objective, or ({@link CompressionConfig#localGradient()}) by the local-expectation gradient: every
 * bin's decision is flipped with the rest held fixed and the exact change of the objective weights that bin's
 * transmit-probability gradient. The timestamps are coded under a renewal process {@code lambda_p(age)} (age = time since
 * the last transmission) that the decoder can evaluate: their rate is {@code -log2} of its binned likelihood
 * ({@link PointProcess#binnedLogProb}). In GRID mode every {@code gridEvery}-th bin transmits, for free. The value
 * at time 0 is always sent.</li>
 * <li><b>Values</b>: {@code z(tau_i)} (unit quantisation step) with additive uniform noise in training and
 * rounding when coding; each is coded under the OU prior's transition from the previous transmitted value,
 * {@code N(y_{i-1} e^{-theta h}, sigma^2 (1 - e^{-2 theta h}) / (2 theta))}, integrated over its unit bin (the
 * stationary law for the first): the rate of the values.</li>
 * <li><b>Decoder</b>: at any time t the latent is the OU bridge mean between the transmitted neighbours
 * ({@link OuProcess#bridgeWeights}; after the last one, the forward mean), mapped to a frame by an MLP with a
 * sigmoid output.</li>
 * </ol>
 * Objective: {@code R + lambda D}, R in bits per second of sequence, D the mean squared error per value. All
 * tensors are float64.
 *
 * <pre>{@code
 * CompressionConfig cfg = CompressionConfig.builder().frameSize(6).build();
 * LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(0));
 * Sequence s = CoupledOscillators.builder().count(6).build().sample(Rng.seeded(1)).render(20);
 * RdTerms rd = model.objective(LatentDiscretization.frames(List.of(s)), s.times(), Rng.seeded(2));
 * }</pre>
 */
public final class LatentDiscretization extends Module {
    private static final double LN2 = Math.log(2);
    private static final DataType F64 = DataType.DOUBLE;

    private final CompressionConfig cfg;
    private final Mlp frameEncoder;
    private final Mlp latentHead;
    private final Mlp decoder;
    private final Mlp policy;
    private final Mlp timing;
    private final Tensor logTheta;
    private final Tensor logSigma;
    private final double policyBias;

    /**
     * @param config the sizes and the trade-off
     * @param rng    the source of the initial weights (split once per network)
     */
    public LatentDiscretization(CompressionConfig config, Rng rng) {
        this.cfg = Checks.notNull("config", config);
        Checks.notNull("rng", rng);
        int h = config.hidden();
        int d = config.latentDim();
        frameEncoder = registerModule("frameEncoder", Mlp.builder().sizes(config.frameSize(), h, h)
                .activation(Activation.SILU).outputActivation(Activation.SILU).dtype(F64).build(rng.split()));
        latentHead = registerModule("latentHead", Mlp.builder().sizes(2 * h, h, d).activation(Activation.SILU)
                .dtype(F64).build(rng.split()));
        decoder = registerModule("decoder", Mlp.builder().sizes(d, h, h, config.frameSize())
                .activation(Activation.SILU).outputActivation(Activation.SIGMOID).dtype(F64).build(rng.split()));
        policy = registerModule("policy", Mlp.builder().sizes(3 * d + (config.policyAge() ? 3 : 1), h, 1)
                .activation(Activation.SILU)
                .dtype(F64).build(rng.split()));
        timing = registerModule("timing", Mlp.builder().sizes(2, 16, 1).activation(Activation.SILU).dtype(F64)
                .build(rng.split()));
        logTheta = registerParameter("logTheta", Nd4j.zeros(F64, 1, 1));
        logSigma = registerParameter("logSigma", Nd4j.zeros(F64, 1, d));
        policyBias = Math.log(Math.expm1(config.initRate()));
    }

    /** @return the configuration */
    public CompressionConfig config() {
        return cfg;
    }

    /** @return the OU prior's mean-reversion rate theta, shared by the latent coordinates */
    public double theta() {
        return Math.exp(logTheta.value().getDouble(0));
    }

    /** @return the OU prior's diffusion sigma per latent coordinate */
    public double[] sigma() {
        double[] s = logSigma.value().dup().reshape(cfg.latentDim()).toDoubleVector();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i]);
        }
        return s;
    }

    /**
     * @param duration a sequence's last time, seconds
     * @return the number of transmit bins covering {@code [0, duration]}
     */
    public int bins(double duration) {
        return Math.max(1, (int) Math.ceil(duration / cfg.binWidth() - 1e-9));
    }

    /**
     * @param bin a bin index
     * @return its transmit time, the bin's centre
     */
    public double binTime(int bin) {
        return (bin + 0.5) * cfg.binWidth();
    }

    /**
     * Stacks sequences of equal times into one array.
     *
     * @param sequences at least one, all of the same length and frame size
     * @return {@code [batch, frames, frameSize]}, float64
     */
    public static INDArray frames(List<Sequence> sequences) {
        Checks.notNull("sequences", sequences);
        int b = sequences.size();
        int n = sequences.get(0).length();
        int dim = sequences.get(0).frameSize();
        INDArray x = Nd4j.zeros(F64, b, n, dim);
        for (int i = 0; i < b; i++) {
            Sequence s = sequences.get(i);
            if (s.length() != n || s.frameSize() != dim) {
                throw InvalidConfigException.of("sequences[" + i + "]", n + " frames of " + dim,
                        s.length() + " frames of " + s.frameSize());
            }
            for (int j = 0; j < n; j++) {
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j))
                        .assign(Nd4j.createFromArray(s.frames()[j]));
            }
        }
        return x;
    }

    /**
     * The encoder: latents at the frame times.
     *
     * @param frames {@code [batch, n, frameSize]}
     * @return {@code [batch, n * latentDim]}, row-major per frame
     */
    public Tensor encode(INDArray frames) {
        long[] s = frames.shape();
        if (s.length != 3 || s[2] != cfg.frameSize()) {
            throw ShapeMismatchException.of("frames", "[batch, n, " + cfg.frameSize() + "]", s);
        }
        int b = (int) s[0];
        int n = (int) s[1];
        int h = cfg.hidden();
        Tensor e = frameEncoder.forward(Tensor.constant(frames.reshape(b * n, cfg.frameSize()).castTo(F64)));
        Tensor ctx = e.reshape(b, n, h).mean(1, true).broadcastTo(b, n, h).reshape(b * n, h);
        Tensor z = latentHead.forward(Tensor.concat(1, e, ctx));
        return z.reshape(b, (long) n * cfg.latentDim());
    }

    /**
     * Latents at the bin centres, by linear interpolation of the frame latents in time.
     *
     * @param latents {@code [batch, n * d]} from {@link #encode}
     * @param times   the n frame times
     * @param bins    the number of bins
     * @return {@code [batch, bins * d]}
     */
    public Tensor binLatents(Tensor latents, double[] times, int bins) {
        int d = cfg.latentDim();
        int n = times.length;
        INDArray w = Nd4j.zeros(F64, (long) n * d, (long) bins * d);
        for (int k = 0; k < bins; k++) {
            double t = Math.min(Math.max(binTime(k), times[0]), times[n - 1]);
            int j = 0;
            while (j + 1 < n - 1 && times[j + 1] <= t) {
                j++;
            }
            double a = n == 1 ? 0 : (t - times[j]) / (times[j + 1] - times[j]);
            a = Math.max(0, Math.min(1, a));
            for (int c = 0; c < d; c++) {
                w.putScalar((long) j * d + c, (long) k * d + c, n == 1 ? 1 : 1 - a);
                if (n > 1) {
                    w.putScalar((long) (j + 1) * d + c, (long) k * d + c, a);
                }
            }
        }
        return latents.matmul(Tensor.constant(w));
    }

    /**
     * The transmit policy's intensity per bin (LEARNED mode), from detached latent features — for a policy that
     * does not see the time since the last transmission ({@link CompressionConfig#policyAge()} false).
     *
     * @param binLatents {@code [batch, bins * d]}
     * @param duration   the sequence's last time
     * @return {@code [batch, bins]}, events per second
     */
    public Tensor policyRates(INDArray binLatents, double duration) {
        return policyRates(binLatents, duration, null);
    }

    /**
     * The transmit policy's intensity per bin given which bins transmit (the events enter only through the time
     * since the last transmission, when the policy sees it; an intensity at bin k depends on events before k only).
     *
     * @param binLatents {@code [batch, bins * d]}
     * @param duration   the sequence's last time
     * @param events     0/1 {@code [batch, bins]}; may be null when the policy does not see the age
     * @return {@code [batch, bins]}, events per second
     */
    public Tensor policyRates(INDArray binLatents, double duration, INDArray events) {
        int b = (int) binLatents.size(0);
        int k = (int) (binLatents.size(1) / cfg.latentDim());
        double[] z = binLatents.dup().reshape(binLatents.length()).toDoubleVector();
        double[][] ages = null;
        if (cfg.policyAge()) {
            if (events == null) {
                throw InvalidConfigException.of("events", "non-null when the policy sees the age", null);
            }
            ages = ages(events);
        }
        INDArray feat = Nd4j.zeros(F64, (long) b * k, policyInputs());
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                policyFeatures(feat, (long) i * k + j, z, i, j, k, duration, ages == null ? 0 : ages[i][j]);
            }
        }
        return policy.forward(Tensor.constant(feat)).add(policyBias).softplus().reshape(b, k);
    }

    /**
     * Draws the transmit bins from the policy (LEARNED mode). A policy that sees the age is drawn bin after bin
     * (each bin's intensity depends on the draws before it); otherwise all bins at once.
     *
     * @param binLatents {@code [batch, bins * d]}
     * @param duration   the sequence's last time
     * @param rng        the generator of the draws
     * @return 0/1 {@code [batch, bins]}
     */
    @SuppressWarnings("try")
    public INDArray samplePolicy(INDArray binLatents, double duration, Rng rng) {
        Checks.notNull("rng", rng);
        if (!cfg.policyAge()) {
            return PointProcess.sampleBinned(policyRates(binLatents, duration).value(), cfg.binWidth(), rng);
        }
        int b = (int) binLatents.size(0);
        int k = (int) (binLatents.size(1) / cfg.latentDim());
        double w = cfg.binWidth();
        double[] z = binLatents.dup().reshape(binLatents.length()).toDoubleVector();
        double[][] u = rng.uniform(F64, b, k).toDoubleMatrix();
        double[] last = new double[b];
        INDArray events = Nd4j.zeros(F64, b, k);
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int j = 0; j < k; j++) {
                INDArray feat = Nd4j.zeros(F64, b, policyInputs());
                for (int i = 0; i < b; i++) {
                    policyFeatures(feat, i, z, i, j, k, duration, binTime(j) - last[i]);
                }
                double[] rate = policy.forward(Tensor.constant(feat)).add(policyBias).softplus().value()
                        .dup().reshape(b).toDoubleVector();
                for (int i = 0; i < b; i++) {
                    if (u[i][j] < -Math.expm1(-rate[i] * w)) {
                        events.putScalar(i, j, 1.0);
                        last[i] = binTime(j);
                    }
                }
            }
        }
        return events;
    }

    private int policyInputs() {
        return 3 * cfg.latentDim() + (cfg.policyAge() ? 3 : 1);
    }

    /** One row of policy features: latent, its first and second differences, time left, and (age, log age). */
    private void policyFeatures(INDArray feat, long row, double[] z, int i, int j, int k, double duration,
            double age) {
        int d = cfg.latentDim();
        for (int c = 0; c < d; c++) {
            double cur = z[(i * k + j) * d + c];
            double prev = z[(i * k + Math.max(0, j - 1)) * d + c];
            double next = z[(i * k + Math.min(k - 1, j + 1)) * d + c];
            feat.putScalar(row, c, cur);
            feat.putScalar(row, d + c, (next - prev) / 2);
            feat.putScalar(row, 2L * d + c, next - 2 * cur + prev);
        }
        feat.putScalar(row, 3L * d, (duration - binTime(j)) / Math.max(duration, 1e-9));
        if (cfg.policyAge()) {
            feat.putScalar(row, 3L * d + 1, age);
            feat.putScalar(row, 3L * d + 2, Math.log(age));
        }
    }

    /** Time since the last event (or since 0) at every bin, from the events before it. */
    private double[][] ages(INDArray events) {
        int b = (int) events.size(0);
        int k = (int) events.size(1);
        double[][] e = events.toDoubleMatrix();
        double[][] a = new double[b][k];
        for (int i = 0; i < b; i++) {
            double last = 0;
            for (int j = 0; j < k; j++) {
                a[i][j] = binTime(j) - last;
                if (e[i][j] > 0.5) {
                    last = binTime(j);
                }
            }
        }
        return a;
    }

    /**
     * The grid's transmit indicators (GRID mode): bins {@code gridEvery - 1, 2 gridEvery - 1, ...} and the last.
     *
     * @param batch rows
     * @param bins  columns
     * @return 0/1, {@code [batch, bins]}
     */
    public INDArray gridEvents(int batch, int bins) {
        INDArray e = Nd4j.zeros(F64, batch, bins);
        for (int k = 0; k < bins; k++) {
            if ((k + 1) % cfg.gridEvery() == 0 || k == bins - 1) {
                for (int i = 0; i < batch; i++) {
                    e.putScalar(i, k, 1.0);
                }
            }
        }
        return e;
    }

    /**
     * The timestamp code's intensity (a learned renewal process) in every bin, given which bins transmit.
     *
     * @param events 0/1, {@code [batch, bins]}
     * @return {@code [batch, bins]}, events per second
     */
    public Tensor timingRates(INDArray events) {
        int b = (int) events.size(0);
        int k = (int) events.size(1);
        INDArray feat = Nd4j.zeros(F64, (long) b * k, 2);
        for (int i = 0; i < b; i++) {
            double last = 0;
            for (int j = 0; j < k; j++) {
                double age = binTime(j) - last;
                feat.putScalar((long) i * k + j, 0, age);
                feat.putScalar((long) i * k + j, 1, Math.log(age));
                if (events.getDouble(i, j) > 0.5) {
                    last = binTime(j);
                }
            }
        }
        return timing.forward(Tensor.constant(feat)).add(policyBias).softplus().reshape(b, k);
    }

    /**
     * The timestamp code's intensity in one bin, for the codec.
     *
     * @param age time since the last transmission (or since 0), &gt; 0
     * @return events per second
     */
    @SuppressWarnings("try")
    public double timingRate(double age) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray feat = Nd4j.createFromArray(new double[][] {{age, Math.log(age)}});
            return timing.forward(Tensor.constant(feat)).add(policyBias).softplus().item();
        }
    }

    /**
     * The code length of transmitted values under the OU prior, each integrated over its unit bin.
     *
     * @param values {@code [m, d]}: the values at {@code taus} (rounded, or with uniform noise)
     * @param taus   m increasing transmit times, the first the sequence's start
     * @return rank 0, nats
     */
    public Tensor valueNats(Tensor values, double[] taus) {
        int m = taus.length;
        int d = cfg.latentDim();
        INDArray gap = Nd4j.zeros(F64, m, 1);
        gap.putScalar(0, 0, 1e9);
        for (int i = 1; i < m; i++) {
            gap.putScalar(i, 0, taus[i] - taus[i - 1]);
        }
        Tensor prev = m == 1 ? Tensor.zeros(F64, 1, d)
                : Tensor.concat(0, Tensor.zeros(F64, 1, d), values.narrow(0, 0, m - 1));
        Tensor theta = logTheta.exp();
        Tensor th = theta.mul(Tensor.constant(gap));
        Tensor mean = prev.mul(th.neg().exp());
        Tensor var = logSigma.mul(2).exp().div(theta.mul(2)).mul(th.mul(-2).exp().rsub(1.0));
        Tensor sd = var.add(1e-9).sqrt();
        Tensor upper = values.add(0.5).sub(mean).div(sd).normalCdf();
        Tensor lower = values.sub(0.5).sub(mean).div(sd).normalCdf();
        return upper.sub(lower).clamp(1e-12, 1.0).log().sum().neg();
    }

    /**
     * The decoder: frames at any times from the transmitted values.
     *
     * @param values {@code [m, d]} at {@code taus}
     * @param taus   m increasing transmit times
     * @param at     the times to reconstruct
     * @return {@code [at.length, frameSize]}, values in (0, 1)
     */
    public Tensor reconstruct(Tensor values, double[] taus, double[] at) {
        return decoder.forward(latentMeans(values, taus, at));
    }

    /**
     * The decoder with sampled instead of mean latents: the latent path is drawn from the OU prior conditioned on
     * the transmitted values ({@link OuProcess#samplePath}, per coordinate), then decoded.
     *
     * @param values {@code [m, d]} at {@code taus}
     * @param taus   m increasing transmit times
     * @param at     increasing times to reconstruct, none before {@code taus[0]}
     * @param rng    the generator of the path draws
     * @return {@code [at.length, frameSize]}
     */
    @SuppressWarnings("try")
    public Tensor reconstructSample(Tensor values, double[] taus, double[] at, Rng rng) {
        Checks.notNull("rng", rng);
        int d = cfg.latentDim();
        double[][] v = values.value().toDoubleMatrix();
        double[] sig = sigma();
        INDArray z = Nd4j.zeros(F64, at.length, d);
        for (int c = 0; c < d; c++) {
            double[] known = new double[taus.length];
            for (int i = 0; i < taus.length; i++) {
                known[i] = v[i][c];
            }
            double[] path = new OuProcess(theta(), sig[c]).samplePath(taus, known, at, rng);
            for (int j = 0; j < at.length; j++) {
                z.putScalar(j, c, path[j]);
            }
        }
        return decoder.forward(Tensor.constant(z));
    }

    /**
     * The latents the decoder maps at the given times: the bridge means.
     *
     * @param values {@code [m, d]} at {@code taus}
     * @param taus   m increasing transmit times
     * @param at     the times
     * @return {@code [at.length, d]}
     */
    public Tensor latentMeans(Tensor values, double[] taus, double[] at) {
        return Tensor.constant(bridgeMatrix(taus, at)).matmul(values);
    }

    /**
     * The bridge weights from transmitted values to latents at the given times.
     *
     * @param taus m increasing transmit times
     * @param at   query times
     * @return {@code [at.length, m]}
     */
    public INDArray bridgeMatrix(double[] taus, double[] at) {
        return Nd4j.createFromArray(bridgeWeights(taus, at, theta()));
    }

    /** The bridge weights as plain arrays ({@link #bridgeMatrix}), for the given theta. */
    static double[][] bridgeWeights(double[] taus, double[] at, double theta) {
        OuProcess ou = new OuProcess(theta, 1.0);
        double[][] w = new double[at.length][taus.length];
        for (int j = 0; j < at.length; j++) {
            double t = at[j];
            int i = 0;
            while (i + 1 < taus.length && taus[i + 1] <= t) {
                i++;
            }
            if (t < taus[0]) {
                w[j][0] = 1.0;
            } else if (i + 1 < taus.length) {
                double[] ab = ou.bridgeWeights(taus[i], taus[i + 1], t);
                w[j][i] = ab[0];
                w[j][i + 1] = ab[1];
            } else {
                w[j][i] = Math.exp(-ou.theta() * (t - taus[i]));
            }
        }
        return w;
    }

    /**
     * Transmit times: the start, then the centres of the bins flagged in a row of {@code events}.
     *
     * @param start  the first frame time
     * @param events 0/1 per bin
     * @return increasing times
     */
    public double[] transmitTimes(double start, double[] events) {
        List<Double> taus = new ArrayList<>();
        taus.add(start);
        for (int k = 0; k < events.length; k++) {
            if (events[k] > 0.5 && binTime(k) > start) {
                taus.add(binTime(k));
            }
        }
        return taus.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Bin indices of the transmissions after the start (their times are {@link #binTime}).
     *
     * @param start  the first frame time
     * @param events 0/1 per bin
     * @return the bins whose centre is after the start
     */
    int[] transmitBins(double start, double[] events) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < events.length; k++) {
            if (events[k] > 0.5 && binTime(k) > start) {
                out.add(k);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The training objective on a batch: transmit times drawn (or the grid), values with additive uniform noise,
     * reconstruction at the frame times.
     *
     * @param frames {@code [batch, n, frameSize]}
     * @param times  the n frame times, shared by the batch
     * @param noise  the generator of transmit draws and quantisation noise
     * @return the loss and its parts
     */
    public RdTerms objective(INDArray frames, double[] times, Rng noise) {
        Checks.notNull("noise", noise);
        int b = (int) frames.size(0);
        int n = times.length;
        if (frames.rank() != 3 || frames.size(1) != n) {
            throw ShapeMismatchException.of("frames", "[batch, " + n + ", " + cfg.frameSize() + "]",
                    frames.shape());
        }
        int d = cfg.latentDim();
        double duration = times[n - 1] - times[0];
        int k = bins(times[n - 1]);
        Tensor zf = encode(frames);
        Tensor zb = binLatents(zf, times, k);
        INDArray events;
        Tensor policyLog = null;
        Tensor policyRatesRows = null;
        Tensor timeNats;
        int reps = cfg.mode() == TransmitMode.LEARNED ? cfg.policySamples() : 1;
        int rows = b * reps;
        if (cfg.mode() == TransmitMode.LEARNED && cfg.policyAge()) {
            INDArray zbv = zb.value();
            if (reps > 1) {
                INDArray[] copies = new INDArray[reps];
                java.util.Arrays.fill(copies, zbv);
                zbv = Nd4j.concat(0, copies);
            }
            events = samplePolicy(zbv, times[n - 1], noise.split());
            Tensor rates = policyRates(zbv, times[n - 1], events);
            policyLog = PointProcess.binnedLogProb(rates, events, cfg.binWidth());
            timeNats = PointProcess.binnedLogProb(timingRates(events), events, cfg.binWidth()).neg();
        } else if (cfg.mode() == TransmitMode.LEARNED) {
            Tensor rates = policyRates(zb.value(), times[n - 1]);
            if (reps > 1) {
                Tensor[] copies = new Tensor[reps];
                java.util.Arrays.fill(copies, rates);
                rates = Tensor.concat(0, copies);
            }
            events = PointProcess.sampleBinned(rates.value(), cfg.binWidth(), noise.split());
            policyLog = PointProcess.binnedLogProb(rates, events, cfg.binWidth());
            policyRatesRows = rates;
            timeNats = PointProcess.binnedLogProb(timingRates(events), events, cfg.binWidth()).neg();
        } else {
            events = gridEvents(b, k);
            timeNats = Tensor.zeros(F64, b);
        }
        Rng quant = noise.split();
        Tensor[] valueNats = new Tensor[rows];
        Tensor[] sqErr = new Tensor[rows];
        INDArray[] binNoise = new INDArray[rows];
        boolean local = cfg.localGradient() && cfg.mode() == TransmitMode.LEARNED;
        double transmits = 0;
        for (int j = 0; j < rows; j++) {
            int i = j % b;
            double[] row = events.getRow(j).toDoubleVector();
            double[] taus = transmitTimes(times[0], row);
            int[] idx = transmitBins(times[0], row);
            Tensor z0 = zf.select(0, i).narrow(0, 0, d).reshape(1, d);
            Tensor y = z0;
            if (idx.length > 0) {
                y = Tensor.concat(0, z0, zb.select(0, i).reshape(k, d).indexSelect(idx));
            }
            Tensor noisy;
            if (local) {
                // one noise row per bin (and the start), so a flipped bin reuses the same draws
                binNoise[j] = quant.uniform(-0.5, 0.5, F64, k + 1, d);
                noisy = y.add(Tensor.constant(binNoise[j]).indexSelect(shift(idx)));
            } else {
                noisy = y.add(Tensor.constant(quant.uniform(-0.5, 0.5, F64, taus.length, d)));
            }
            valueNats[j] = valueNats(noisy, taus).reshape(1);
            Tensor rec = reconstruct(noisy, taus, times);
            Tensor target = Tensor.constant(frames.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i))
                    .reshape(n, cfg.frameSize()).castTo(F64));
            sqErr[j] = rec.sub(target).square().mean().reshape(1);
            transmits += taus.length;
        }
        Tensor vBits = Tensor.concat(0, valueNats).div(LN2);
        Tensor tBits = timeNats.div(LN2);
        Tensor mse = Tensor.concat(0, sqErr);
        double seconds = Math.max(duration, cfg.binWidth());
        Tensor perSeq = tBits.add(vBits).div(seconds).add(mse.mul(cfg.lambda()));
        Tensor objective = perSeq.mean();
        Tensor loss = objective;
        if (local && GradMode.isEnabled()) {
            // local-expectation gradient: value 0, gradient sum_k dp_k (L(k sent) - L(k not sent)), per row
            double[][] delta = flipDeltas(frames, times, zf.value(), zb.value(), events, binNoise);
            Tensor p = policyRatesRows.mul(-cfg.binWidth()).exp().rsub(1.0);
            Tensor centred = p.sub(Tensor.constant(p.value().dup()));
            loss = loss.add(centred.mul(Tensor.constant(Nd4j.createFromArray(delta))).sum().div(rows));
        } else if (policyLog != null) {
            INDArray adv = advantages(perSeq.value(), b, reps);
            // score-function (REINFORCE) term: value 0, gradient E[(L - baseline) grad log q(events)]
            Tensor centred = policyLog.sub(Tensor.constant(policyLog.value().dup()));
            loss = loss.add(centred.mul(Tensor.constant(adv)).mean());
        }
        double tb = tBits.value().meanNumber().doubleValue();
        double vb = vBits.value().meanNumber().doubleValue();
        return new RdTerms(loss, objective.item(), tb, vb, (tb + vb) / seconds, mse.value().meanNumber()
                .doubleValue(), transmits / rows);
    }

    /** A row-major copy of an array's values (one bulk read, not one per row). */
    private static double[] flat(INDArray a) {
        return a.castTo(F64).dup('c').data().asDouble();
    }

    /** Noise rows of the transmitted values: the start's (row 0), then bin idx[i]'s (row idx[i] + 1). */
    private static int[] shift(int[] idx) {
        int[] r = new int[idx.length + 1];
        for (int i = 0; i < idx.length; i++) {
            r[i + 1] = idx[i] + 1;
        }
        return r;
    }

    /**
     * For every row and bin, {@code L(bin sent) - L(bin not sent)} with the row's other decisions and quantisation
     * noise held fixed, L being the row's {@code R + lambda D} exactly as {@link #objective} computes it (plain
     * Java, no gradients; one batched decoder pass over all flipped configurations).
     *
     * @param frames   {@code [batch, n, frameSize]}
     * @param times    the n frame times
     * @param zf       frame latents {@code [batch, n * d]}
     * @param zb       bin latents {@code [batch, bins * d]}
     * @param events   0/1 {@code [rows, bins]}, rows a multiple of batch
     * @param binNoise per row, the quantisation noise {@code [bins + 1, d]} (start first)
     * @return {@code [rows][bins]}
     */
    @SuppressWarnings("try")
    double[][] flipDeltas(INDArray frames, double[] times, INDArray zf, INDArray zb, INDArray events,
            INDArray[] binNoise) {
        int b = (int) frames.size(0);
        int n = times.length;
        int d = cfg.latentDim();
        int dim = cfg.frameSize();
        int rows = (int) events.size(0);
        int k = (int) events.size(1);
        double w = cfg.binWidth();
        double theta = theta();
        double[] sig = sigma();
        double seconds = Math.max(times[n - 1] - times[0], w);
        double[][] bitsSent = new double[2][k + 1];
        double[][] bitsIdle = new double[2][k + 1];
        timingTable(k, bitsSent, bitsIdle);
        double[] zfv = flat(zf);
        double[] zbv = flat(zb);
        double[] evFlat = flat(events);
        int configs = k + 1;
        double[] lat = new double[rows * configs * n * d];
        double[] rate = new double[rows * configs];
        for (int j = 0; j < rows; j++) {
            int i = j % b;
            double[] u = flat(binNoise[j]);
            double[] ej = java.util.Arrays.copyOfRange(evFlat, j * k, (j + 1) * k);
            for (int c = 0; c < configs; c++) {
                double[] e = ej.clone();
                if (c < k) {
                    e[c] = 1 - e[c];
                }
                double[] taus = transmitTimes(times[0], e);
                int[] idx = transmitBins(times[0], e);
                double[][] v = new double[taus.length][d];
                for (int a = 0; a < d; a++) {
                    v[0][a] = zfv[i * n * d + a] + u[a];
                }
                for (int m = 0; m < idx.length; m++) {
                    for (int a = 0; a < d; a++) {
                        v[m + 1][a] = zbv[(i * k + idx[m]) * d + a] + u[(idx[m] + 1) * d + a];
                    }
                }
                double timeBits = 0;
                int last = -1;
                for (int q = 0; q < k; q++) {
                    int row = last < 0 ? 0 : 1;
                    int col = last < 0 ? q : q - last;
                    timeBits += e[q] > 0.5 ? bitsSent[row][col] : bitsIdle[row][col];
                    if (e[q] > 0.5) {
                        last = q;
                    }
                }
                rate[j * configs + c] = (timeBits + valueNatsPlain(v, taus, theta, sig) / LN2) / seconds;
                double[][] bw = bridgeWeights(taus, times, theta);
                for (int f = 0; f < n; f++) {
                    int at = ((j * configs + c) * n + f) * d;
                    for (int m = 0; m < taus.length; m++) {
                        if (bw[f][m] != 0) {
                            for (int a = 0; a < d; a++) {
                                lat[at + a] += bw[f][m] * v[m][a];
                            }
                        }
                    }
                }
            }
        }
        double[] rec;
        try (GradMode.Scope off = GradMode.noGrad()) {
            rec = flat(decoder.forward(Tensor.constant(Nd4j.create(lat, new long[] {(long) rows * configs * n, d},
                    'c'))).value());
        }
        double[] x = flat(frames.castTo(F64));
        double[][] loss = new double[rows][configs];
        for (int j = 0; j < rows; j++) {
            int xi = (j % b) * n * dim;
            for (int c = 0; c < configs; c++) {
                double se = 0;
                int ri = (j * configs + c) * n * dim;
                for (int q = 0; q < n * dim; q++) {
                    double diff = rec[ri + q] - x[xi + q];
                    se += diff * diff;
                }
                loss[j][c] = rate[j * configs + c] + cfg.lambda() * se / ((double) n * dim);
            }
        }
        double[][] delta = new double[rows][k];
        for (int j = 0; j < rows; j++) {
            for (int c = 0; c < k; c++) {
                double diff = loss[j][c] - loss[j][k];
                delta[j][c] = evFlat[j * k + c] > 0.5 ? -diff : diff;
            }
        }
        return delta;
    }

    /**
     * Timestamp-code bits of a bin with and without a transmission, by age: row 0 for age {@code (q + 0.5) w}
     * (no transmission yet, bin q), row 1 for age {@code q w} (q bins after the last transmission).
     */
    @SuppressWarnings("try")
    private void timingTable(int k, double[][] sent, double[][] idle) {
        double w = cfg.binWidth();
        INDArray feat = Nd4j.zeros(F64, 2L * (k + 1), 2);
        for (int q = 0; q <= k; q++) {
            double a0 = (q + 0.5) * w;
            double a1 = Math.max(q, 1) * w;
            feat.putScalar(q, 0, a0);
            feat.putScalar(q, 1, Math.log(a0));
            feat.putScalar(k + 1L + q, 0, a1);
            feat.putScalar(k + 1L + q, 1, Math.log(a1));
        }
        double[] r;
        try (GradMode.Scope off = GradMode.noGrad()) {
            r = timing.forward(Tensor.constant(feat)).add(policyBias).softplus().value().dup()
                    .reshape(2L * (k + 1)).toDoubleVector();
        }
        for (int row = 0; row < 2; row++) {
            for (int q = 0; q <= k; q++) {
                double lw = r[row * (k + 1) + q] * w;
                sent[row][q] = -Math.log(-Math.expm1(-lw)) / LN2;
                idle[row][q] = lw / LN2;
            }
        }
    }

    /** {@link #valueNats} in plain Java: values {@code [m][d]} at taus. */
    private static double valueNatsPlain(double[][] v, double[] taus, double theta, double[] sig) {
        double nats = 0;
        for (int m = 0; m < taus.length; m++) {
            double gap = m == 0 ? 1e9 : taus[m] - taus[m - 1];
            double th = theta * gap;
            for (int a = 0; a < v[m].length; a++) {
                double prev = m == 0 ? 0 : v[m - 1][a];
                double mean = prev * Math.exp(-th);
                double sd = Math.sqrt(sig[a] * sig[a] / (2 * theta) * -Math.expm1(-2 * th) + 1e-9);
                double p = SequenceCodec.normalCdf((v[m][a] + 0.5 - mean) / sd)
                        - SequenceCodec.normalCdf((v[m][a] - 0.5 - mean) / sd);
                nats -= Math.log(Math.min(1.0, Math.max(1e-12, p)));
            }
        }
        return nats;
    }

    /**
     * Baselined losses for the score function: with one draw per sequence, minus the batch mean; with several,
     * minus the mean of the other draws of the same sequence (leave-one-out), which removes the sequence's own
     * difficulty from the signal.
     */
    private static INDArray advantages(INDArray losses, int b, int reps) {
        double[] l = losses.toDoubleVector();
        double[] a = new double[l.length];
        if (reps == 1) {
            double mean = java.util.Arrays.stream(l).average().orElse(0);
            for (int j = 0; j < l.length; j++) {
                a[j] = l[j] - mean;
            }
        } else {
            for (int j = 0; j < l.length; j++) {
                int i = j % b;
                double others = 0;
                for (int r = 0; r < reps; r++) {
                    if (r * b + i != j) {
                        others += l[r * b + i];
                    }
                }
                a[j] = l[j] - others / (reps - 1);
            }
        }
        return Nd4j.createFromArray(a).castTo(losses.dataType());
    }
}
