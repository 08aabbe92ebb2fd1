package io.github.flows4j.cnf.sample;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import java.util.ArrayList;
import java.util.List;

/**
 * The SDE that samples a Schrödinger bridge learned by SB-CFM (Tong et al. 2023, §3.4, eq. 14): with the flow v_θ
 * and the score s_θ of the Brownian-bridge path (reference σW),
 * dx = [v_θ(x, t) + (σ²/2) s_θ(x, t)] dt + σ dW, t from 0 to 1, has the same marginals as the probability flow
 * dx = v_θ dt. Diagonal, additive noise; solve it with any flow-core SDE solver.
 *
 * <pre>{@code
 * SdeTerm sde = BridgeSde.term(flow, score, 1.0);
 * Tensor path = Sdeint.solve(sde, Tensor.constant(x0), new double[] {0, 1}, "euler", 0.01, rng);
 * }</pre>
 */
public final class BridgeSde {
    private BridgeSde() {
    }

    /**
     * @param flow  the velocity field v_θ
     * @param score the score field s_θ, same dimension
     * @param sigma the reference diffusion σ &gt; 0 (the path's and the coupling's)
     * @return the Itô SDE term, diagonal noise
     * @throws InvalidConfigException naming {@code sigma} if it is not finite and &gt; 0, or {@code score} if its
     *                                dimension is not the flow's
     */
    public static SdeTerm term(VelocityField flow, VelocityField score, double sigma) {
        Checks.notNull("flow", flow);
        Checks.notNull("score", score);
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and > 0", sigma);
        }
        if (score.dim() != flow.dim()) {
            throw InvalidConfigException.of("score", "dimension " + flow.dim() + " (the flow's)", score.dim());
        }
        double half = 0.5 * sigma * sigma;
        List<Tensor> params = new ArrayList<>(flow.trainableTensors());
        params.addAll(score.trainableTensors());
        return SdeTerm.builder()
                .drift((t, y) -> flow.velocity(y, t).add(score.velocity(y, t).mul(half)))
                .diffusion((t, y) -> Tensor.constant(y.value().ulike().assign(sigma)))
                .noiseType(NoiseType.DIAGONAL)
                .parameters(params.toArray(new Tensor[0]))
                .build();
    }
}
