package io.github.flows4j.cnf.divfree;

/**
 * How a {@link DivFreeNetwork} turns its network's output into a divergence-free field (Richter-Powell et al.,
 * NeurIPS 2022, §3.1 and §3.2).
 *
 * <pre>{@code
 * DivFreeNetwork v = DivFreeNetwork.builder().dim(3).construction(Construction.VECTOR).build(Rng.seeded(0));
 * }</pre>
 */
public enum Construction {
    /** The network outputs the d(d−1)/2 upper entries of an antisymmetric A; v_i = Σ_j ∂_j A_ij. */
    MATRIX,
    /** The network outputs b ∈ ℝ^d; A = J_b − J_bᵀ and v = Δb − ∇(div b) (one derivative more). */
    VECTOR;

    /**
     * @param d the dimension, &ge; 2
     * @return the width the network must output: d(d−1)/2 for {@link #MATRIX}, d for {@link #VECTOR}
     */
    public int outputWidth(int d) {
        return this == MATRIX ? DivergenceFree.entries(d) : requireVector(d);
    }

    private static int requireVector(int d) {
        DivergenceFree.requireDim(d);
        return d;
    }
}
