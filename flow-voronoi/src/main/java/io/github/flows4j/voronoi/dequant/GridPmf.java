package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * A probability mass function on a K × K grid: two categorical variables with K classes each, the discrete 2-D
 * benchmarks of Chen, Amos &amp; Nickel (2022, §5.1). Exact entropy, exact sampling by inversion.
 *
 * <p>The discretisations are our own (the anchor ships empirical CSVs):
 * <ul>
 *   <li>{@link #eightGaussians()}: 91 × 91, mass ∝ the density at the grid points of eight isotropic Gaussians
 *       (σ = 2 cells) centred on a circle of radius 40 cells about the centre cell; 9.084 bits (the anchor's CSV:
 *       9.118 bits);</li>
 *   <li>{@link #pinwheel()}: 91 × 91 bins over [−4.5, 4.5]², mass of the pinwheel distribution (5 arms, radial
 *       σ 0.3, tangential σ 0.1, rate 0.25, scale 2 — the usual toy) per bin by quadrature on a 600 × 300 grid of
 *       its Gaussian latent per arm; 10.047 bits (the anchor's CSV: 10.016 bits);</li>
 *   <li>{@link #cluster10()}, {@link #diagonal(int)}, {@link #cross10()}: the small toys, and
 *       {@link #cluster10Shuffled()}, cluster10 with its classes relabelled (categorical, not ordinal).</li>
 * </ul>
 *
 * <pre>{@code
 * GridPmf pmf = GridPmf.eightGaussians();
 * double h = pmf.entropyBits();                 // 9.084
 * int[][] x = pmf.sample(256, rng);             // 256 rows of (row, column)
 * }</pre>
 */
public final class GridPmf {
    private final int size;
    private final double[] p;
    private final double[] cdf;

    /**
     * @param mass K × K non-negative weights, row-major (normalised here; copied)
     * @throws InvalidConfigException if mass is not square, has a negative or non-finite entry, or sums to 0
     */
    public GridPmf(double[][] mass) {
        Checks.notNull("mass", mass);
        int k = mass.length;
        if (k < 2) {
            throw InvalidConfigException.of("mass", "a K × K grid with K >= 2", k);
        }
        p = new double[k * k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            if (mass[i] == null || mass[i].length != k) {
                throw InvalidConfigException.of("mass[" + i + "]", "length " + k, mass[i] == null ? 0 : mass[i].length);
            }
            for (int j = 0; j < k; j++) {
                double v = mass[i][j];
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw InvalidConfigException.of("mass[" + i + "][" + j + "]", "finite and >= 0", v);
                }
                p[i * k + j] = v;
                total += v;
            }
        }
        if (!(total > 0)) {
            throw InvalidConfigException.of("mass", "a positive total", total);
        }
        cdf = new double[k * k];
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
            acc += p[i];
            cdf[i] = acc;
        }
        this.size = k;
    }

    /** @return K, the classes of each of the two variables */
    public int size() {
        return size;
    }

    /**
     * @param row    0 .. K−1
     * @param column 0 .. K−1
     * @return P(row, column)
     */
    public double probability(int row, int column) {
        return p[row * size + column];
    }

    /** @return −Σ p log₂ p */
    public double entropyBits() {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h / Math.log(2);
    }

    /**
     * @param n   how many, &ge; 1
     * @param rng the source of the draws
     * @return n rows (row, column)
     */
    public int[][] sample(int n, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        int[][] x = new int[n][];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int idx = Arrays.binarySearch(cdf, u);
            idx = idx >= 0 ? idx : -idx - 1;
            idx = Math.min(idx, p.length - 1);
            while (p[idx] == 0 && idx > 0) {
                idx--;
            }
            x[i] = new int[] {idx / size, idx % size};
        }
        return x;
    }

    /** @return the 91 × 91 eight-Gaussians pmf */
    public static GridPmf eightGaussians() {
        int k = 91;
        double c = 45;
        double r = 40;
        double s2 = 2.0 * 2.0;
        double[][] m = new double[k][k];
        for (int t = 0; t < 8; t++) {
            double ci = c + r * Math.cos(t * Math.PI / 4);
            double cj = c + r * Math.sin(t * Math.PI / 4);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    m[i][j] += Math.exp(-((i - ci) * (i - ci) + (j - cj) * (j - cj)) / (2 * s2));
                }
            }
        }
        return new GridPmf(m);
    }

    /** @return the 91 × 91 pinwheel pmf */
    public static GridPmf pinwheel() {
        int k = 91;
        double half = 4.5;
        int n0 = 600;
        int n1 = 300;
        double[][] m = new double[k][k];
        for (int a = 0; a < n0; a++) {
            double f0 = 1 - 1.8 + 3.6 * a / (n0 - 1);
            double w0 = Math.exp(-0.5 * ((f0 - 1) / 0.3) * ((f0 - 1) / 0.3));
            for (int b = 0; b < n1; b++) {
                double f1 = -0.6 + 1.2 * b / (n1 - 1);
                double w = w0 * Math.exp(-0.5 * (f1 / 0.1) * (f1 / 0.1));
                for (int arm = 0; arm < 5; arm++) {
                    double ang = 2 * Math.PI * arm / 5 + 0.25 * Math.exp(f0);
                    double x = 2 * (f0 * Math.cos(ang) + f1 * Math.sin(ang));
                    double y = 2 * (-f0 * Math.sin(ang) + f1 * Math.cos(ang));
                    int i = (int) Math.floor((x + half) / (2 * half) * k);
                    int j = (int) Math.floor((y + half) / (2 * half) * k);
                    if (i >= 0 && i < k && j >= 0 && j < k) {
                        m[i][j] += w;
                    }
                }
            }
        }
        return new GridPmf(m);
    }

    /** @return 10 × 10, four plus-shaped clusters (centre weight 1, arms ¼) */
    public static GridPmf cluster10() {
        double[][] m = new double[10][10];
        int[][] centres = {{2, 2}, {2, 7}, {7, 2}, {7, 7}};
        for (int[] c : centres) {
            m[c[0]][c[1]] = 1;
            m[c[0] - 1][c[1]] = 0.25;
            m[c[0] + 1][c[1]] = 0.25;
            m[c[0]][c[1] - 1] = 0.25;
            m[c[0]][c[1] + 1] = 0.25;
        }
        return new GridPmf(m);
    }

    /**
     * @param k K &ge; 2
     * @return uniform on the diagonal of a K × K grid (log₂ K bits)
     */
    public static GridPmf diagonal(int k) {
        if (k < 2) {
            throw InvalidConfigException.of("k", ">= 2", k);
        }
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            m[i][i] = 1;
        }
        return new GridPmf(m);
    }

    /**
     * The same pmf with the classes of each variable relabelled: P'(π(i), σ(j)) = P(i, j). The entropy is unchanged;
     * the grid (ordinal) neighbourhood is destroyed, which is what categorical data looks like to a dequantizer.
     *
     * @param rows    π, a permutation of 0 .. K−1
     * @param columns σ, a permutation of 0 .. K−1
     * @return the relabelled pmf
     * @throws InvalidConfigException if an argument is not a permutation of 0 .. K−1
     */
    public GridPmf relabeled(int[] rows, int[] columns) {
        checkPermutation("rows", rows);
        checkPermutation("columns", columns);
        double[][] m = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m[rows[i]][columns[j]] = p[i * size + j];
            }
        }
        return new GridPmf(m);
    }

    private void checkPermutation(String name, int[] perm) {
        Checks.notNull(name, perm);
        boolean[] seen = new boolean[size];
        if (perm.length != size) {
            throw InvalidConfigException.of(name, "a permutation of 0 .. " + (size - 1), perm.length + " entries");
        }
        for (int v : perm) {
            if (v < 0 || v >= size || seen[v]) {
                throw InvalidConfigException.of(name, "a permutation of 0 .. " + (size - 1), Arrays.toString(perm));
            }
            seen[v] = true;
        }
    }

    /**
     * @return {@link #cluster10()} with both variables' classes shuffled by a fixed permutation (drawn from
     *     {@code Rng.seeded(15)}): 4 bits, no ordinal structure
     */
    public static GridPmf cluster10Shuffled() {
        Rng rng = Rng.seeded(15);
        return cluster10().relabeled(rng.permutation(10), rng.permutation(10));
    }

    /** @return 10 × 10, uniform on both diagonals (log₂ 20 bits) */
    public static GridPmf cross10() {
        double[][] m = new double[10][10];
        for (int i = 0; i < 10; i++) {
            m[i][i] = 1;
            m[i][9 - i] = 1;
        }
        return new GridPmf(m);
    }
}
