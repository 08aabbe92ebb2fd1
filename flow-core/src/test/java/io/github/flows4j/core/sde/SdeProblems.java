package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.SdeSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test problems with known solutions, and the strong error of a solver on them over a fixed Brownian path. */
final class SdeProblems {
    private SdeProblems() {
    }

    /** dX = mu X dt + sigma X dW (Itô) or ∘dW (Stratonovich), diagonal noise, X: [batch, 1]. */
    static SdeTerm gbm(double mu, double sigma, SdeType type) {
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(mu))
                .diffusion((t, y) -> y.mul(sigma))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(type)
                .build();
    }

    /** X_T of geometric Brownian motion given W_T: the Itô drift loses sigma²/2. */
    static INDArray gbmExact(INDArray x0, double mu, double sigma, SdeType type, double t, INDArray wT) {
        double drift = type == SdeType.ITO ? mu - 0.5 * sigma * sigma : mu;
        return x0.mul(org.nd4j.linalg.ops.transforms.Transforms.exp(wT.mul(sigma).add(drift * t)));
    }

    /**
     * Two components driven by one Brownian motion (scalar noise): dX_i = a_i X_i dt + b_i X_i dW, g: [batch, 2, 1].
     */
    static SdeTerm scalarLinear(double[] a, double[] b, SdeType type) {
        Tensor ta = Tensor.constant(Nd4j.createFromArray(new double[][] {a}));
        Tensor tb = Tensor.constant(Nd4j.createFromArray(new double[][] {b}));
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(ta))
                .diffusion((t, y) -> y.mul(tb).reshape(y.size(0), y.size(1), 1))
                .noiseType(NoiseType.SCALAR)
                .sdeType(type)
                .build();
    }

    static INDArray scalarLinearExact(INDArray x0, double[] a, double[] b, SdeType type, double t, INDArray wT) {
        INDArray out = x0.dup();
        for (int i = 0; i < a.length; i++) {
            double drift = type == SdeType.ITO ? a[i] - 0.5 * b[i] * b[i] : a[i];
            INDArray col = org.nd4j.linalg.ops.transforms.Transforms.exp(wT.mul(b[i]).add(drift * t));
            out.getColumn(i).muli(col.reshape(col.length()));
        }
        return out;
    }

    /**
     * General noise, d = 2, m = 2: dX_i = mu X_i dt + Σ_j s_ij X_i dW_j; g: [batch, 2, 2]. Commutative, so
     * X_i = x_i exp((mu − ½ Σ_j s_ij²) t + Σ_j s_ij W_j) in Itô form.
     */
    static SdeTerm generalLinear(double mu, double[][] s, SdeType type) {
        Tensor ts = Tensor.constant(Nd4j.createFromArray(s).reshape(1, 2, 2));
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(mu))
                .diffusion((t, y) -> y.reshape(y.size(0), 2, 1).mul(ts))
                .noiseType(NoiseType.GENERAL)
                .sdeType(type)
                .build();
    }

    static INDArray generalLinearExact(INDArray x0, double mu, double[][] s, SdeType type, double t, INDArray wT) {
        INDArray out = x0.dup();
        for (int i = 0; i < 2; i++) {
            double q = 0;
            for (int j = 0; j < 2; j++) {
                q += s[i][j] * s[i][j];
            }
            double drift = type == SdeType.ITO ? mu - 0.5 * q : mu;
            INDArray e = wT.getColumn(0).mul(s[i][0]).add(wT.getColumn(1).mul(s[i][1])).add(drift * t);
            out.getColumn(i).muli(org.nd4j.linalg.ops.transforms.Transforms.exp(e));
        }
        return out;
    }

    /** Ornstein–Uhlenbeck dX = −theta X dt + sigma dW: additive noise, g: [batch, 1, 1]. */
    static SdeTerm ou(double theta, double sigma, SdeType type) {
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(-theta))
                .diffusion((t, y) -> Tensor.constant(Nd4j.valueArrayOf(new long[] {y.size(0), 1, 1},
                        sigma).castTo(DataType.DOUBLE)))
                .noiseType(NoiseType.ADDITIVE)
                .sdeType(type)
                .build();
    }

    /**
     * A reference OU solution on the given path: steps of 2^-12 of X ↦ e^{−θh} X + σ (ΔW − θ U), whose error is
     * O(h²) globally, far below the errors measured at the coarse steps.
     */
    static INDArray ouReference(INDArray x0, double theta, double sigma, double t, VirtualBrownianTree w) {
        int n = 1 << 12;
        double h = t / n;
        double decay = Math.exp(-theta * h);
        double[] x = x0.dup().reshape(x0.length()).toDoubleVector();
        for (int k = 0; k < n; k++) {
            double a = k == 0 ? 0 : k * h;
            double b = k == n - 1 ? t : (k + 1) * h;
            BrownianIncrement dw = w.increment(a, b);
            double[] dW = dw.w().value().reshape(x.length).toDoubleVector();
            double[] u = dw.h().value().reshape(x.length).toDoubleVector();
            for (int i = 0; i < x.length; i++) {
                u[i] = (b - a) * (u[i] + 0.5 * dW[i]);
                x[i] = decay * x[i] + sigma * (dW[i] - theta * u[i]);
            }
        }
        return Nd4j.createFromArray(x).reshape(x0.shape());
    }

    /**
     * A nonlinear, non-autonomous SDE with additive, time-dependent noise:
     * dX = (−X + ½ sin 2X + 0.3 t) dt + σ (1 + t/2) dW, g: [batch, 1, 1]. Itô and Stratonovich coincide.
     */
    static SdeTerm nonlinearAdditive(double sigma, SdeType type) {
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(2).sin().mul(0.5).sub(y).add(0.3 * t))
                .diffusion((t, y) -> Tensor.constant(Nd4j.valueArrayOf(new long[] {y.size(0), 1, 1},
                        sigma * (1 + 0.5 * t)).castTo(DataType.DOUBLE)))
                .noiseType(NoiseType.ADDITIVE)
                .sdeType(type)
                .build();
    }

    /**
     * A reference solution of {@link #nonlinearAdditive} on the given path: Rößler's SRA1 written out on plain
     * arrays, at steps of 2^-11 (strong error ~1e-5 of the coarse errors' scale).
     */
    static INDArray nonlinearAdditiveReference(INDArray x0, double sigma, double t, VirtualBrownianTree w) {
        int n = 1 << 11;
        double h = t / n;
        double[] x = x0.dup().reshape(x0.length()).toDoubleVector();
        for (int k = 0; k < n; k++) {
            double a = k * h;
            double b = k == n - 1 ? t : (k + 1) * h;
            BrownianIncrement dw = w.increment(a, b);
            double[] dW = dw.w().value().reshape(x.length).toDoubleVector();
            double[] u = dw.h().value().reshape(x.length).toDoubleVector();
            for (int i = 0; i < x.length; i++) {
                u[i] = (b - a) * (u[i] + 0.5 * dW[i]);
            }
            double g1 = sigma * (1 + 0.5 * b);
            double g0 = sigma * (1 + 0.5 * a);
            for (int i = 0; i < x.length; i++) {
                double f0 = drift(a, x[i]);
                double stage = x[i] + 0.75 * f0 * h + 1.5 * g1 * u[i] / h;
                double f1 = drift(a + 0.75 * h, stage);
                x[i] = x[i] + (f0 / 3 + 2 * f1 / 3) * h + g1 * (dW[i] - u[i] / h) + g0 * u[i] / h;
            }
        }
        return Nd4j.createFromArray(x).reshape(x0.shape());
    }

    private static double drift(double t, double x) {
        return -x + 0.5 * Math.sin(2 * x) + 0.3 * t;
    }

    /** Mean over the batch of the Euclidean norm of each row's error at the end time, for each step 2^-k T. */
    @SuppressWarnings("try")
    static double[] strongErrors(SdeTerm term, SdeSolver solver, INDArray x0, VirtualBrownianTree w, double t,
            int[] ks, INDArray exact) {
        double[] errors = new double[ks.length];
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < ks.length; i++) {
                double dt = t / (1 << ks[i]);
                INDArray y = Sde.solve(term, solver, TimeSpan.of(0, t), Tensor.constant(x0), w,
                        SdeOptions.builder().dt(dt).build()).y(1).value();
                INDArray diff = y.sub(exact);
                errors[i] = meanRowNorm(diff);
            }
        }
        return errors;
    }

    private static double meanRowNorm(INDArray diff) {
        double[][] rows = diff.toDoubleMatrix();
        double s = 0;
        for (double[] r : rows) {
            double q = 0;
            for (double v : r) {
                q += v * v;
            }
            s += Math.sqrt(q);
        }
        return s / rows.length;
    }

    static double[] steps(double t, int[] ks) {
        double[] h = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            h[i] = t / (1 << ks[i]);
        }
        return h;
    }

    static INDArray constant(long batch, long d, double v) {
        return Nd4j.valueArrayOf(new long[] {batch, d}, v).castTo(DataType.DOUBLE);
    }
}
