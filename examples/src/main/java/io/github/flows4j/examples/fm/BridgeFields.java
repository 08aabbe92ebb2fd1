package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.nn.Module;

/**
 * The two networks SB-CFM trains together (Tong et al. 2023, §3.4): the flow v_θ under {@code flow.} and the score
 * s_θ of the Brownian-bridge path under {@code score.}, one {@link Module} so one trainer, optimizer and checkpoint
 * hold both.
 *
 * <pre>{@code
 * BridgeFields pair = new BridgeFields(flow, score);
 * Trainer.builder(pair).loss(ctx -> fm.flowAndScoreLoss(pair.flow(), pair.score(), fm.draw(x1, ctx.noise())));
 * }</pre>
 */
final class BridgeFields extends Module {
    private final MlpVelocityField flow;
    private final MlpVelocityField score;

    /**
     * @param flow  the velocity field
     * @param score the score field, same dimension
     */
    BridgeFields(MlpVelocityField flow, MlpVelocityField score) {
        this.flow = registerModule("flow", flow);
        this.score = registerModule("score", score);
    }

    /** @return the velocity field v_θ */
    MlpVelocityField flow() {
        return flow;
    }

    /** @return the score field s_θ */
    MlpVelocityField score() {
        return score;
    }
}
