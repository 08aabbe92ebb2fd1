package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input gets typed exceptions whose messages name the shapes; scopes release deterministically. */
class ErrorsAndScopesTest {

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor a = Tensor.constant(Nd4j.zeros(DataType.FLOAT, 3, 2));
        Tensor b = Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 2));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        ShapeMismatchException m = assertThrows(ShapeMismatchException.class,
                () -> a.matmul(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 3, 5))));
        assertTrue(m.getMessage().contains("inner dimensions"), m.getMessage());
        assertThrows(ShapeMismatchException.class, () -> a.reshape(5));
        assertThrows(ShapeMismatchException.class, () -> a.narrow(0, 2, 2));
        assertThrows(ShapeMismatchException.class, () -> a.sum(2));
    }

    @Test
    void dtypeMixesAreRejected() {
        Tensor f = Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2));
        Tensor d = Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 2));
        DTypeMismatchException e = assertThrows(DTypeMismatchException.class, () -> f.mul(d));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertEquals(DataType.DOUBLE, f.cast(DataType.DOUBLE).mul(d).dtype());
    }

    @Test
    void gradOfANonScalarNeedsGradOutputs() {
        Tensor x = Tensor.variable(Nd4j.ones(DataType.DOUBLE, 3, 2));
        Tensor y = x.square();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Autodiff.grad(new Tensor[] {y}, new Tensor[] {x}, null, false));
        assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Autodiff.grad(new Tensor[] {y}, new Tensor[] {x},
                new Tensor[] {Tensor.constant(Nd4j.ones(DataType.DOUBLE, 2, 3))}, false));
        assertThrows(ShapeMismatchException.class, y::backward);
    }

    @Test
    void gradWithRespectToConstantsIsAnError() {
        Tensor c = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 2));
        assertThrows(InvalidConfigException.class, () -> Autodiff.grad(c.square().sum(), c));
    }

    @Test
    @SuppressWarnings("try") // the scope releases what the block allocates
    void noGradRecordsNothing() {
        Tensor w = Tensor.variable(Nd4j.ones(DataType.FLOAT, 2, 2));
        Tensor y;
        try (GradMode.Scope s = GradMode.noGrad()) {
            y = w.matmul(w).tanh();
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertNull(y.function());
        assertFalse(y.requiresGrad());
        assertTrue(w.matmul(w).requiresGrad());
    }

    @Test
    void scopeReleasesIntermediatesAndKeepSurvives() {
        Tensor w = Tensor.variable(Nd4j.ones(DataType.FLOAT, 4, 4));
        Tensor inner;
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            inner = w.matmul(w);
            kept = scope.keep(inner.tanh());
            assertTrue(scope.size() >= 1);
        }
        assertTrue(inner.isReleased());
        assertFalse(kept.isReleased());
        assertFalse(w.isReleased(), "leaves made from the caller's arrays are never released");
        TensorReleasedException e = assertThrows(TensorReleasedException.class, inner::value);
        assertTrue(e.getMessage().contains("[4, 4]") && e.getMessage().contains("matmul"), e.getMessage());
        assertEquals(4, kept.value().rows());
    }

    @Test
    void nestedScopesHandKeptTensorsToTheirParent() {
        Tensor x = Tensor.constant(Nd4j.ones(DataType.FLOAT, 2));
        Tensor kept;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                kept = inner.keep(x.mul(2.0));
            }
            assertFalse(kept.isReleased());
            assertEquals(1, outer.size());
        }
        assertTrue(kept.isReleased());
    }

    @Test
    void keptViewsAreCopiedSoTheyOutliveTheirBase() {
        Tensor x = Tensor.constant(Nd4j.createFromArray(1f, 2f, 3f, 4f, 5f, 6f));
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(x.mul(1.0).reshape(2, 3));
        }
        assertEquals(6.0, kept.value().getDouble(1, 2), 0.0);
    }

    @Test
    void detachedAliasesShareTheirBasesLifetime() {
        Tensor w = Tensor.variable(Nd4j.ones(DataType.FLOAT, 3));
        Tensor alias;
        Tensor keptAlias;
        try (TensorScope scope = TensorScope.open()) {
            Tensor y = w.mul(2.0);
            alias = y.detach();
            keptAlias = scope.keep(w.mul(3.0).detach());
            assertFalse(alias.requiresGrad());
        }
        assertTrue(alias.isReleased());
        assertThrows(TensorReleasedException.class, alias::value);
        assertEquals(3.0, keptAlias.value().getDouble(0), 0.0);
    }
}
