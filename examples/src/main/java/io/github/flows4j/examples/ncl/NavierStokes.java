package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The physics loss of {@code ncl-fluid}: the incompressible Navier–Stokes momentum residual
 * r = ∂_t u + (u·∇)u + ∇p − νΔu and the divergence div u of a model's velocity u and pressure p at (x, t), in any
 * dimension d = x.size(1) (2 for the Taylor–Green vortex, 3 for the Ethier–Steinman flow; see
 * {@link FluidProblem}), computed by automatic differentiation with respect to x and t. Graphs are kept, so a loss
 * built from the terms trains the model (through second derivatives of u; for a divergence-free model whose u is
 * itself a derivative, through third derivatives of its network).
 *
 * <pre>{@code
 * NavierStokes.Terms r = NavierStokes.terms(model, x, t, 0.1);   // x: [batch, d], t: [batch, 1]
 * Tensor loss = r.residual().square().sum(1, true).mean();
 * }</pre>
 */
final class NavierStokes {
    private NavierStokes() {
    }

    /** A model of the flow: velocity and pressure at (x, t). */
    interface Flow {
        /**
         * @param x points, [batch, d]
         * @param t times, [batch, 1]
         * @return {u [batch, d], p [batch, 1]}
         */
        Tensor[] evaluate(Tensor x, Tensor t);
    }

    /** The momentum residual [batch, d], the velocity divergence [batch, 1] and the velocity [batch, d]. */
    record Terms(Tensor residual, Tensor divergence, Tensor velocity) {
    }

    /**
     * @param flow the model
     * @param x    points, [batch, d]
     * @param t    times, [batch, 1]
     * @param nu   the kinematic viscosity
     * @return the residual, divergence and velocity, differentiable in the model's parameters
     */
    static Terms terms(Flow flow, Tensor x, Tensor t, double nu) {
        int d = (int) x.size(1);
        Tensor xv = x.detach().asVariable();
        Tensor tv = t.detach().asVariable();
        Tensor[] out = flow.evaluate(xv, tv);
        Tensor u = out[0];
        Tensor p = out[1];
        Tensor ones = Tensor.constant(Nd4j.ones(u.dtype(), u.size(0), 1));
        Tensor gp = Autodiff.grad(new Tensor[] {p}, new Tensor[] {xv}, new Tensor[] {ones}, true)[0];
        Tensor[] res = new Tensor[d];
        Tensor div = null;
        for (int i = 0; i < d; i++) {
            Tensor ui = u.narrow(1, i, 1);
            Tensor[] g = Autodiff.grad(new Tensor[] {ui}, new Tensor[] {xv, tv}, new Tensor[] {ones}, true);
            Tensor gx = g[0];
            Tensor lap = null;
            Tensor advection = null;
            for (int j = 0; j < d; j++) {
                Tensor second = Autodiff.grad(new Tensor[] {gx.narrow(1, j, 1)}, new Tensor[] {xv},
                        new Tensor[] {ones}, true)[0].narrow(1, j, 1);
                lap = lap == null ? second : lap.add(second);
                Tensor a = u.narrow(1, j, 1).mul(gx.narrow(1, j, 1));
                advection = advection == null ? a : advection.add(a);
            }
            res[i] = g[1].add(advection).add(gp.narrow(1, i, 1)).sub(lap.mul(nu));
            Tensor dii = gx.narrow(1, i, 1);
            div = div == null ? dii : div.add(dii);
        }
        return new Terms(Tensor.concat(1, res), div, u);
    }

    /**
     * The velocity divergence alone (first derivatives of u only; the model's pressure is evaluated but not used).
     *
     * @param flow the model
     * @param x    points, [batch, d]
     * @param t    times, [batch, 1]
     * @return div u, [batch, 1]
     */
    static Tensor divergence(Flow flow, Tensor x, Tensor t) {
        int d = (int) x.size(1);
        Tensor xv = x.detach().asVariable();
        Tensor u = flow.evaluate(xv, t.detach())[0];
        Tensor ones = Tensor.constant(Nd4j.ones(u.dtype(), u.size(0), 1));
        Tensor div = null;
        for (int i = 0; i < d; i++) {
            Tensor dii = Autodiff.grad(new Tensor[] {u.narrow(1, i, 1)}, new Tensor[] {xv}, new Tensor[] {ones},
                    true)[0].narrow(1, i, 1);
            div = div == null ? dii : div.add(dii);
        }
        return div;
    }
}
