package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.CliRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DivfreeStepWorkloadTest {
    @Test
    void stepsLowerTheLossDeterministicallyAndTheFieldStaysDivergenceFree() {
        DivfreeStepWorkload a = new DivfreeStepWorkload();
        DivfreeStepWorkload b = new DivfreeStepWorkload();
        a.setUp(Rng.seeded(0));
        b.setUp(Rng.seeded(0));
        a.runOnce();
        b.runOnce();
        double first = a.lastLoss();
        assertTrue(Double.isFinite(first));
        assertEquals(first, b.lastLoss(), "same seed, same loss");
        for (int i = 0; i < 4; i++) {
            a.runOnce();
        }
        assertTrue(a.lastLoss() < first, "Adam steps on a fixed target lower the loss: " + first + " -> "
                + a.lastLoss());
        // central differences of the float32 field: div v is zero up to the difference error
        INDArray x = Rng.seeded(1).normal(DataType.FLOAT, 4, 3);
        double h = 1e-2;
        double div = 0;
        double scale = 0;
        INDArray d = null;
        for (int j = 0; j < 3; j++) {
            INDArray xp = x.dup();
            INDArray xm = x.dup();
            xp.getColumn(j).addi(h);
            xm.getColumn(j).subi(h);
            INDArray dj = a.field(xp).getColumn(j).sub(a.field(xm).getColumn(j)).divi(2 * h);
            d = d == null ? dj : d.add(dj);
            scale = Math.max(scale, dj.amaxNumber().doubleValue());
        }
        div = d.amaxNumber().doubleValue();
        assertTrue(scale > 1e-4, "the field must vary");
        assertTrue(div < 2e-2 * scale + 1e-4, "max |div v| " + div + " against derivative scale " + scale);
    }

    @Test
    void benchPrintsTheReferenceLine() {
        CliRun r = CliRun.of("bench", "--threads", "1", "--repeats", "1", "--warmup", "3", "divfree_step");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("bench=divfree_step impl=flows4j threads=1 median_ms=\\d+\\.\\d{3} "
                + "min_ms=\\d+\\.\\d{3} repeats=1\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
    }
}
