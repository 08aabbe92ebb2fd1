package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * How the diffusion {@code g(t, y)} of an SDE {@code dy = f dt + g dW} acts on the Brownian increment, with
 * {@code y} of shape {@code [batch, d]} and the Brownian motion of shape {@code [batch, m]} (torchsde's noise
 * types). A solver declares which noise types it supports and rejects the others before it starts.
 *
 * <table>
 * <caption>Shapes of the diffusion and the Brownian motion</caption>
 * <tr><th>type</th><th>{@code g(t, y)}</th><th>{@code m}</th><th>{@code g · dW}</th><th>contract</th></tr>
 * <tr><td>{@link #DIAGONAL}</td><td>{@code [batch, d]}</td><td>{@code d}</td><td>{@code g ⊙ dW}</td>
 * <td>{@code g_i} depends on {@code y} only through {@code y_i}</td></tr>
 * <tr><td>{@link #SCALAR}</td><td>{@code [batch, d, 1]}</td><td>1</td><td>{@code g[:, :, 0] · dW}</td>
 * <td>one Brownian motion drives every component</td></tr>
 * <tr><td>{@link #ADDITIVE}</td><td>{@code [batch, d, m]}</td><td>any</td><td>{@code Σ_j g_ij dW_j}</td>
 * <td>{@code g} does not depend on {@code y} (it may depend on {@code t})</td></tr>
 * <tr><td>{@link #GENERAL}</td><td>{@code [batch, d, m]}</td><td>any</td><td>{@code Σ_j g_ij dW_j}</td>
 * <td>none</td></tr>
 * </table>
 *
 * <pre>{@code
 * Tensor gdw = NoiseType.DIAGONAL.prod(g, dw);      // [batch, d]
 * }</pre>
 */
public enum NoiseType {
    /** {@code g} is {@code [batch, d]}, one Brownian motion per component, {@code g_i} a function of {@code y_i}. */
    DIAGONAL,
    /** {@code g} is {@code [batch, d, m]} and does not depend on {@code y}. */
    ADDITIVE,
    /** {@code g} is {@code [batch, d, 1]}: one Brownian motion drives every component. */
    SCALAR,
    /** {@code g} is {@code [batch, d, m]}, any function of {@code (t, y)}. */
    GENERAL;

    /**
     * The diffusion-increment product {@code g · v}.
     *
     * @param g the diffusion, shaped as this noise type says
     * @param v a Brownian-like quantity {@code [batch, m]} (an increment, a Lévy area, a weight)
     * @return {@code [batch, d]}
     */
    public Tensor prod(Tensor g, Tensor v) {
        switch (this) {
            case DIAGONAL:
                return g.mul(v);
            case SCALAR:
                return g.reshape(g.size(0), g.size(1)).mul(v);
            default:
                return g.mul(v.reshape(v.size(0), 1, v.size(1))).sum(2);
        }
    }

    /**
     * @param g the diffusion, shaped as this noise type says ({@link #DIAGONAL} or {@link #SCALAR})
     * @return the diffusion as one column per component, {@code [batch, d]}
     * @throws UnsupportedOperationException for {@link #ADDITIVE} and {@link #GENERAL}, whose diffusion is a matrix
     */
    public Tensor column(Tensor g) {
        switch (this) {
            case DIAGONAL:
                return g;
            case SCALAR:
                return g.reshape(g.size(0), g.size(1));
            default:
                throw new UnsupportedOperationException(this + " noise has a [batch, d, m] diffusion, not a column");
        }
    }

    /**
     * @param batch the batch size
     * @param d     the state dimension
     * @param m     the Brownian dimension
     * @return the shape the diffusion must have
     */
    public long[] diffusionShape(long batch, long d, long m) {
        switch (this) {
            case DIAGONAL:
                return new long[] {batch, d};
            case SCALAR:
                return new long[] {batch, d, 1};
            default:
                return new long[] {batch, d, m};
        }
    }

    /**
     * @param d the state dimension
     * @param m the dimension of the Brownian path offered
     * @return whether a Brownian path of dimension {@code m} fits a state of dimension {@code d}
     */
    public boolean fitsBrownianDim(long d, long m) {
        switch (this) {
            case DIAGONAL:
                return m == d;
            case SCALAR:
                return m == 1;
            default:
                return m >= 1;
        }
    }

    /**
     * @param d the state dimension
     * @return the Brownian dimension this noise type requires, in words
     */
    public String brownianDimRule(long d) {
        switch (this) {
            case DIAGONAL:
                return d + " (the state's dimension, for DIAGONAL noise)";
            case SCALAR:
                return "1 (SCALAR noise)";
            default:
                return ">= 1";
        }
    }
}
