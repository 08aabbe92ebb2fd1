package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.random.Rng;

/**
 * Gymnasium's <b>Pendulum-v1</b> (classic_control/pendulum.py), ported operation by operation. State (θ, θ'), θ = 0
 * upright; action: torque u ∈ [−2, 2], clipped into range as Gymnasium does; observation (cos θ, sin θ, θ') rounded
 * to float32, in [−1, 1] × [−1, 1] × [−8, 8]. With g = 10, m = l = 1, dt = 0.05:
 * <pre>
 *   u      = clip(u, −2, 2)                                (float32, the Box's type)
 *   cost   = norm(θ)² + 0.1 θ'² + 0.001 u²                 norm(x) = ((x + π) mod 2π) − π
 *   θ'_new = clip(θ' + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8)
 *   θ_new  = θ + θ'_new dt
 *   reward = −cost                                         (in [−16.2736044, 0])
 * </pre>
 * The state is kept in float64 as Gymnasium keeps it; the terms in u are float32 products, as NumPy 2 computes
 * them for a float32 action. The episode never terminates; it is truncated after 200 steps (the registered
 * {@code max_episode_steps}). Reset draws θ ~ U[−π, π) and θ' ~ U[−1, 1) from the given {@link Rng}.
 *
 * <pre>{@code
 * Pendulum env = new Pendulum();
 * double[] obs = env.reset(Rng.seeded(0));
 * StepResult r = env.step(new double[] {1.5});
 * }</pre>
 */
public final class Pendulum extends TimeLimitedEnv {
    /** Gymnasium's time limit for Pendulum-v1. */
    public static final int MAX_EPISODE_STEPS = 200;
    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;

    private final double g;
    private double theta;
    private double thetaDot;

    /** Pendulum-v1 with g = 10. */
    public Pendulum() {
        this(10.0);
    }

    /**
     * @param g the gravity, finite and &ge; 0 (Gymnasium's {@code g} argument)
     */
    public Pendulum(double g) {
        super(Box.symmetric(1, MAX_TORQUE), Box.of(new double[] {-1, -1, -MAX_SPEED},
                new double[] {1, 1, MAX_SPEED}), MAX_EPISODE_STEPS);
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw InvalidConfigException.of("g", ">= 0 and finite", g);
        }
        this.g = g;
    }

    @Override
    protected double[] start(Rng rng) {
        theta = -Math.PI + 2 * Math.PI * rng.nextDouble();
        thetaDot = -1 + 2 * rng.nextDouble();
        return observation();
    }

    /**
     * Starts an episode from a given state (Gymnasium's reset options fix only the bounds; this fixes the state).
     *
     * @param theta    the angle θ (0 upright)
     * @param thetaDot the angular velocity θ'
     * @return the first observation
     * @throws NonFiniteException if a value is not finite
     */
    public double[] resetTo(double theta, double thetaDot) {
        if (!Double.isFinite(theta) || !Double.isFinite(thetaDot)) {
            throw new NonFiniteException("theta and thetaDot must be finite; got " + theta + ", " + thetaDot);
        }
        this.theta = theta;
        this.thetaDot = thetaDot;
        begin();
        return observation();
    }

    /** @return the state (θ, θ'), float64 */
    public double[] state() {
        return new double[] {theta, thetaDot};
    }

    @Override
    protected StepResult advance(double[] action) {
        float u = (float) Math.min(Math.max((float) action[0], -MAX_TORQUE), MAX_TORQUE);
        double th = theta;
        double cost = square(normalizeAngle(th)) + 0.1 * (thetaDot * thetaDot) + (double) (0.001f * (u * u));
        double newThetaDot = thetaDot + (3 * g / (2 * L) * Math.sin(th) + (double) ((float) (3.0 / (M * L * L)) * u))
                * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = th + newThetaDot * DT;
        thetaDot = newThetaDot;
        return new StepResult(observation(), -cost, false, false);
    }

    private double[] observation() {
        return new double[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }

    /**
     * Gymnasium's {@code angle_normalize}: ((x + π) mod 2π) − π with the floor modulo of Python and NumPy.
     *
     * @param x an angle
     * @return the same angle in [−π, π)
     */
    public static double normalizeAngle(double x) {
        double twoPi = 2 * Math.PI;
        double r = (x + Math.PI) % twoPi;
        if (r != 0 && r < 0) {
            r += twoPi;
        }
        return r - Math.PI;
    }

    private static double square(double x) {
        return x * x;
    }

    @Override
    public int[] velocityIndices() {
        return new int[] {2};
    }

    @Override
    public String name() {
        return "Pendulum-v1";
    }
}
