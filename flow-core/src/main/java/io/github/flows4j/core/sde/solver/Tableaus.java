package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.InvalidConfigException;

/** Checks and copies shared by the stochastic Runge–Kutta tableaus. */
final class Tableaus {
    private Tableaus() {
    }

    static void requireLength(String name, double[] v, int stages) {
        if (v == null || v.length != stages) {
            throw InvalidConfigException.of(name + ".length", stages + " (one per stage, as c0)",
                    v == null ? "null" : v.length);
        }
        requireFinite(name, v);
    }

    static void requireTriangular(String name, double[][] m, int stages) {
        if (m == null || m.length != stages) {
            throw InvalidConfigException.of(name + ".length", stages + " (one row per stage)",
                    m == null ? "null" : m.length);
        }
        for (int i = 0; i < stages; i++) {
            if (m[i] == null || m[i].length != i) {
                throw InvalidConfigException.of(name + "[" + i + "].length", i + " (strictly lower triangular)",
                        m[i] == null ? "null" : m[i].length);
            }
            requireFinite(name + "[" + i + "]", m[i]);
        }
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static void requireFinite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw InvalidConfigException.of(name + "[" + i + "]", "finite", v[i]);
            }
        }
    }
}
