package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Learning through the library's one training loop: every objective moves P_T towards R/Z on a small hypergrid. */
class TrainingTest {
    static Stream<Arguments> objectives() {
        return Stream.of(Arguments.of(new TrajectoryBalance(), 0.05), Arguments.of(new DetailedBalance(), 0.15),
                Arguments.of(new SubTrajectoryBalance(0.9), 0.1), Arguments.of(new FlowMatching(), 0.15));
    }

    @ParameterizedTest
    @MethodSource("objectives")
    void trainerLowersTheExactDistanceToTheTarget(GFlowNetObjective objective, double bound) {
        Hypergrid g = Hypergrid.of(2, 8, 0.1);
        double[] target = g.rewardDistribution();
        Rng rng = Rng.seeded(0);
        GFlowNet gfn = GFlowNet.builder(g).hidden(64, 64).build(rng.split());
        double before = TerminalDistribution.of(g, gfn).totalVariation(target);
        GFlowNetLoss step = GFlowNetLoss.builder(new TrajectorySampler(g, Exploration.ON_POLICY), objective)
                .batchSize(16).build();
        TrainerConfig config = TrainerConfig.builder().maxSteps(500).schedule(LrSchedule.constant(1e-3)).build();
        TrainResult r = Trainer.builder(gfn).config(config).loss(step).build().fit(rng.split(), rng.split());
        double after = TerminalDistribution.of(g, gfn).totalVariation(target);
        assertEquals(500, r.steps());
        assertEquals(500 * 16, step.trajectoriesSampled());
        assertTrue(before > 0.4, "before " + before);
        assertTrue(after < bound, objective + ": TV " + before + " -> " + after);
    }
}
