package io.github.flows4j.manifold.ppd;

import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The kernel schedule at one time per row, in float64: α_t, σ_t, their derivatives, and for the compact kernels the
 * concentration κ_t = (α_t/σ_t)² with dκ/dt = 2 (α/σ)(α'σ − ασ')/σ².
 *
 * <pre>{@code
 * KernelTimes s = KernelTimes.of(new CondOTScheduler(0.05), new double[] {0.5}, DataType.DOUBLE);
 * Tensor kappa = s.column(s.kappa());   // [1, 1]
 * }</pre>
 */
record KernelTimes(double[] alpha, double[] sigma, double[] dAlpha, double[] dSigma, double[] kappa,
        double[] dKappa, DataType type) {

    static KernelTimes of(Scheduler schedule, double[] t, DataType type) {
        int n = t.length;
        double[] a = new double[n];
        double[] s = new double[n];
        double[] da = new double[n];
        double[] ds = new double[n];
        double[] k = new double[n];
        double[] dk = new double[n];
        for (int i = 0; i < n; i++) {
            ScalarSchedulerValues v = schedule.at(t[i]);
            a[i] = v.alpha();
            s[i] = v.sigma();
            da[i] = v.dAlpha();
            ds[i] = v.dSigma();
            double r = a[i] / s[i];
            k[i] = r * r;
            dk[i] = 2 * r * (da[i] * s[i] - a[i] * ds[i]) / (s[i] * s[i]);
        }
        return new KernelTimes(a, s, da, ds, k, dk, type);
    }

    int rows() {
        return alpha.length;
    }

    /** @return the values as a constant column, [rows, 1] */
    Tensor column(double[] v) {
        return Tensor.constant(HostArrays.fromDoubles(v, type, v.length, 1));
    }

    /** @return f applied to each row's value, as a constant column */
    Tensor column(double[] v, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return column(out);
    }
}
