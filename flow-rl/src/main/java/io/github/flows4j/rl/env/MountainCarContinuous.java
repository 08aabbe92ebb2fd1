package io.github.flows4j.rl.env;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.random.Rng;

/**
 * Gymnasium's <b>MountainCarContinuous-v0</b> (classic_control/continuous_mountain_car.py), ported operation by
 * operation. State (x, v); action: force f ∈ [−1, 1], clipped as Gymnasium does; power 0.0015:
 * <pre>
 *   v' = clip(v + f · 0.0015 − 0.0025 cos(3x), −0.07, 0.07)
 *   x' = clip(x + v', −1.2, 0.6);   v' = 0 if x' = −1.2 and v' &lt; 0   (inelastic left wall)
 *   terminated = x' ≥ 0.45 and v' ≥ 0
 *   reward = 100 · [terminated] − 0.1 a²          (a the action as given, not clipped)
 * </pre>
 * Truncated after 999 steps. Reset: x ~ U[−0.6, −0.4) from the given {@link Rng}, v = 0. Gymnasium stores the
 * state as float32 after each step and, under NumPy 2's promotion rules, computes a float32 action's terms in
 * float32; this port reproduces both (each intermediate carries NumPy's scalar kind: a float32, a float64 or a weak
 * Python float), so trajectories agree to the bit for float32 actions, up to the platform's {@code cos}.
 *
 * <pre>{@code
 * MountainCarContinuous env = new MountainCarContinuous();
 * double[] obs = env.reset(Rng.seeded(0));       // [x, 0]
 * StepResult r = env.step(new double[] {1.0});
 * }</pre>
 */
public final class MountainCarContinuous extends TimeLimitedEnv {
    /** Gymnasium's time limit for MountainCarContinuous-v0. */
    public static final int MAX_EPISODE_STEPS = 999;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;

    private Num position;
    private Num velocity;

    /** MountainCarContinuous-v0. */
    public MountainCarContinuous() {
        super(Box.symmetric(1, 1.0), Box.of(new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
                new double[] {(float) MAX_POSITION, (float) MAX_SPEED}), MAX_EPISODE_STEPS);
    }

    @Override
    protected double[] start(Rng rng) {
        position = Num.f64(-0.6 + 0.2 * rng.nextDouble());
        velocity = Num.f64(0);
        return observation();
    }

    /**
     * Starts an episode from a given state, kept in float64 as after Gymnasium's reset.
     *
     * @param x the position
     * @param v the velocity
     * @return the first observation (float32 values)
     * @throws NonFiniteException if a value is not finite
     */
    public double[] resetTo(double x, double v) {
        if (!Double.isFinite(x) || !Double.isFinite(v)) {
            throw new NonFiniteException("x and v must be finite; got " + x + ", " + v);
        }
        position = Num.f64(x);
        velocity = Num.f64(v);
        begin();
        return observation();
    }

    /** @return the state (x, v) */
    public double[] state() {
        return new double[] {position.v, velocity.v};
    }

    @Override
    protected StepResult advance(double[] action) {
        Num a = Num.f32(action[0]);
        // force = min(max(action[0], min_action), max_action): Python's min/max return one of their arguments
        Num force = a.v >= -1.0 ? a : Num.py(-1.0);
        force = force.v <= 1.0 ? force : Num.py(1.0);
        Num v = velocity.add(force.mul(Num.py(POWER)).sub(Num.py(0.0025).mul(Num.py(Math.cos(Num.py(3).mul(position)
                .v)))));
        if (v.compareTo(MAX_SPEED) > 0) {
            v = Num.py(MAX_SPEED);
        }
        if (v.compareTo(-MAX_SPEED) < 0) {
            v = Num.py(-MAX_SPEED);
        }
        Num x = position.add(v);
        if (x.compareTo(MAX_POSITION) > 0) {
            x = Num.py(MAX_POSITION);
        }
        if (x.compareTo(MIN_POSITION) < 0) {
            x = Num.py(MIN_POSITION);
        }
        if (x.compareTo(MIN_POSITION) == 0 && v.compareTo(0) < 0) {
            v = Num.py(0);
        }
        boolean terminated = x.compareTo(GOAL_POSITION) >= 0 && v.compareTo(0) >= 0;
        double reward = terminated ? 100.0 : 0;
        reward -= Math.pow(a.v, 2) * 0.1;
        position = Num.f32(x.v);
        velocity = Num.f32(v.v);
        return new StepResult(observation(), reward, terminated, false);
    }

    private double[] observation() {
        return new double[] {(float) position.v, (float) velocity.v};
    }

    @Override
    public int[] velocityIndices() {
        return new int[] {1};
    }

    @Override
    public String name() {
        return "MountainCarContinuous-v0";
    }

    /**
     * A NumPy scalar under NEP 50: a float32, a float64, or a weak Python float (which takes the other operand's
     * type). Arithmetic rounds to float32 when the result type is float32.
     */
    private record Num(double v, int kind) {
        static final int PY = 0;
        static final int F32 = 1;
        static final int F64 = 2;

        static Num py(double v) {
            return new Num(v, PY);
        }

        static Num f32(double v) {
            return new Num((float) v, F32);
        }

        static Num f64(double v) {
            return new Num(v, F64);
        }

        private int result(Num o) {
            if (kind == PY) {
                return o.kind;
            }
            if (o.kind == PY) {
                return kind;
            }
            return Math.max(kind, o.kind);
        }

        private Num of(double exact, float single, Num o) {
            int k = result(o);
            return k == F32 ? new Num(single, F32) : new Num(exact, k);
        }

        Num add(Num o) {
            return of(v + o.v, (float) v + (float) o.v, o);
        }

        Num sub(Num o) {
            return of(v - o.v, (float) v - (float) o.v, o);
        }

        Num mul(Num o) {
            return of(v * o.v, (float) v * (float) o.v, o);
        }

        /** Compares with a Python float, which NumPy 2 first converts to this scalar's type. */
        int compareTo(double c) {
            double other = kind == F32 ? (float) c : c;
            return v < other ? -1 : v > other ? 1 : 0;
        }
    }
}
