package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The physics loss of {@code ncl-fluid}: the incompressible Navier–Stokes momentum residual
 * r = ∂_t u + (u·∇)u + ∇p − νΔu on the periodic square [0, 2π)², computed by automatic differentiation of a
 * model's (u, p) with respect to x and t (graphs kept, so the loss trains the model), and the 2-D Taylor–Green
 * vortex u = (−cos x sin y, sin x cos y)e^{−2νt}, p = −¼(cos 2x + cos 2y)e^{−4νt}, an exact solution.
 *
 * <pre>{@code
 * NavierStokes2d.Terms r = NavierStokes2d.terms(model, x, t, 0.1);   // x: [batch, 2], t: [batch, 1]
 * Tensor loss = r.residual().square().sum(1, true).mean();
 * }</pre>
 */
final class NavierStokes2d {
    private NavierStokes2d() {
    }

    /** A model of the flow: velocity and pressure at (x, t). */
    interface Flow {
        /**
         * @param x points, [batch, 2]
         * @param t times, [batch, 1]
         * @return {u [batch, 2], p [batch, 1]}
         */
        Tensor[] evaluate(Tensor x, Tensor t);
    }

    /** The momentum residual [batch, 2], the velocity divergence [batch, 1] and the velocity [batch, 2]. */
    record Terms(Tensor residual, Tensor divergence, Tensor velocity) {
    }

    /**
     * @param flow the model
     * @param x    points, [batch, 2]
     * @param t    times, [batch, 1]
     * @param nu   the kinematic viscosity
     * @return the residual, divergence and velocity, differentiable in the model's parameters
     */
    static Terms terms(Flow flow, Tensor x, Tensor t, double nu) {
        Tensor xv = x.detach().asVariable();
        Tensor tv = t.detach().asVariable();
        Tensor[] out = flow.evaluate(xv, tv);
        Tensor u = out[0];
        Tensor p = out[1];
        Tensor ones = Tensor.constant(Nd4j.ones(u.dtype(), u.size(0), 1));
        Tensor gp = Autodiff.grad(new Tensor[] {p}, new Tensor[] {xv}, new Tensor[] {ones}, true)[0];
        Tensor[] res = new Tensor[2];
        Tensor div = null;
        for (int i = 0; i < 2; i++) {
            Tensor ui = u.narrow(1, i, 1);
            Tensor[] g = Autodiff.grad(new Tensor[] {ui}, new Tensor[] {xv, tv}, new Tensor[] {ones}, true);
            Tensor gx = g[0];
            Tensor lap = null;
            for (int j = 0; j < 2; j++) {
                Tensor second = Autodiff.grad(new Tensor[] {gx.narrow(1, j, 1)}, new Tensor[] {xv},
                        new Tensor[] {ones}, true)[0].narrow(1, j, 1);
                lap = lap == null ? second : lap.add(second);
            }
            Tensor advection = u.narrow(1, 0, 1).mul(gx.narrow(1, 0, 1)).add(u.narrow(1, 1, 1).mul(gx.narrow(1, 1, 1)));
            res[i] = g[1].add(advection).add(gp.narrow(1, i, 1)).sub(lap.mul(nu));
            Tensor dii = gx.narrow(1, i, 1);
            div = div == null ? dii : div.add(dii);
        }
        return new Terms(Tensor.concat(1, res), div, u);
    }

    /** The Taylor–Green vortex written with tensor ops (for the residual test). */
    static Flow taylorGreen(double nu) {
        return (x, t) -> {
            Tensor cx = x.narrow(1, 0, 1).cos();
            Tensor sx = x.narrow(1, 0, 1).sin();
            Tensor cy = x.narrow(1, 1, 1).cos();
            Tensor sy = x.narrow(1, 1, 1).sin();
            Tensor decay = t.mul(-2 * nu).exp();
            Tensor u = Tensor.concat(1, cx.mul(sy).neg().mul(decay), sx.mul(cy).mul(decay));
            Tensor p = x.narrow(1, 0, 1).mul(2).cos().add(x.narrow(1, 1, 1).mul(2).cos()).mul(-0.25)
                    .mul(t.mul(-4 * nu).exp());
            return new Tensor[] {u, p};
        };
    }

    /**
     * @param x  points, [n, 2]
     * @param t  times, [n, 1]
     * @param nu the viscosity
     * @return the Taylor–Green velocity, [n, 2] float64
     */
    static INDArray taylorGreenVelocity(INDArray x, INDArray t, double nu) {
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] ts = t.castTo(DataType.DOUBLE).data().asDouble();
        int n = ts.length;
        double[] u = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double decay = Math.exp(-2 * nu * ts[i]);
            u[2 * i] = -Math.cos(xs[2 * i]) * Math.sin(xs[2 * i + 1]) * decay;
            u[2 * i + 1] = Math.sin(xs[2 * i]) * Math.cos(xs[2 * i + 1]) * decay;
        }
        return Nd4j.createFromArray(u).reshape(n, 2);
    }
}
