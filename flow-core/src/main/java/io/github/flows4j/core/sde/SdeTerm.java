package io.github.flows4j.core.sde;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;

/**
 * The vector fields of an SDE {@code dy = f(t, y) dt + g(t, y) dW}: the <em>term</em> of an SDE solve (in diffrax,
 * an ODE term plus a control term driven by a Brownian motion), kept apart from the solver, the Brownian path and
 * the adjoint. The state {@code y} is {@code [batch, d]}; the drift returns {@code [batch, d]}; the diffusion's shape
 * is set by the {@link #noiseType() noise type}. The term also declares its {@link #sdeType() calculus}.
 *
 * <p>For the KL divergence between this (posterior) SDE and a prior with the same diffusion, a term may supply the
 * prior's drift {@code h(t, y)}; a solve with {@code SdeOptions.builder().logqp(true)} then accumulates
 * {@code ½ ∫ ‖(f − h)/g‖² dt} along each path (Li et al. 2020, §5). Every function is written with {@link Tensor}
 * ops and must not mutate its input; trainable tensors are listed in {@link #parameters()} (the adjoints send
 * gradients only there; backprop reaches any tensor).
 *
 * <pre>{@code
 * double mu = 0.5, sigma = 0.8;
 * SdeTerm gbm = SdeTerm.builder()
 *         .drift((t, y) -> y.mul(mu))                  // [batch, 1]
 *         .diffusion((t, y) -> y.mul(sigma))           // DIAGONAL: [batch, 1]
 *         .noiseType(NoiseType.DIAGONAL)
 *         .sdeType(SdeType.ITO)
 *         .build();
 * }</pre>
 */
public interface SdeTerm {

    /**
     * @param t the time
     * @param y the state, {@code [batch, d]}
     * @return the drift {@code f(t, y)}, {@code [batch, d]}
     */
    Tensor drift(double t, Tensor y);

    /**
     * @param t the time
     * @param y the state, {@code [batch, d]}
     * @return the diffusion {@code g(t, y)}: {@code [batch, d]} ({@link NoiseType#DIAGONAL}), {@code [batch, d, 1]}
     *     ({@link NoiseType#SCALAR}) or {@code [batch, d, m]} ({@link NoiseType#ADDITIVE}, {@link NoiseType#GENERAL})
     */
    Tensor diffusion(double t, Tensor y);

    /** @return how the diffusion acts on the Brownian increment */
    NoiseType noiseType();

    /** @return the calculus the drift is written in */
    SdeType sdeType();

    /** @return the tensors the fields depend on that should receive gradients; empty by default */
    default List<Tensor> parameters() {
        return List.of();
    }

    /** @return whether {@link #priorDrift} is available (needed for a logqp solve) */
    default boolean hasPriorDrift() {
        return false;
    }

    /**
     * @param t the time
     * @param y the state, {@code [batch, d]}
     * @return the prior's drift {@code h(t, y)}, {@code [batch, d]}
     * @throws UnsupportedOperationException if the term has none
     */
    default Tensor priorDrift(double t, Tensor y) {
        throw new UnsupportedOperationException("this SdeTerm has no prior drift; build it with priorDrift(...)");
    }

    /**
     * The same process written in another calculus: the drift becomes
     * {@code f_Itô = f_Strat + ½ Σ_j (∂g_{·j}/∂y) g_{·j}} (or the reverse), computed by autodiff of the diffusion
     * ({@link DiffusionDerivative}) at every drift evaluation; the diffusion is unchanged. Lets an Itô solver run a
     * Stratonovich term and vice versa.
     *
     * <pre>{@code
     * SdeTerm strat = itoTerm.convertTo(SdeType.STRATONOVICH);
     * Sde.solve(strat, new ReversibleHeun(), span, y0, brownian, options);
     * }</pre>
     *
     * @param target the calculus to write the drift in
     * @return this term if it is already in {@code target}, else the converted term
     */
    default SdeTerm convertTo(SdeType target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        if (target == sdeType()) {
            return this;
        }
        if (this instanceof ConvertedSdeTerm c && c.base().sdeType() == target) {
            return c.base();
        }
        return new ConvertedSdeTerm(this, target);
    }

    /** @return a builder; drift, diffusion and noise type are required */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link SdeTerm} from lambdas ({@link Term.TensorField}, as for ODE terms).
     */
    final class Builder {
        private Term.TensorField drift;
        private Term.TensorField diffusion;
        private NoiseType noiseType;
        private SdeType sdeType = SdeType.ITO;
        private Term.TensorField priorDrift;
        private List<Tensor> parameters = List.of();

        private Builder() {
        }

        /** @param value the drift {@code f(t, y)} @return this */
        public Builder drift(Term.TensorField value) {
            this.drift = value;
            return this;
        }

        /** @param value the diffusion {@code g(t, y)} @return this */
        public Builder diffusion(Term.TensorField value) {
            this.diffusion = value;
            return this;
        }

        /** @param value the noise type @return this */
        public Builder noiseType(NoiseType value) {
            this.noiseType = value;
            return this;
        }

        /** @param value the calculus (default {@link SdeType#ITO}) @return this */
        public Builder sdeType(SdeType value) {
            this.sdeType = value;
            return this;
        }

        /** @param value the prior drift {@code h(t, y)} for logqp solves @return this */
        public Builder priorDrift(Term.TensorField value) {
            this.priorDrift = value;
            return this;
        }

        /** @param values the trainable tensors the fields read @return this */
        public Builder parameters(Tensor... values) {
            this.parameters = List.of(values);
            return this;
        }

        /**
         * @return the term
         * @throws InvalidConfigException naming the first missing value
         */
        public SdeTerm build() {
            if (drift == null) {
                throw new InvalidConfigException("drift must be set with drift((t, y) -> ...)");
            }
            if (diffusion == null) {
                throw new InvalidConfigException("diffusion must be set with diffusion((t, y) -> ...)");
            }
            if (noiseType == null) {
                throw new InvalidConfigException("noise type must be set with noiseType(...): one of "
                        + java.util.Arrays.toString(NoiseType.values()));
            }
            if (sdeType == null) {
                throw new InvalidConfigException("sdeType must not be null: one of "
                        + java.util.Arrays.toString(SdeType.values()));
            }
            return new FieldSdeTerm(drift, diffusion, noiseType, sdeType, priorDrift, parameters);
        }
    }
}
