package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;

/**
 * A term rewritten in the other calculus: the same process, the drift corrected by
 * {@code ± ½ Σ_j (∂g_{·j}/∂y) g_{·j}} ({@code f_Itô = f_Strat + ½ ...}).
 */
record ConvertedSdeTerm(SdeTerm base, SdeType sdeType) implements SdeTerm {

    @Override
    public Tensor drift(double t, Tensor y) {
        Tensor f = base.drift(t, y);
        if (base.noiseType() == NoiseType.ADDITIVE) {
            return f;
        }
        Tensor half = DiffusionDerivative.alongItself(base, t, y)[1].mul(0.5);
        return sdeType == SdeType.ITO ? f.add(half) : f.sub(half);
    }

    @Override
    public Tensor diffusion(double t, Tensor y) {
        return base.diffusion(t, y);
    }

    @Override
    public NoiseType noiseType() {
        return base.noiseType();
    }

    @Override
    public List<Tensor> parameters() {
        return base.parameters();
    }

    @Override
    public boolean hasPriorDrift() {
        return base.hasPriorDrift();
    }

    /** The prior shares the diffusion, so it takes the same correction (and the KL integrand is unchanged). */
    @Override
    public Tensor priorDrift(double t, Tensor y) {
        Tensor h = base.priorDrift(t, y);
        if (base.noiseType() == NoiseType.ADDITIVE) {
            return h;
        }
        Tensor half = DiffusionDerivative.alongItself(base, t, y)[1].mul(0.5);
        return sdeType == SdeType.ITO ? h.add(half) : h.sub(half);
    }
}
