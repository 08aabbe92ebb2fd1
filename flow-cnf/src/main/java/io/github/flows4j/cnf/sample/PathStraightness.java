package io.github.flows4j.cnf.sample;

import io.github.flows4j.cnf.model.FieldInputs;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How straight a learned flow is (Tong et al. 2023, §5.1; Liu et al. 2023): along trajectories x(t) of
 * dx/dt = v(x, t) from x₀, the kinetic energy E ∫₀¹ ‖v(x_t, t)‖² dt and the squared displacement
 * E ‖x(1) − x(0)‖². By Cauchy–Schwarz the energy is at least the displacement, with equality exactly when every
 * trajectory is a straight line at constant speed; {@link #excess()} is their difference. Trajectories are
 * integrated by RK4 on a uniform grid and the energy by the trapezoid rule on that grid.
 *
 * <pre>{@code
 * PathStraightness s = PathStraightness.measure(field, x0, 100);     // x0: [batch, dim]
 * System.out.printf("energy %.3f, displacement %.3f%n", s.kineticEnergy(), s.displacement());
 * }</pre>
 *
 * @param kineticEnergy mean ∫₀¹ ‖v(x_t, t)‖² dt over the batch
 * @param displacement  mean ‖x(1) − x(0)‖² over the batch
 * @param steps         the RK4 steps of the measurement
 */
public record PathStraightness(double kineticEnergy, double displacement, int steps) {
    /**
     * @throws InvalidConfigException naming {@code steps} unless it is &ge; 1
     */
    public PathStraightness {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
    }

    /** @return kinetic energy minus squared displacement, &ge; 0 up to discretisation error; 0 for straight paths */
    public double excess() {
        return kineticEnergy - displacement;
    }

    /**
     * @param field the velocity field
     * @param x0    starting points, [batch, dim]
     * @param steps RK4 steps on [0, 1], &ge; 1
     * @return the energy and displacement
     * @throws InvalidConfigException                        naming {@code steps} unless it is &ge; 1
     * @throws io.github.flows4j.core.ShapeMismatchException naming {@code x0} unless it is [batch, field.dim()]
     */
    @SuppressWarnings("try")
    public static PathStraightness measure(VelocityField field, INDArray x0, int steps) {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        FieldInputs.require("x0", x0, field);
        double[] grid = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            grid[i] = (double) i / steps;
        }
        grid[steps] = 1.0;
        Samples s = FlowSampler.builder()
                .solve(new Rk4(), SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, steps)).build())
                .grid(grid).trajectory(true).build().sample(field, x0, null);
        double energy = 0;
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i <= steps; i++) {
                Tensor v = field.velocity(Tensor.constant(s.trajectory().get(i)), grid[i]);
                double e = mean(HostArrays.toDoubles(v.value().mul(v.value()).sum(1)));
                energy += (i == 0 || i == steps ? 0.5 : 1.0) * e / steps;
            }
        }
        INDArray d = s.x1().sub(x0);
        double displacement = mean(HostArrays.toDoubles(d.mul(d).sum(1)));
        return new PathStraightness(energy, displacement, steps);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }
}
