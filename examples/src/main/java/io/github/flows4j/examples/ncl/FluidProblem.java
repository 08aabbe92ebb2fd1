package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Choices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The flows of {@code ncl-fluid}, two exact solutions of the incompressible Navier–Stokes equations
 * ∂_t u + (u·∇)u + ∇p = νΔu, div u = 0 (density 1, kinematic viscosity ν).
 *
 * <ul>
 * <li>{@link #TAYLOR_GREEN}: the 2-D Taylor–Green vortex on the periodic square [0, 2π)²,
 *     u = (−cos x sin y, sin x cos y)e^{−2νt}, p = −¼(cos 2x + cos 2y)e^{−4νt}. Periodic: no boundary term.</li>
 * <li>{@link #ETHIER_STEINMAN}: the 3-D flow of Ethier and Steinman (Int. J. Numer. Methods Fluids 19, 1994) on
 *     the cube [−1, 1]³ with a = π/4, d = π/2, written with the cyclic shift (x, y, z) → (y, z, x):
 *     <pre>
 *     u₁ = −a [e^{ax} sin(ay + dz) + e^{az} cos(ax + dy)] e^{−νd²t}
 *     u₂ = −a [e^{ay} sin(az + dx) + e^{ax} cos(ay + dz)] e^{−νd²t}
 *     u₃ = −a [e^{az} sin(ax + dy) + e^{ay} cos(az + dx)] e^{−νd²t}
 *     p  = −(a²/2) [e^{2ax} + e^{2ay} + e^{2az}
 *                   + 2 sin(ax + dy) cos(az + dx) e^{a(y+z)}
 *                   + 2 sin(ay + dz) cos(ax + dy) e^{a(z+x)}
 *                   + 2 sin(az + dx) cos(ay + dz) e^{a(x+y)}] e^{−2νd²t}
 *     </pre>
 *     u is a Beltrami flow (parallel to its vorticity), so (u·∇)u = ∇(|u|²/2) is balanced by the pressure gradient,
 *     and Δu = −d²u gives the decay e^{−νd²t}. The cube is not periodic: the training loss adds the exact velocity on
 *     its faces as a Dirichlet boundary condition.</li>
 * </ul>
 *
 * <pre>{@code
 * FluidProblem p = FluidProblem.ETHIER_STEINMAN;
 * INDArray x = p.points(256, rng, DataType.DOUBLE);              // [256, 3] uniform in the cube
 * INDArray u = p.velocity(x, Nd4j.zeros(DataType.DOUBLE, 256, 1), 0.1);   // [256, 3]
 * }</pre>
 */
public enum FluidProblem {
    /** The 2-D Taylor–Green vortex on [0, 2π)². */
    TAYLOR_GREEN("taylor-green", "taylor_green", 2, 0, 2 * Math.PI, true),
    /** The 3-D Ethier–Steinman flow on [−1, 1]³. */
    ETHIER_STEINMAN("ethier-steinman", "ethier_steinman", 3, -1, 1, false);

    /** Ethier–Steinman's a. */
    static final double A = Math.PI / 4;
    /** Ethier–Steinman's d. */
    static final double D = Math.PI / 2;

    private final String id;
    private final String row;
    private final int dim;
    private final double lo;
    private final double hi;
    private final boolean periodic;

    FluidProblem(String id, String row, int dim, double lo, double hi, boolean periodic) {
        this.id = id;
        this.row = row;
        this.dim = dim;
        this.lo = lo;
        this.hi = hi;
        this.periodic = periodic;
    }

    /** @return the command-line name */
    public String id() {
        return id;
    }

    /** @return the name in the printed result line and the results row ({@code ncl/<row>}) */
    public String row() {
        return row;
    }

    /** @return the space dimension */
    public int dim() {
        return dim;
    }

    /** @return whether the domain is periodic (no boundary condition) */
    public boolean periodic() {
        return periodic;
    }

    /**
     * @param n    how many
     * @param rng  the generator
     * @param type the precision
     * @return points uniform in the domain, [n, dim]
     */
    INDArray points(int n, Rng rng, DataType type) {
        return rng.uniform(lo, hi, type, n, dim);
    }

    /**
     * Points uniform on the boundary of the cube: a uniform point of the cube whose coordinate k is set to ±1, with
     * the face (k, sign) uniform among the 2·dim faces.
     *
     * @param n   how many
     * @param rng the generator
     * @return boundary points, [n, dim] float64
     */
    INDArray boundaryPoints(int n, Rng rng) {
        double[] x = rng.uniform(lo, hi, DataType.DOUBLE, n, dim).data().asDouble();
        double[] f = rng.uniform(DataType.DOUBLE, n).data().asDouble();
        for (int i = 0; i < n; i++) {
            int face = Math.min((int) (f[i] * 2 * dim), 2 * dim - 1);
            x[i * dim + face / 2] = face % 2 == 0 ? lo : hi;
        }
        return Nd4j.createFromArray(x).reshape(n, dim);
    }

    /**
     * The exact solution written with tensor ops (differentiable: the residual tests run the loss code on it).
     *
     * @param nu the viscosity
     * @return the exact (u, p)
     */
    NavierStokes.Flow exact(double nu) {
        return this == TAYLOR_GREEN ? taylorGreen(nu) : ethierSteinman(nu);
    }

    private static NavierStokes.Flow taylorGreen(double nu) {
        return (x, t) -> {
            Tensor cx = x.narrow(1, 0, 1).cos();
            Tensor sx = x.narrow(1, 0, 1).sin();
            Tensor cy = x.narrow(1, 1, 1).cos();
            Tensor sy = x.narrow(1, 1, 1).sin();
            Tensor decay = t.mul(-2 * nu).exp();
            Tensor u = Tensor.concat(1, cx.mul(sy).neg().mul(decay), sx.mul(cy).mul(decay));
            Tensor p = x.narrow(1, 0, 1).mul(2).cos().add(x.narrow(1, 1, 1).mul(2).cos()).mul(-0.25)
                    .mul(t.mul(-4 * nu).exp());
            return new Tensor[] {u, p};
        };
    }

    private static NavierStokes.Flow ethierSteinman(double nu) {
        return (x, t) -> {
            Tensor[] c = {x.narrow(1, 0, 1), x.narrow(1, 1, 1), x.narrow(1, 2, 1)};
            Tensor decay = t.mul(-nu * D * D).exp();
            Tensor[] u = new Tensor[3];
            Tensor bracket = null;
            for (int k = 0; k < 3; k++) {
                Tensor x0 = c[k];
                Tensor x1 = c[(k + 1) % 3];
                Tensor x2 = c[(k + 2) % 3];
                // u_k = −a [e^{a x0} sin(a x1 + d x2) + e^{a x2} cos(a x0 + d x1)] e^{−νd²t}
                u[k] = x0.mul(A).exp().mul(x1.mul(A).add(x2.mul(D)).sin())
                        .add(x2.mul(A).exp().mul(x0.mul(A).add(x1.mul(D)).cos())).mul(-A).mul(decay);
                // e^{2a x0} + 2 sin(a x0 + d x1) cos(a x2 + d x0) e^{a(x1 + x2)}
                Tensor term = x0.mul(2 * A).exp().add(x0.mul(A).add(x1.mul(D)).sin()
                        .mul(x2.mul(A).add(x0.mul(D)).cos()).mul(x1.add(x2).mul(A).exp()).mul(2));
                bracket = bracket == null ? term : bracket.add(term);
            }
            Tensor p = bracket.mul(-A * A / 2).mul(t.mul(-2 * nu * D * D).exp());
            return new Tensor[] {Tensor.concat(1, u), p};
        };
    }

    /**
     * @param x  points, [n, dim]
     * @param t  times, [n, 1]
     * @param nu the viscosity
     * @return the exact velocity, [n, dim] float64
     */
    INDArray velocity(INDArray x, INDArray t, double nu) {
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] ts = t.castTo(DataType.DOUBLE).data().asDouble();
        int n = ts.length;
        double[] u = new double[dim * n];
        for (int i = 0; i < n; i++) {
            int o = dim * i;
            if (this == TAYLOR_GREEN) {
                double decay = Math.exp(-2 * nu * ts[i]);
                u[o] = -Math.cos(xs[o]) * Math.sin(xs[o + 1]) * decay;
                u[o + 1] = Math.sin(xs[o]) * Math.cos(xs[o + 1]) * decay;
            } else {
                double decay = Math.exp(-nu * D * D * ts[i]);
                for (int k = 0; k < 3; k++) {
                    double x0 = xs[o + k];
                    double x1 = xs[o + (k + 1) % 3];
                    double x2 = xs[o + (k + 2) % 3];
                    u[o + k] = -A * (Math.exp(A * x0) * Math.sin(A * x1 + D * x2)
                            + Math.exp(A * x2) * Math.cos(A * x0 + D * x1)) * decay;
                }
            }
        }
        return Nd4j.createFromArray(u).reshape(n, dim);
    }

    /** The {@code --problem} converter. */
    public static final class Converter extends Choices<FluidProblem> {
        public Converter() {
            super(values(), FluidProblem::id);
        }
    }
}
