package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModuleTest {
    /** Own parameter registered after a child: own parameters still come first (PyTorch's order). */
    static final class Custom extends Module implements Layer {
        final Linear inner;
        final Tensor scale;

        Custom(Rng rng) {
            inner = registerModule("inner", new Linear(2, 2, true, DataType.DOUBLE, rng));
            scale = registerParameter("scale", Nd4j.ones(DataType.DOUBLE, 1, 2));
        }

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x.mul(scale));
        }
    }

    static final class Tied extends Module {
        Tied(Linear shared) {
            registerModule("a", shared);
            registerModule("b", shared);
        }
    }

    @Test
    void ownParametersComeBeforeChildren() {
        Custom m = new Custom(Rng.seeded(0));
        assertEquals(List.of("scale", "inner.weight", "inner.bias"), List.copyOf(m.parameters().keySet()));
        assertEquals(2 + 4 + 2, m.parameterCount());
        assertSame(m.scale, m.parameters().get("scale"));
        assertTrue(m.parameters().get("scale").requiresGrad());
        assertEquals(List.of("inner"), List.copyOf(m.children().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> m.parameters().clear());
    }

    @Test
    void sharedParametersAreListedOnce() {
        Linear shared = new Linear(3, 3, true, DataType.FLOAT, Rng.seeded(0));
        Tied t = new Tied(shared);
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(t.parameters().keySet()));
        assertEquals(12, t.parameterCount());
    }

    @Test
    void sequentialNamesModulesByPosition() {
        Rng rng = Rng.seeded(0);
        Sequential s = Sequential.of(new Linear(2, 4, true, DataType.FLOAT, rng), Activation.RELU,
                x -> x.mul(2.0), new Linear(4, 1, false, DataType.FLOAT, rng));
        assertEquals(List.of("0.weight", "0.bias", "3.weight"), List.copyOf(s.parameters().keySet()));
        assertEquals(4, s.size());
        Tensor y = s.forward(Tensor.constant(Nd4j.ones(DataType.FLOAT, 5, 2)));
        assertEquals(List.of(5L, 1L), List.of(y.shape()[0], y.shape()[1]));
        assertThrows(InvalidConfigException.class, Sequential::of);
    }

    @Test
    void registrationRejectsBadNames() {
        class BadName extends Module {
            BadName(String name) {
                registerParameter(name, Nd4j.zeros(DataType.FLOAT, 1));
            }
        }
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new BadName("a.b"));
        assertTrue(e.getMessage().contains("'a.b'"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> new BadName(""));
        class Duplicate extends Module {
            Duplicate() {
                registerParameter("w", Nd4j.zeros(DataType.FLOAT, 1));
                registerParameter("w", Nd4j.zeros(DataType.FLOAT, 1));
            }
        }
        e = assertThrows(InvalidConfigException.class, Duplicate::new);
        assertTrue(e.getMessage().contains("'w' (already registered)"), e.getMessage());
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Custom m = new Custom(Rng.seeded(1));
        m.forward(Tensor.constant(Nd4j.ones(DataType.DOUBLE, 3, 2))).sum().backward();
        for (Tensor p : m.parameters().values()) {
            assertTrue(p.grad() != null);
        }
        m.zeroGrad();
        for (Tensor p : m.parameters().values()) {
            assertNull(p.grad());
        }
    }
}
