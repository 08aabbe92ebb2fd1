package io.github.flows4j.voronoi.dequant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.Determinants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

class DequantizationTest {

    private static int[][] uniformData(int n, int vars, int k, Rng rng) {
        int[][] x = new int[n][vars];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < vars; j++) {
                x[i][j] = rng.nextInt(k);
            }
        }
        return x;
    }

    @Test
    void uniformDequantizationBoundOfAUniformPmfEqualsItsEntropy() {
        Rng rng = Rng.seeded(1);
        int k = 7;
        int vars = 3;
        UniformDequantizer q = new UniformDequantizer(vars, k, DataType.DOUBLE);
        // the uniform density on the standardised cube [-2, 2)^3
        LogDensity uniform = z -> Tensor.constant(HostArrays.fromDoubles(
                filled((int) z.size(0), -vars * Math.log(4.0)), DataType.DOUBLE, z.size(0)));
        int[][] x = uniformData(500, vars, k, rng);
        double entropy = vars * Math.log(k) / Math.log(2);
        assertEquals(entropy, DequantizationBound.bits(uniform, q, x, 1, 128, rng.split()), 1e-12);
        assertEquals(entropy, DequantizationBound.bits(uniform, q, x, 10, 128, rng.split()), 1e-12);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"voronoi", "argmax", "simplex", "uniform"})
    void dequantizedPointsDecodeToTheirClasses(String kind) {
        Rng rng = Rng.seeded(2);
        DequantizedModel m = DequantTraining.model(kind, 6, DataType.DOUBLE, rng.split());
        int[][] x = uniformData(300, 2, 6, rng);
        Dequantized d = m.dequantizer().dequantize(x, rng.split());
        assertEquals(m.dequantizer().dim(), d.z().size(1));
        int[][] back = m.dequantizer().quantize(d.z().value());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], back[i], "row " + i);
        }
        for (double v : d.logQ().toDoubleArray()) {
            assertTrue(Double.isFinite(v));
        }
        double bits = m.bits(x, 4, 100, rng.split());
        assertTrue(Double.isFinite(bits) && bits > 0, "bits " + bits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"argmax", "simplex"})
    void thresholdingLogDetEqualsTheTapeJacobian(String kind) {
        Rng rng = Rng.seeded(3);
        int k = 5;
        FlowDequantizer q = (FlowDequantizer) DequantTraining.model(kind, k, DataType.DOUBLE, rng.split())
                .dequantizer();
        int b = q.dim() / 2;
        int n = 40;
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = i % k;
        }
        Tensor y = Tensor.constant(rng.normal(DataType.DOUBLE, n, b).muli(2));
        Tensor jac = Autodiff.jacobian(yy -> q.mapBlock(0, yy, classes).value(), y, false);
        double[] j = HostArrays.toDoubles(jac.value());
        double[] ld = q.mapBlock(0, y, classes).logDet().toDoubleArray();
        for (int i = 0; i < n; i++) {
            assertEquals(Determinants.logAbsDet(j, i * b * b, b), ld[i], 1e-9,
                    kind + " row " + i);
        }
    }

    @Test
    void relabellingKeepsTheEntropyAndRejectsNonPermutations() {
        GridPmf c = GridPmf.cluster10();
        GridPmf s = GridPmf.cluster10Shuffled();
        assertEquals(c.entropyBits(), s.entropyBits(), 1e-12);
        int[] id = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] rev = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        assertEquals(c.probability(2, 2), c.relabeled(rev, id).probability(7, 2), 1e-15);
        assertThrows(InvalidConfigException.class, () -> c.relabeled(new int[] {0, 0, 2, 3, 4, 5, 6, 7, 8, 9}, id));
    }

    @Test
    void gridPmfsHaveTheirEntropies() {
        assertEquals(9.0836, GridPmf.eightGaussians().entropyBits(), 5e-4);
        assertEquals(10.0468, GridPmf.pinwheel().entropyBits(), 5e-4);
        assertEquals(2.0, GridPmf.diagonal(4).entropyBits(), 1e-12);
        assertEquals(Math.log(20) / Math.log(2), GridPmf.cross10().entropyBits(), 1e-12);
        GridPmf c = GridPmf.cluster10();
        int[][] x = c.sample(20000, Rng.seeded(4));
        int centre = 0;
        for (int[] r : x) {
            assertTrue(c.probability(r[0], r[1]) > 0, "sampled a zero-mass cell");
            centre += r[0] == 2 && r[1] == 2 ? 1 : 0;
        }
        assertEquals(c.probability(2, 2), centre / 20000.0, 0.01);
    }

    @Test
    void badDataIsATypedErrorNamingTheEntry() {
        UniformDequantizer q = new UniformDequantizer(2, 5, DataType.DOUBLE);
        Rng rng = Rng.seeded(5);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> q.dequantize(new int[][] {{0, 1}, {2, 5}}, rng));
        assertTrue(e.getMessage().contains("x[1][1]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> q.dequantize(new int[][] {{0, 1, 2}}, rng));
        DequantizedModel m = DequantTraining.model("voronoi", 5, DataType.DOUBLE, rng.split());
        e = assertThrows(InvalidConfigException.class, () -> m.bound(new int[][] {{-1, 0}}, 1, rng));
        assertTrue(e.getMessage().contains("x[0][0]"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> m.bound(new int[][] {{1, 0}}, 0, rng));
    }

    /**
     * The learning test, on categorical data: cluster10 with its classes relabelled, so the grid order that
     * uniform dequantization builds in carries no information (on the ordinal cluster10 and the 91 × 91 pmfs uniform
     * dequantization wins at equal budget — see docs/voronoi.md). Equal steps (400, batch 128), IWAE-10 bits.
     */
    @Test
    void shortVoronoiTrainingBeatsTheUniformBaselineOnCategoricalData() {
        GridPmf pmf = GridPmf.cluster10Shuffled();
        int[][] test = pmf.sample(1000, Rng.seeded(99));
        DequantizedModel vor = DequantTraining.train("voronoi", pmf, 400, 128, 7);
        DequantizedModel uni = DequantTraining.train("uniform", pmf, 400, 128, 7);
        double bv = vor.bits(test, 10, 500, Rng.seeded(1));
        double bu = uni.bits(test, 10, 500, Rng.seeded(1));
        System.out.printf("cluster10-shuffled entropy %.3f voronoi %.4f uniform %.4f%n", pmf.entropyBits(), bv, bu);
        assertTrue(bv < bu, "voronoi " + bv + " bits vs uniform " + bu);
        assertTrue(bv > pmf.entropyBits() - 0.05, "below the entropy: " + bv);
    }
}
