package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;

/** An SDE term from lambdas, made by {@link SdeTerm#builder()}. */
record FieldSdeTerm(Term.TensorField driftField, Term.TensorField diffusionField, NoiseType noiseType,
        SdeType sdeType, Term.TensorField priorField, List<Tensor> parameters) implements SdeTerm {
    FieldSdeTerm {
        parameters = List.copyOf(parameters);
    }

    @Override
    public Tensor drift(double t, Tensor y) {
        return driftField.apply(t, y);
    }

    @Override
    public Tensor diffusion(double t, Tensor y) {
        return diffusionField.apply(t, y);
    }

    @Override
    public boolean hasPriorDrift() {
        return priorField != null;
    }

    @Override
    public Tensor priorDrift(double t, Tensor y) {
        if (priorField == null) {
            return SdeTerm.super.priorDrift(t, y);
        }
        return priorField.apply(t, y);
    }
}
