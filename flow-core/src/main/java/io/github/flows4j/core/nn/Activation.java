package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * The pointwise nonlinearities of flows4j models, as {@link Layer}s without parameters. All are built from
 * differentiable {@link Tensor} ops, so second derivatives (needed by exact divergences) are exact; prefer a smooth
 * one ({@link #TANH}, {@link #SOFTPLUS}, {@link #SILU}) inside a continuous normalizing flow, whose likelihood
 * depends on the field's Jacobian.
 *
 * <pre>{@code
 * Tensor h = Activation.SILU.forward(x);   // x · σ(x), same shape as x
 * }</pre>
 */
public enum Activation implements Layer {
    /** {@code tanh x}. */
    TANH {
        @Override
        public Tensor forward(Tensor x) {
            return x.tanh();
        }
    },
    /** {@code x · σ(x)} (SiLU, swish). */
    SILU {
        @Override
        public Tensor forward(Tensor x) {
            return x.silu();
        }
    },
    /** {@code ln(1 + e^x)}. */
    SOFTPLUS {
        @Override
        public Tensor forward(Tensor x) {
            return x.softplus();
        }
    },
    /** {@code max(x, 0)}; its second derivative is zero almost everywhere. */
    RELU {
        @Override
        public Tensor forward(Tensor x) {
            return x.relu();
        }
    },
    /** {@code x} for {@code x > 0}, else {@code e^x − 1} (ELU with α = 1, PyTorch's default). */
    ELU {
        @Override
        public Tensor forward(Tensor x) {
            return x.elu(1.0);
        }
    },
    /** {@code σ(x) = 1 / (1 + e^−x)}. */
    SIGMOID {
        @Override
        public Tensor forward(Tensor x) {
            return x.sigmoid();
        }
    },
    /** {@code x} unchanged (the same tensor is returned). */
    IDENTITY {
        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    };

    /**
     * @param x any shape
     * @return the activation applied elementwise, same shape
     */
    @Override
    public abstract Tensor forward(Tensor x);
}
