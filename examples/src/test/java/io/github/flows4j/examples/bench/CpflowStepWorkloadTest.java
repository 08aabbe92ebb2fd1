package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpflowStepWorkloadTest {

    @Test
    void matchesTheReferenceModelAndReplays() {
        CpflowStepWorkload a = new CpflowStepWorkload();
        a.setUp(Rng.seeded(0));
        // torch_ref.py's Icnn(2, 64, 4): wx 4·(2·64 + 64) + (2 + 1), uz 3·64·64 + 64, plus w0 and w1
        assertEquals(4 * (2 * 64 + 64) + 3 + 3 * 64 * 64 + 64 + 2, a.flow().parameterCount());
        double[] before = HostArrays.toDoubles(a.flow().parameters().get("layers.0.potential.w1").value());
        a.runOnce();
        a.runOnce();
        assertTrue(Double.isFinite(a.lastSurrogateLoss()));
        assertNotEquals(before[0], a.flow().parameters().get("layers.0.potential.w1").value().getDouble(0),
                "Adam moved w1");
        CpflowStepWorkload b = new CpflowStepWorkload();
        b.setUp(Rng.seeded(0));
        b.runOnce();
        b.runOnce();
        assertEquals(a.lastSurrogateLoss(), b.lastSurrogateLoss(), 0.0, "same seed, same steps");
        List<String> names = List.copyOf(a.flow().parameters().keySet());
        assertTrue(names.contains("layers.0.potential.net.z.3.weight"), names.toString());
        Tensor z0 = a.flow().parameters().get("layers.0.potential.net.z.0.weight");
        assertEquals(64, z0.size(0));
    }
}
