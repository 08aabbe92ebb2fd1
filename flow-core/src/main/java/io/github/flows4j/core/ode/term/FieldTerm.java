package io.github.flows4j.core.ode.term;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import java.util.List;

/** A term from a lambda and its parameter list. */
record FieldTerm(Term.TensorField tensorField, Term.StateField stateField, List<Tensor> parameters) implements Term {
    FieldTerm {
        if (tensorField == null && stateField == null) {
            throw new IllegalArgumentException("field must not be null");
        }
        parameters = List.copyOf(parameters);
    }

    @Override
    public State vectorField(double t, State y) {
        if (stateField != null) {
            return stateField.apply(t, y);
        }
        if (y.size() != 1) {
            throw new ShapeMismatchException("Term.of(TensorField) integrates a one-part state; got " + y.size()
                    + " parts (use Term.ofState for tuple states)");
        }
        Tensor dy = tensorField.apply(t, y.get(0));
        if (dy == null) {
            throw new IllegalStateException("the vector field returned null at t = " + t
                    + "; it must return dy/dt with the shape of y");
        }
        return State.of(dy);
    }
}
