package io.github.flows4j.manifold.manifold;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.rfm.GeodesicPath;
import io.github.flows4j.manifold.rfm.KappaScheduler;
import io.github.flows4j.manifold.rfm.ManifoldLikelihood;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A timing harness, not a timing assertion: prints the best-of-several thread CPU time of the array maps on
 * [1024, d] rows (and of the Tensor maps on constants), one RFM loss + backward step and one likelihood solve. Run with
 * {@code OMP_NUM_THREADS=1 mvn -pl flow-manifold -am test -Dtest=MapTimingTest -DexcludedTestGroups=none}.
 */
@Tag("slow")
class MapTimingTest {
    private static final int ROWS = 1024;
    private static final int REPS = 9;

    /**
     * Runs the harness outside JUnit, e.g. alternately against two builds of the package.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new MapTimingTest().printTimings();
    }

    private static double best(int iters, Runnable r) {
        for (int i = 0; i < iters; i++) {
            r.run();
        }
        // CPU time of this thread: on a shared machine, time spent descheduled does not count
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < REPS; rep++) {
            long t0 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) {
                r.run();
            }
            best = Math.min(best, (clock.getCurrentThreadCpuTime() - t0) / 1e3 / iters);
        }
        return best;
    }

    private static void print(String what, double micros) {
        System.out.println(String.format(Locale.ROOT, "TIMING %-34s %10.1f us", what, micros));
    }

    private static void maps(String name, Manifold m, Rng rng) {
        INDArray x = m.randomBase(rng, DataType.DOUBLE, ROWS);
        INDArray y = m.randomBase(rng, DataType.DOUBLE, ROWS);
        INDArray z = rng.normal(DataType.DOUBLE, ROWS, m.ambientDim());
        INDArray u = m.proju(x, z).mul(0.3);
        int it = 200;
        print(name + " projx", best(it, () -> m.projx(z)));
        print(name + " proju", best(it, () -> m.proju(x, z)));
        print(name + " expmap", best(it, () -> m.expmap(x, u)));
        print(name + " logmap", best(it, () -> m.logmap(x, y)));
        print(name + " dist", best(it, () -> m.dist(x, y)));
        if (m instanceof DifferentiableManifold d) {
            Tensor tx = Tensor.constant(x);
            Tensor ty = Tensor.constant(y);
            Tensor tz = Tensor.constant(z);
            Tensor tu = Tensor.constant(u);
            print(name + " tensor projx", best(it, () -> d.projx(tz).value()));
            print(name + " tensor proju", best(it, () -> d.proju(tx, tz).value()));
            print(name + " tensor expmap", best(it, () -> d.expmap(tx, tu).value()));
            print(name + " tensor logmap", best(it, () -> d.logmap(tx, ty).value()));
        }
    }

    @Test
    @SuppressWarnings("try")
    void printTimings() {
        Rng rng = Rng.seeded(3);
        maps("sphere d=3", new Sphere(3), rng.split());
        maps("torus d=2", new FlatTorus(2), rng.split());
        maps("torus d=100", new FlatTorus(100), rng.split());
        maps("hyperbolic n=2", new Hyperbolic(2), rng.split());
        maps("euclidean d=3", new Euclidean(3), rng.split());

        Sphere s2 = new Sphere(3);
        TangentMlpField field = TangentMlpField.builder(s2).hidden(64, 64).build(rng.split());
        RfmLoss rfm = new RfmLoss(s2, new GeodesicPath(s2, KappaScheduler.linear()));
        Adam adam = Adam.of(field.parameters(), 1e-3);
        INDArray data = s2.randomBase(rng.split(), DataType.FLOAT, 256);
        Rng stepRng = rng.split();
        double[] sink = new double[1];
        print("rfm sphere loss+backward [256]", best(20, () -> {
            try (TensorScope s = TensorScope.open()) {
                adam.zeroGrad();
                Tensor loss = rfm.loss(field, data, stepRng);
                loss.backward();
                adam.step();
                sink[0] += loss.item();
            }
        }));
        ManifoldLikelihood lik = ManifoldLikelihood.builder(s2).build();
        INDArray test = s2.randomBase(rng.split(), DataType.FLOAT, 64);
        print("likelihood sphere [64]", best(1, () -> sink[0] += lik.evaluate(field, test).mean()));
        assertTrue(Double.isFinite(sink[0]));
    }
}
