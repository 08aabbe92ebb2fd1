package io.github.flows4j.core.autodiff;

/**
 * The keyword arguments of PyTorch's {@code torch.autograd.grad} for {@link Autodiff#grad(Tensor, Tensor,
 * GradOptions)}: the vectors of the vector-Jacobian product, whether to record the backward pass, and what an
 * input the outputs do not depend on gives.
 *
 * <ul>
 *   <li>{@code gradOutputs} — one per output, each of its output's shape ({@code grad_outputs}); unset, every output
 *       must hold one element and is seeded with 1.</li>
 *   <li>{@code createGraph} — record the backward pass so the gradients can be differentiated again
 *       ({@code create_graph}); default {@code false}.</li>
 *   <li>{@code retainGraph} — accepted for parity with {@code retain_graph}. flows4j never frees a graph during a
 *       backward pass (the graph lives until its {@link TensorScope} closes), so a graph can always be walked again
 *       and this flag changes nothing; it is kept so ported code reads the same.</li>
 *   <li>{@code allowUnused} — an input the outputs do not depend on gives {@code null} ({@code allow_unused});
 *       without it such an input is an {@link UnusedInputException} naming its index. Default {@code false}.</li>
 *   <li>{@code materializeGrads} — an unused input gives zeros of its shape instead of {@code null}
 *       ({@code materialize_grads}); implies {@code allowUnused}. Default {@code false}.</li>
 * </ul>
 *
 * <pre>{@code
 * // torch.autograd.grad(y, x, create_graph=True)[0]
 * Tensor dydx = Autodiff.grad(y, x, GradOptions.builder().createGraph(true).build());
 * }</pre>
 */
public final class GradOptions {
    private static final GradOptions DEFAULTS = builder().build();

    private final Tensor[] gradOutputs;
    private final boolean createGraph;
    private final boolean retainGraph;
    private final boolean allowUnused;
    private final boolean materializeGrads;

    private GradOptions(Builder b) {
        if (b.gradOutputs != null) {
            for (int i = 0; i < b.gradOutputs.length; i++) {
                if (b.gradOutputs[i] == null) {
                    throw new IllegalArgumentException("gradOutputs[" + i + "] must not be null");
                }
            }
        }
        this.gradOutputs = b.gradOutputs == null ? null : b.gradOutputs.clone();
        this.createGraph = b.createGraph;
        this.retainGraph = b.retainGraph;
        this.allowUnused = b.allowUnused || b.materializeGrads;
        this.materializeGrads = b.materializeGrads;
    }

    /** @return no gradOutputs, no graph, unused inputs an error */
    public static GradOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the vectors of the vector-Jacobian product, one per output, or {@code null} (seed 1) */
    public Tensor[] gradOutputs() {
        return gradOutputs == null ? null : gradOutputs.clone();
    }

    /** @return whether the backward pass is recorded */
    public boolean createGraph() {
        return createGraph;
    }

    /** @return the {@code retainGraph} flag (no effect: graphs are never freed by a backward pass) */
    public boolean retainGraph() {
        return retainGraph;
    }

    /** @return whether an unused input gives {@code null} (or zeros with {@link #materializeGrads()}) */
    public boolean allowUnused() {
        return allowUnused;
    }

    /** @return whether an unused input gives zeros of its shape */
    public boolean materializeGrads() {
        return materializeGrads;
    }

    @Override
    public String toString() {
        return "GradOptions[gradOutputs=" + (gradOutputs == null ? "none" : gradOutputs.length + " tensor(s)")
                + ", createGraph=" + createGraph + ", retainGraph=" + retainGraph + ", allowUnused=" + allowUnused
                + ", materializeGrads=" + materializeGrads + "]";
    }

    /** Builds {@link GradOptions}; every value is optional. */
    public static final class Builder {
        private Tensor[] gradOutputs;
        private boolean createGraph;
        private boolean retainGraph;
        private boolean allowUnused;
        private boolean materializeGrads;

        private Builder() {
        }

        /** @param values one vector per output, each of its output's shape @return this */
        public Builder gradOutputs(Tensor... values) {
            this.gradOutputs = values == null ? null : values.clone();
            return this;
        }

        /** @param value record the backward pass (differentiable gradients) @return this */
        public Builder createGraph(boolean value) {
            this.createGraph = value;
            return this;
        }

        /** @param value accepted for PyTorch parity; graphs are never freed by a backward pass @return this */
        public Builder retainGraph(boolean value) {
            this.retainGraph = value;
            return this;
        }

        /** @param value an unused input gives {@code null} instead of an error @return this */
        public Builder allowUnused(boolean value) {
            this.allowUnused = value;
            return this;
        }

        /** @param value an unused input gives zeros (implies allowUnused) @return this */
        public Builder materializeGrads(boolean value) {
            this.materializeGrads = value;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if a gradOutputs entry is {@code null}
         */
        public GradOptions build() {
            return new GradOptions(this);
        }
    }
}
