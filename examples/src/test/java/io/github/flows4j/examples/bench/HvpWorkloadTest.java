package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class HvpWorkloadTest {

    @Test
    void hessianVectorProductMatchesCentralDifferenceOfTheGradient() {
        HvpWorkload w = new HvpWorkload();
        w.setUp(Rng.seeded(0));
        Rng rng = Rng.seeded(1);
        INDArray x = rng.normal(DataType.FLOAT, 8, 64);
        INDArray v = rng.normal(DataType.FLOAT, 8, 64);
        double eps = 1e-2;
        double[] gp = HostArrays.toDoubles(w.gradient(x.add(v.mul(eps))));
        double[] gm = HostArrays.toDoubles(w.gradient(x.sub(v.mul(eps))));
        double[] hv = HostArrays.toDoubles(w.hessianVectorProduct(x, v));
        double scale = 0;
        for (double h : hv) {
            scale = Math.max(scale, Math.abs(h));
        }
        assertTrue(scale > 0, "H·v is identically zero");
        for (int i = 0; i < hv.length; i++) {
            double fd = (gp[i] - gm[i]) / (2 * eps);
            assertEquals(fd, hv[i], 2e-2 * scale, "index " + i + ": analytic " + hv[i] + ", numeric " + fd);
        }
    }

    @Test
    void repetitionsAreDeterministicAndFinite() {
        HvpWorkload a = new HvpWorkload();
        HvpWorkload b = new HvpWorkload();
        a.setUp(Rng.seeded(3));
        b.setUp(Rng.seeded(3));
        a.runOnce();
        b.runOnce();
        assertTrue(Double.isFinite(a.lastChecksum()));
        assertEquals(a.lastChecksum(), b.lastChecksum());
        a.runOnce();
        assertEquals(b.lastChecksum(), a.lastChecksum(), "the same inputs give the same H·v every repetition");
    }
}
