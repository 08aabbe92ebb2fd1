package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PoliciesTest {
    private static void assertSumsToOneOverParents(Hypergrid g, BackwardPolicy pb) {
        int n = g.stateCount();
        int[] states = new int[n - 1];
        for (int s = 1; s < n; s++) {
            states[s - 1] = s;
        }
        INDArray mask = g.backwardMask(states, DataType.DOUBLE);
        double[][] lp = pb.logProbs(Tensor.constant(g.encode(states, DataType.DOUBLE)), mask).value()
                .toDoubleMatrix();
        for (int i = 0; i < states.length; i++) {
            double sum = 0;
            for (int a = 0; a < g.dim(); a++) {
                if (g.isValidBackward(states[i], a)) {
                    sum += Math.exp(lp[i][a]);
                } else {
                    assertEquals(0, Math.exp(lp[i][a]), 0);
                }
            }
            assertEquals(1, sum, 1e-12, "state " + states[i]);
        }
    }

    @Test
    void backwardLogProbsSumToOneOverParents() {
        Hypergrid g = Hypergrid.of(3, 4, 0.1);
        assertSumsToOneOverParents(g, new UniformBackwardPolicy());
        assertSumsToOneOverParents(g, new MlpPolicy(g.featureDim(), new int[] {16, 16}, g.backwardActionCount(),
                DataType.DOUBLE, Rng.seeded(0)));
        // the uniform one: 1/|Par|
        int s = g.index(1, 1, 0);
        double[] row = new UniformBackwardPolicy().logProbs(Tensor.constant(g.encode(new int[] {s}, DataType.DOUBLE)),
                g.backwardMask(new int[] {s}, DataType.DOUBLE)).value().toDoubleVector();
        assertEquals(Math.log(0.5), row[0], 1e-15);
        assertEquals(Math.log(0.5), row[1], 1e-15);
    }

    @Test
    void forwardLogProbsSumToOneOverValidActions() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        MlpPolicy pf = new MlpPolicy(g.featureDim(), new int[] {16, 16}, g.forwardActionCount(), DataType.DOUBLE,
                Rng.seeded(1));
        int[] states = {0, g.index(2, 0), g.index(2, 2)};
        double[][] lp = pf.logProbs(Tensor.constant(g.encode(states, DataType.DOUBLE)),
                g.forwardMask(states, DataType.DOUBLE)).value().toDoubleMatrix();
        for (int i = 0; i < states.length; i++) {
            double sum = 0;
            for (int a = 0; a < g.forwardActionCount(); a++) {
                sum += Math.exp(lp[i][a]);
            }
            assertEquals(1, sum, 1e-12);
        }
        assertEquals(0, lp[2][2], 1e-12); // at the far corner only stop is valid
    }

    @Test
    void samplerIsDeterministicAndRespectsTheDag() {
        Hypergrid g = Hypergrid.of(3, 5, 0.1);
        GFlowNet gfn = GFlowNet.builder(g).hidden(16).build(Rng.seeded(2));
        TrajectorySampler sampler = new TrajectorySampler(g, new Exploration(0.1, 2));
        Trajectories a = sampler.sample(gfn, 20, Rng.seeded(9));
        Trajectories b = sampler.sample(gfn, 20, Rng.seeded(9));
        for (int i = 0; i < 20; i++) {
            assertEquals(a.length(i), b.length(i));
            assertEquals(a.terminalState(i), b.terminalState(i));
            assertTrue(a.length(i) <= g.maxTrajectoryLength());
            assertEquals(g.stopAction(), a.action(i, a.length(i) - 1));
            // the number of moves equals the sum of the terminal coordinates
            int sum = 0;
            for (int c : g.coordinates(a.terminalState(i))) {
                sum += c;
            }
            assertEquals(sum + 1, a.length(i));
        }
        assertArrayEquals(a.logRewards(), b.logRewards(), 0);
    }
}
