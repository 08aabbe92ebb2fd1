package io.github.flows4j.examples.rl;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.rl.env.AcrobotContinuous;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.env.Flicker;
import io.github.flows4j.rl.env.MissingVelocity;
import io.github.flows4j.rl.env.MountainCarContinuous;
import io.github.flows4j.rl.env.ObservationNoise;
import io.github.flows4j.rl.env.Pendulum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The RL commands' task names, resolved once at the CLI edge: {@code pendulum} → {@link Pendulum},
 * {@code mountaincar} → {@link MountainCarContinuous}, {@code acrobot} → {@link AcrobotContinuous}, and the
 * {@code --pomdp} wrappers {@code flicker:P},
 * {@code noise:SIGMA}, {@code novel}.
 *
 * <pre>{@code
 * Supplier<Env> envs = RlEnvs.of(RlEnvs.Task.PENDULUM, List.of("novel", "flicker:0.2"));
 * }</pre>
 */
public final class RlEnvs {
    private RlEnvs() {
    }

    /** The tasks. */
    public enum Task {
        /** Pendulum-v1. */
        PENDULUM,
        /** MountainCarContinuous-v0. */
        MOUNTAINCAR,
        /** Acrobot-v1 dynamics with a continuous torque. */
        ACROBOT
    }

    /**
     * @param task   the task
     * @param pomdp  wrapper specs, applied in order
     * @return a factory of fresh, wrapped environments
     * @throws InvalidConfigException naming the bad spec
     */
    public static Supplier<Env> of(Task task, List<String> pomdp) {
        Supplier<Env> base = switch (task) {
            case PENDULUM -> Pendulum::new;
            case MOUNTAINCAR -> MountainCarContinuous::new;
            case ACROBOT -> AcrobotContinuous::new;
        };
        List<UnaryOperator<Env>> wrappers = new ArrayList<>();
        for (String spec : pomdp == null ? List.<String>of() : pomdp) {
            wrappers.add(wrapper(spec.trim()));
        }
        return () -> {
            Env e = base.get();
            for (UnaryOperator<Env> w : wrappers) {
                e = w.apply(e);
            }
            return e;
        };
    }

    private static UnaryOperator<Env> wrapper(String spec) {
        String[] kv = spec.split(":", 2);
        String kind = kv[0].toLowerCase(Locale.ROOT);
        if (kind.equals("novel")) {
            if (kv.length > 1) {
                throw InvalidConfigException.of("--pomdp", "novel without a value", spec);
            }
            return MissingVelocity::new;
        }
        if (!kind.equals("flicker") && !kind.equals("noise")) {
            throw InvalidConfigException.of("--pomdp", "flicker:P, noise:SIGMA or novel", spec);
        }
        if (kv.length < 2) {
            throw InvalidConfigException.of("--pomdp", kind + ":<number>", spec);
        }
        double v;
        try {
            v = Double.parseDouble(kv[1]);
        } catch (NumberFormatException e) {
            throw InvalidConfigException.of("--pomdp", kind + ":<number>", spec);
        }
        // validate now, with the wrapper's own checks
        if (kind.equals("flicker")) {
            new Flicker(new Pendulum(), v);
            return e -> new Flicker(e, v);
        }
        new ObservationNoise(new Pendulum(), v);
        return e -> new ObservationNoise(e, v);
    }

    /** The tasks' names: pendulum, mountaincar, acrobot. */
    static final class TaskChoices extends Choices<Task> {
        TaskChoices() {
            super(Task.values(), Choices::lower);
        }
    }
}
