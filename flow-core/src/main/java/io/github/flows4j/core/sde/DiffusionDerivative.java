package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The derivative of the diffusion along itself, {@code Σ_j (∂g_{·j}/∂y) g_{·j}} ({@code [batch, d]}), by autodiff:
 * the Milstein correction and the Itô–Stratonovich drift correction are half of it. For diagonal noise it is
 * {@code g ⊙ diag(∂g/∂y)} (one vector-Jacobian product with ones, exact because {@code g_i} depends on {@code y_i}
 * alone); for scalar noise the Jacobian-vector product {@code (∂g/∂y) g}; for general noise one Jacobian-vector
 * product per Brownian dimension; for additive noise zero. With grad mode on and {@code y} or the diffusion's
 * parameters requiring a gradient the result is recorded, so backprop differentiates it again; otherwise it is
 * computed (grad mode is switched on locally) and returned as constants.
 *
 * <pre>{@code
 * Tensor[] gAndGdg = DiffusionDerivative.alongItself(term, t, y);
 * Tensor g = gAndGdg[0];        // the diffusion at (t, y)
 * Tensor gdg = gAndGdg[1];      // Σ_j (∂g_j/∂y) g_j, [batch, d]
 * }</pre>
 */
public final class DiffusionDerivative {
    private DiffusionDerivative() {
    }

    /**
     * @param term the SDE
     * @param t    the time
     * @param y    the state, {@code [batch, d]}
     * @return the diffusion {@code g(t, y)} and {@code Σ_j (∂g_{·j}/∂y) g_{·j}} ({@code [batch, d]})
     */
    @SuppressWarnings("try") // the grad-mode scope is held for its side effect
    public static Tensor[] alongItself(SdeTerm term, double t, Tensor y) {
        NoiseType noise = term.noiseType();
        boolean record = GradMode.isEnabled();
        Tensor plain = null;
        if (record && !y.requiresGrad()) {
            // nothing upstream of y needs a gradient; if the diffusion's parameters do not either, record nothing
            plain = term.diffusion(t, y);
            record = plain.requiresGrad();
        }
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor yv = record && y.requiresGrad() ? y : Tensor.variable(y.value());
            Tensor g = term.diffusion(t, yv);
            Tensor gdg;
            switch (noise) {
                case ADDITIVE:
                    gdg = Tensor.zeros(y.dtype(), y.shape());
                    break;
                case DIAGONAL: {
                    Tensor ones = Tensor.ones(g.dtype(), g.shape());
                    Tensor diag = Autodiff.grad(new Tensor[] {g}, new Tensor[] {yv}, new Tensor[] {ones}, record)[0];
                    gdg = g.mul(diag);
                    break;
                }
                case SCALAR:
                    gdg = jvp(noise.column(g), yv, record);
                    break;
                default: {
                    long m = g.size(2);
                    gdg = null;
                    for (long j = 0; j < m; j++) {
                        Tensor col = g.narrow(2, j, 1).reshape(g.size(0), g.size(1));
                        Tensor part = jvp(col, yv, record);
                        gdg = gdg == null ? part : gdg.add(part);
                    }
                    break;
                }
            }
            if (!record) {
                return new Tensor[] {plain != null ? plain : g.detach(), gdg.detach()};
            }
            return new Tensor[] {g, gdg};
        }
    }

    /** {@code (∂col/∂y) col} by the double-VJP trick. */
    private static Tensor jvp(Tensor col, Tensor yv, boolean record) {
        Tensor u = Tensor.variable(Nd4j.zeros(col.dtype(), col.shape()));
        Tensor ujT = Autodiff.grad(new Tensor[] {col}, new Tensor[] {yv}, new Tensor[] {u}, true)[0];
        return Autodiff.grad(new Tensor[] {ujT}, new Tensor[] {u}, new Tensor[] {col}, record)[0];
    }
}
