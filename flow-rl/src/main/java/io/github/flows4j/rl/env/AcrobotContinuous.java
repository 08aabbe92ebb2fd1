package io.github.flows4j.rl.env;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.random.Rng;

/**
 * Gymnasium's <b>Acrobot-v1</b> dynamics (classic_control/acrobot.py, the "book" equations of Sutton and Barto) with
 * a continuous torque τ = clip(a, −1, 1) at the actuated joint instead of the three discrete torques {−1, 0, 1}: the
 * harder, sparse-reward swing-up task of this package. State (θ₁, θ₂, θ₁', θ₂'), θ₁ = 0 hanging down, θ₂ relative to
 * the first link; links of mass 1, length 1, centre of mass 0.5, moment of inertia 1, g = 9.8:
 * <pre>
 *   d₁ = m₁l꜀₁² + m₂(l₁² + l꜀₂² + 2l₁l꜀₂ cos θ₂) + I₁ + I₂,   d₂ = m₂(l꜀₂² + l₁l꜀₂ cos θ₂) + I₂
 *   φ₂ = m₂l꜀₂g cos(θ₁ + θ₂ − π/2)
 *   φ₁ = −m₂l₁l꜀₂θ₂'² sin θ₂ − 2m₂l₁l꜀₂θ₂'θ₁' sin θ₂ + (m₁l꜀₁ + m₂l₁)g cos(θ₁ − π/2) + φ₂
 *   θ₂'' = (τ + d₂/d₁ φ₁ − m₂l₁l꜀₂θ₁'² sin θ₂ − φ₂) / (m₂l꜀₂² + I₂ − d₂²/d₁),   θ₁'' = −(d₂θ₂'' + φ₁)/d₁
 * </pre>
 * integrated by one classical Runge–Kutta step of dt = 0.2 (Gymnasium's {@code rk4}), then θ₁, θ₂ wrapped into
 * [−π, π] and the velocities clipped to ±4π, ±9π. Observation (cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ₁', θ₂') in float32;
 * reward −1 per step, 0 on the step that reaches the goal height −cos θ₁ − cos(θ₁ + θ₂) &gt; 1 (terminated);
 * truncated after 500 steps. Reset: each state component ~ U[−0.1, 0.1) from the given {@link Rng}, rounded to
 * float32 as Gymnasium does. For τ ∈ {−1, 0, 1} a trajectory is Gymnasium's to the last bits of sin/cos.
 *
 * <pre>{@code
 * AcrobotContinuous env = new AcrobotContinuous();
 * double[] obs = env.reset(Rng.seeded(0));             // 6 components
 * StepResult r = env.step(new double[] {0.7});
 * }</pre>
 */
public final class AcrobotContinuous extends TimeLimitedEnv {
    /** Gymnasium's time limit for Acrobot-v1. */
    public static final int MAX_EPISODE_STEPS = 500;
    private static final double DT = 0.2;
    private static final double M1 = 1.0;
    private static final double M2 = 1.0;
    private static final double L1 = 1.0;
    private static final double LC1 = 0.5;
    private static final double LC2 = 0.5;
    private static final double I1 = 1.0;
    private static final double I2 = 1.0;
    private static final double G = 9.8;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;

    private final double[] s = new double[4];

    /** The continuous-torque Acrobot. */
    public AcrobotContinuous() {
        super(Box.symmetric(1, 1.0), Box.of(new double[] {-1, -1, -1, -1, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
                new double[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2}), MAX_EPISODE_STEPS);
    }

    @Override
    protected double[] start(Rng rng) {
        for (int i = 0; i < 4; i++) {
            s[i] = (float) (-0.1 + 0.2 * rng.nextDouble());
        }
        return observation();
    }

    /**
     * Starts an episode from a given state (kept in float64).
     *
     * @param state (θ₁, θ₂, θ₁', θ₂')
     * @return the first observation
     * @throws NonFiniteException if a value is not finite
     */
    public double[] resetTo(double... state) {
        if (state == null || state.length != 4) {
            throw io.github.flows4j.core.ShapeMismatchException.of("state", "[4]",
                    state == null ? null : new long[] {state.length});
        }
        for (double v : state) {
            if (!Double.isFinite(v)) {
                throw new NonFiniteException("state must be finite; got " + java.util.Arrays.toString(state));
            }
        }
        System.arraycopy(state, 0, s, 0, 4);
        begin();
        return observation();
    }

    /** @return the state (θ₁, θ₂, θ₁', θ₂') */
    public double[] state() {
        return s.clone();
    }

    @Override
    protected StepResult advance(double[] action) {
        double torque = Math.min(Math.max(action[0], -1.0), 1.0);
        double[] y0 = {s[0], s[1], s[2], s[3], torque};
        double dt2 = DT / 2.0;
        double[] k1 = dsdt(y0);
        double[] k2 = dsdt(axpy(y0, dt2, k1));
        double[] k3 = dsdt(axpy(y0, dt2, k2));
        double[] k4 = dsdt(axpy(y0, DT, k3));
        double h = DT / 6.0;
        for (int i = 0; i < 4; i++) {
            s[i] = y0[i] + h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        s[0] = wrap(s[0]);
        s[1] = wrap(s[1]);
        s[2] = Math.min(Math.max(s[2], -MAX_VEL_1), MAX_VEL_1);
        s[3] = Math.min(Math.max(s[3], -MAX_VEL_2), MAX_VEL_2);
        boolean terminated = -Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0;
        return new StepResult(observation(), terminated ? 0.0 : -1.0, terminated, false);
    }

    private static double[] axpy(double[] y, double a, double[] k) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] + a * k[i];
        }
        return out;
    }

    /** The book dynamics, in Gymnasium's operation order. */
    private static double[] dsdt(double[] y) {
        double a = y[4];
        double theta1 = y[0];
        double theta2 = y[1];
        double dtheta1 = y[2];
        double dtheta2 = y[3];
        double d1 = M1 * (LC1 * LC1) + M2 * (L1 * L1 + LC2 * LC2 + 2 * L1 * LC2 * Math.cos(theta2)) + I1 + I2;
        double d2 = M2 * (LC2 * LC2 + L1 * LC2 * Math.cos(theta2)) + I2;
        double phi2 = M2 * LC2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * LC2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (M1 * LC1 + M2 * L1) * G * Math.cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * LC2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (M2 * (LC2 * LC2) + I2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
    }

    /** Gymnasium's {@code wrap(x, −π, π)}: add or subtract 2π until x lies in [−π, π]. */
    private static double wrap(double x) {
        double diff = Math.PI - -Math.PI;
        while (x > Math.PI) {
            x = x - diff;
        }
        while (x < -Math.PI) {
            x = x + diff;
        }
        return x;
    }

    private double[] observation() {
        return new double[] {(float) Math.cos(s[0]), (float) Math.sin(s[0]), (float) Math.cos(s[1]),
            (float) Math.sin(s[1]), (float) s[2], (float) s[3]};
    }

    @Override
    public int[] velocityIndices() {
        return new int[] {4, 5};
    }

    @Override
    public String name() {
        return "AcrobotContinuous (Acrobot-v1 dynamics)";
    }
}
