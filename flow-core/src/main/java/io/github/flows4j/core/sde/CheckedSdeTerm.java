package io.github.flows4j.core.sde;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Wraps the user's term for one solve: counts evaluations and checks each result's shape and type. */
final class CheckedSdeTerm implements SdeTerm {
    private final SdeTerm inner;
    private final long[] driftShape;
    private final long[] diffusionShape;
    private final DataType dtype;
    private int evaluations;

    CheckedSdeTerm(SdeTerm inner, long batch, long d, long m, DataType dtype) {
        this.inner = inner;
        this.driftShape = new long[] {batch, d};
        this.diffusionShape = inner.noiseType().diffusionShape(batch, d, m);
        this.dtype = dtype;
    }

    @Override
    public Tensor drift(double t, Tensor y) {
        evaluations++;
        return check("term.drift(t, y)", inner.drift(t, y), driftShape, t);
    }

    @Override
    public Tensor diffusion(double t, Tensor y) {
        evaluations++;
        return check("term.diffusion(t, y) (" + inner.noiseType() + " noise)", inner.diffusion(t, y), diffusionShape,
                t);
    }

    @Override
    public Tensor priorDrift(double t, Tensor y) {
        evaluations++;
        return check("term.priorDrift(t, y)", inner.priorDrift(t, y), driftShape, t);
    }

    @Override
    public boolean hasPriorDrift() {
        return inner.hasPriorDrift();
    }

    @Override
    public NoiseType noiseType() {
        return inner.noiseType();
    }

    @Override
    public SdeType sdeType() {
        return inner.sdeType();
    }

    @Override
    public List<Tensor> parameters() {
        return inner.parameters();
    }

    int evaluations() {
        return evaluations;
    }

    private Tensor check(String what, Tensor v, long[] shape, double t) {
        if (v == null) {
            throw new IllegalStateException(what + " returned null at t = " + t);
        }
        if (!Arrays.equals(v.shape(), shape)) {
            throw ShapeMismatchException.of(what, Arrays.toString(shape), v.shape());
        }
        if (v.dtype() != dtype) {
            throw new DTypeMismatchException(what + " is " + v.dtype() + " but the state is " + dtype);
        }
        return v;
    }
}
