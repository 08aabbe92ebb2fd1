package io.github.flows4j.core.ode;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;

/** Wraps the user's term for one solve: counts evaluations and checks each result's structure against y0. */
final class CheckedTerm implements Term {
    private final Term inner;
    private final State like;
    private int evaluations;

    CheckedTerm(Term inner, State like) {
        this.inner = inner;
        this.like = like;
    }

    @Override
    public State vectorField(double t, State y) {
        evaluations++;
        State f = inner.vectorField(t, y);
        if (f == null) {
            throw new IllegalStateException("the vector field (term.vectorField(t, y)) returned null at t = " + t);
        }
        like.requireSameStructure("term.vectorField(t, y)", f);
        return f;
    }

    @Override
    public List<Tensor> parameters() {
        return inner.parameters();
    }

    int evaluations() {
        return evaluations;
    }
}
