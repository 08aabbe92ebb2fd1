package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;

/**
 * The term of a logqp solve: the state {@code [y, l]} ({@code [batch, d + 1]}) with {@code dl = ½ ‖(f − h)/g‖² dt}
 * and no noise on {@code l} (torchsde's augmentation). Needs diagonal noise, so that {@code u = (f − h)/g} is an
 * elementwise quotient; the Brownian path is padded with one zero column to match.
 */
final class LogqpTerm implements SdeTerm {
    private final SdeTerm base;
    private final long d;

    LogqpTerm(SdeTerm base, long d) {
        this.base = base;
        this.d = d;
    }

    @Override
    public Tensor drift(double t, Tensor ya) {
        Tensor y = ya.narrow(1, 0, d);
        Tensor f = base.drift(t, y);
        Tensor u = f.sub(base.priorDrift(t, y)).div(base.diffusion(t, y));
        Tensor kl = u.square().sum(1, true).mul(0.5);
        return Tensor.concat(1, f, kl);
    }

    @Override
    public Tensor diffusion(double t, Tensor ya) {
        Tensor g = base.diffusion(t, ya.narrow(1, 0, d));
        return Tensor.concat(1, g, Tensor.zeros(g.dtype(), g.size(0), 1));
    }

    @Override
    public NoiseType noiseType() {
        return NoiseType.DIAGONAL;
    }

    @Override
    public SdeType sdeType() {
        return base.sdeType();
    }

    @Override
    public List<Tensor> parameters() {
        return base.parameters();
    }
}
