package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

/** The assignment solver against brute force, a greedy baseline, ties, extreme values and bad input. */
class LinearAssignmentTest {

    @Test
    void javadocExample() {
        LinearAssignment.Result r = LinearAssignment.solve(new double[][] {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}});
        assertArrayEquals(new int[] {1, 0, 2}, r.columns());
        assertEquals(5.0, r.cost());
        assertArrayEquals(new int[] {1, 0, 2}, r.rows());
    }

    @Test
    void matchesBruteForceOnContinuousCosts() {
        Rng rng = Rng.seeded(1);
        for (int trial = 0; trial < 600; trial++) {
            int n = 1 + rng.nextInt(7);
            double[][] c = new double[n][n];
            for (double[] row : c) {
                for (int j = 0; j < n; j++) {
                    row[j] = 10 * rng.nextGaussian();
                }
            }
            check(c, "continuous trial " + trial);
        }
    }

    @Test
    void matchesBruteForceWithManyTies() {
        Rng rng = Rng.seeded(2);
        for (int trial = 0; trial < 600; trial++) {
            int n = 1 + rng.nextInt(7);
            double[][] c = new double[n][n];
            for (double[] row : c) {
                for (int j = 0; j < n; j++) {
                    row[j] = rng.nextInt(3);   // values in {0, 1, 2}: many optimal assignments
                }
            }
            check(c, "ties trial " + trial);
        }
        double[][] constant = new double[6][6];
        for (double[] row : constant) {
            java.util.Arrays.fill(row, 3.5);
        }
        assertEquals(21.0, LinearAssignment.solve(constant).cost(), 0.0);
    }

    @Test
    void matchesBruteForceOnSquaredEuclideanCosts() {
        Rng rng = Rng.seeded(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rng.nextInt(6);
            int d = 1 + rng.nextInt(3);
            double[] a = new double[n * d];
            double[] b = new double[n * d];
            for (int k = 0; k < a.length; k++) {
                a[k] = rng.nextGaussian();
                b[k] = rng.nextGaussian() + 1;
            }
            double[] flat = PairwiseCost.squaredEuclidean(a, b, d);
            double[][] c = new double[n][];
            for (int i = 0; i < n; i++) {
                c[i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
            }
            check(c, "euclidean trial " + trial);
            assertEquals(LinearAssignment.solve(c), LinearAssignment.solve(flat, n), "flat and nested agree");
        }
    }

    @Test
    void beatsOrEqualsGreedyAndIsStrictlyBetterOnAKnownTrap() {
        Rng rng = Rng.seeded(4);
        int strictlyBetter = 0;
        for (int trial = 0; trial < 50; trial++) {
            int n = 50;
            double[] c = new double[n * n];
            for (int k = 0; k < c.length; k++) {
                c[k] = rng.nextDouble();
            }
            double optimal = LinearAssignment.solve(c, n).cost();
            double greedy = greedy(c, n);
            assertTrue(optimal <= greedy + 1e-12, "optimal " + optimal + " > greedy " + greedy);
            if (optimal < greedy - 1e-9) {
                strictlyBetter++;
            }
        }
        assertTrue(strictlyBetter > 40, "greedy should rarely be optimal at n = 50; was beaten " + strictlyBetter);
        // Greedy takes (0,0) = 0 and is then forced into (1,1) = 100; optimal is 1 + 1.
        assertEquals(2.0, LinearAssignment.solve(new double[][] {{0, 1}, {1, 100}}).cost());
        assertEquals(100.0, greedy(new double[] {0, 1, 1, 100}, 2));
    }

    @Test
    void handlesNegativeAndLargeMagnitudeCosts() {
        double[][] c = {{-1e12, 5e11, 3}, {7e11, -2e12, 1}, {0, 4, -9e11}};
        double[][] copy = {c[0].clone(), c[1].clone(), c[2].clone()};
        check(c, "large magnitudes");
        assertArrayEquals(copy, c, "the caller's matrix is not modified");
        assertArrayEquals(new int[] {0}, LinearAssignment.solve(new double[][] {{-3}}).columns());
    }

    @Test
    void solvesTwoThousandUniformCostsInSeconds() {
        int n = 2000;
        Rng rng = Rng.seeded(5);
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.nextDouble();
        }
        long t0 = System.nanoTime();
        LinearAssignment.Result r = LinearAssignment.solve(c, n);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("LinearAssignment n=%d uniform costs: %.3f s, cost %.4f%n", n, seconds, r.cost());
        assertPermutation(r.columns());
        // The optimum of uniform[0,1) assignment tends to pi^2/6 (Aldous 2001).
        assertEquals(Math.PI * Math.PI / 6, r.cost(), 0.1);
        assertTrue(r.cost() <= greedy(c, n));
    }

    @Test
    void hasNoImprovingCycleOnLargerStructuredProblems() {
        Rng rng = Rng.seeded(6);
        for (int n : new int[] {30, 60, 120}) {
            for (int trial = 0; trial < 3; trial++) {
                // Clustered 2-D points with exact duplicates: low-rank, heavily tied costs.
                double[] a = new double[2 * n];
                double[] b = new double[2 * n];
                for (int i = 0; i < n; i++) {
                    int src = i % 7 == 0 && i > 0 ? i - 1 : i;
                    a[2 * i] = src == i ? rng.nextGaussian() : a[2 * src];
                    a[2 * i + 1] = src == i ? rng.nextGaussian() : a[2 * src + 1];
                    b[2 * i] = 3 + 0.2 * rng.nextInt(4);
                    b[2 * i + 1] = 0.2 * rng.nextInt(4);
                }
                double[] c = PairwiseCost.squaredEuclidean(a, b, 2);
                LinearAssignment.Result r = LinearAssignment.solve(c, n);
                assertPermutation(r.columns());
                assertNoNegativeCycle(c, n, r.columns(), "n " + n + " trial " + trial);
                assertTrue(r.cost() <= greedy(c, n) + 1e-9);
            }
        }
    }

    @Test
    void outlyingCostsDoNotDerailTheSolver() {
        Rng rng = Rng.seeded(7);
        int n = 80;
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
            c[k] = rng.nextDouble();
        }
        c[17] = 1e9;
        c[n * 40 + 3] = -1e9;
        LinearAssignment.Result r = LinearAssignment.solve(c, n);
        assertEquals(3, r.columnOf(40), "the huge negative entry is always taken");
        assertTrue(r.columnOf(0) != 17, "the huge positive entry never is");
        assertNoNegativeCycle(c, n, r.columns(), "outliers");
    }

    @Test
    void extremeRangesSolveOrFailTyped() {
        LinearAssignment.Result r = LinearAssignment.solve(new double[][] {{1e300, -1e300}, {-1e300, 1e300}});
        assertArrayEquals(new int[] {1, 0}, r.columns());
        assertEquals(-2e300, r.cost());
        double big = Double.MAX_VALUE;
        try {
            LinearAssignment.Result s = LinearAssignment.solve(new double[][] {{big, -big}, {-big, big}});
            assertArrayEquals(new int[] {1, 0}, s.columns());
        } catch (NonFiniteException expected) {
            assertTrue(expected.getMessage().contains("rescale"), expected.getMessage());
        }
    }

    @Test
    void rejectsBadInput() {
        ShapeMismatchException ragged = assertThrows(ShapeMismatchException.class,
                () -> LinearAssignment.solve(new double[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().startsWith("cost[1] must have shape [2]"), ragged.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> LinearAssignment.solve(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        assertThrows(ShapeMismatchException.class, () -> LinearAssignment.solve(new double[0][]));
        assertThrows(ShapeMismatchException.class, () -> LinearAssignment.solve(new double[6], 2));
        assertThrows(ShapeMismatchException.class, () -> LinearAssignment.solve(new double[0], 0));
        NonFiniteException nan = assertThrows(NonFiniteException.class,
                () -> LinearAssignment.solve(new double[][] {{1, 2}, {Double.NaN, 4}}));
        assertEquals("cost must be finite; found NaN at [1, 0]", nan.getMessage());
        NonFiniteException inf = assertThrows(NonFiniteException.class,
                () -> LinearAssignment.solve(new double[] {1, Double.POSITIVE_INFINITY, 3, 4}, 2));
        assertTrue(inf.getMessage().contains("Infinity at [0, 1]"), inf.getMessage());
    }

    @Test
    void resultIsImmutable() {
        LinearAssignment.Result r = LinearAssignment.solve(new double[][] {{1, 0}, {0, 1}});
        r.columns()[0] = 7;
        assertEquals(1, r.columnOf(0));
    }

    private static void check(double[][] c, String label) {
        int n = c.length;
        LinearAssignment.Result r = LinearAssignment.solve(c);
        int[] cols = r.columns();
        assertPermutation(cols);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += c[i][cols[i]];
        }
        assertEquals(sum, r.cost(), 0.0, label + ": reported cost is the assignment's cost");
        double best = bruteForce(c);
        assertEquals(best, r.cost(), 1e-9 * Math.max(1, Math.abs(best)), label);
    }

    /**
     * Optimality certificate: no cycle of reassignments lowers the cost. Moving row {@code σ⁻¹(a)} from column
     * {@code a} to column {@code j} is an edge {@code a -> j} of weight {@code C[σ⁻¹(a)][j] - C[σ⁻¹(a)][a]};
     * Floyd–Warshall finds any negative cycle.
     */
    private static void assertNoNegativeCycle(double[] c, int n, int[] cols, String label) {
        int[] rowOf = new int[n];
        for (int i = 0; i < n; i++) {
            rowOf[cols[i]] = i;
        }
        double[][] d = new double[n][n];
        for (int a = 0; a < n; a++) {
            int i = rowOf[a];
            for (int j = 0; j < n; j++) {
                d[a][j] = c[i * n + j] - c[i * n + a];
            }
        }
        for (int k = 0; k < n; k++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    d[a][b] = Math.min(d[a][b], d[a][k] + d[k][b]);
                }
            }
        }
        for (int a = 0; a < n; a++) {
            assertTrue(d[a][a] > -1e-9, label + ": improving cycle through column " + a + " of gain " + d[a][a]);
        }
    }

    static void assertPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int j : p) {
            assertTrue(j >= 0 && j < p.length && !seen[j], "not a permutation at column " + j);
            seen[j] = true;
        }
    }

    private static double bruteForce(double[][] c) {
        int n = c.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return permute(c, p, 0);
    }

    private static double permute(double[][] c, int[] p, int k) {
        if (k == p.length) {
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                s += c[i][p[i]];
            }
            return s;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = k; i < p.length; i++) {
            swap(p, k, i);
            best = Math.min(best, permute(c, p, k + 1));
            swap(p, k, i);
        }
        return best;
    }

    private static void swap(int[] p, int a, int b) {
        int t = p[a];
        p[a] = p[b];
        p[b] = t;
    }

    /** Rows in order, each taking its cheapest unused column. */
    static double greedy(double[] c, int n) {
        boolean[] used = new boolean[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (!used[j] && (best < 0 || c[i * n + j] < c[i * n + best])) {
                    best = j;
                }
            }
            used[best] = true;
            total += c[i * n + best];
        }
        return total;
    }
}
