package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Activations. The hot ones (tanh, sigmoid, SiLU) have fused, differentiable gradient ops, so a backward pass is
 * one kernel per activation and still differentiable again.
 */
final class Activations {
    private Activations() {
    }

    static Tensor tanh(Tensor x) {
        INDArray v = Kernels.get().tanh(x.value());
        return Unary.make(v, Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "tanh";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {tanhGrad(g, out)};
            }
        } : null);
    }

    /** g ⊙ (1 − y²), differentiable in g and y. */
    static Tensor tanhGrad(Tensor g, Tensor y) {
        INDArray v = Kernels.get().tanhGrad(g.value(), y.value());
        return Tensor.result(v, Tensor.recording(g, y) ? new Function(g, y) {
            @Override
            public String name() {
                return "tanhGrad";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                Tensor gIn = input(0);
                Tensor yIn = input(1);
                return new Tensor[] {
                    needs[0] ? tanhGrad(gg, yIn) : null,
                    needs[1] ? gg.mul(gIn).mul(yIn).mul(-2.0) : null
                };
            }
        } : null);
    }

    static Tensor sigmoid(Tensor x) {
        INDArray v = Kernels.get().sigmoid(x.value());
        return Unary.make(v, Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "sigmoid";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {sigmoidGrad(g, out)};
            }
        } : null);
    }

    /** g ⊙ y(1 − y), differentiable in g and y. */
    static Tensor sigmoidGrad(Tensor g, Tensor y) {
        INDArray v = Kernels.get().sigmoidGrad(g.value(), y.value());
        return Tensor.result(v, Tensor.recording(g, y) ? new Function(g, y) {
            @Override
            public String name() {
                return "sigmoidGrad";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                Tensor gIn = input(0);
                Tensor yIn = input(1);
                return new Tensor[] {
                    needs[0] ? sigmoidGrad(gg, yIn) : null,
                    needs[1] ? gg.mul(gIn).mul(yIn.mul(-2.0).add(1.0)) : null
                };
            }
        } : null);
    }

    static Tensor softplus(Tensor x) {
        INDArray v = Kernels.get().softplus(x.value());
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "softplus";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0).sigmoid())};
            }
        } : null);
    }

    static Tensor silu(Tensor x) {
        Kernels k = Kernels.get();
        if (!Tensor.recording(x)) {
            return Tensor.result(k.silu(x.value()), null);
        }
        // σ(x) is kept with the result: every derivative of any order below reuses it instead of recomputing it
        INDArray[] vs = k.siluAndSigmoid(x.value());
        Tensor s = Tensor.owned(vs[1]);
        INDArray v = vs[0];
        return Tensor.result(v, new Function(x) {
            @Override
            public String name() {
                return "silu";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {siluGrad(g, input(0), s)};
            }
        });
    }

    /** g ⊙ SiLU'(x) with s = σ(x) (a constant cache of it), differentiable in g and x. */
    static Tensor siluGrad(Tensor g, Tensor x, Tensor s) {
        INDArray v = Kernels.get().siluGrad(g.value(), x.value(), s.value());
        return Tensor.result(v, Tensor.recording(g, x) ? new Function(g, x) {
            @Override
            public String name() {
                return "siluGrad";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                Tensor gIn = input(0);
                Tensor xIn = input(1);
                return new Tensor[] {needs[0] ? siluGrad(gg, xIn, s) : null,
                    needs[1] ? siluSecond(gg, gIn, xIn, s) : null};
            }
        } : null);
    }

    /**
     * a ⊙ b ⊙ SiLU''(x), SiLU''(x) = σ(1 − σ)(2 + x(1 − 2σ)), in one pass with s = σ(x) (a constant cache of it),
     * differentiable in a, b and x; SiLU'''(x) = σ'(3(1 − 2σ) + x((1 − 2σ)² − 2σ')) with σ' = σ(1 − σ), built
     * from differentiable ops.
     */
    static Tensor siluSecond(Tensor a, Tensor b, Tensor x, Tensor s) {
        INDArray v = Kernels.get().siluSecond(a.value(), b.value(), x.value(), s.value());
        boolean record = GradMode.isEnabled() && (a.requiresGrad() || b.requiresGrad() || x.requiresGrad());
        return Tensor.result(v, record ? new Function(a, b, x) {
            @Override
            public String name() {
                return "siluSecond";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                Tensor aIn = input(0);
                Tensor bIn = input(1);
                Tensor xIn = input(2);
                Tensor dx = null;
                if (needs[2]) {
                    Tensor sig = xIn.sigmoid();
                    Tensor sp = sig.mul(sig.rsub(1.0));
                    Tensor u = sig.mul(-2.0).add(1.0);
                    Tensor third = sp.mul(u.mul(3.0).add(xIn.mul(u.square().sub(sp.mul(2.0)))));
                    dx = gg.mul(aIn).mul(bIn).mul(third);
                }
                return new Tensor[] {needs[0] ? siluSecond(gg, bIn, xIn, s) : null,
                    needs[1] ? siluSecond(gg, aIn, xIn, s) : null, dx};
            }
        } : null);
    }

    static Tensor relu(Tensor x) {
        INDArray v = Kernels.get().relu(x.value());
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "relu";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {reluGrad(g, input(0).value())};
            }
        } : null);
    }

    /**
     * g where x &gt; 0, else 0: linear in g, and x enters only through its sign, whose derivative is 0 almost
     * everywhere — so the op is differentiable in g with the same mask and treats x as a constant.
     */
    private static Tensor reluGrad(Tensor g, INDArray x) {
        INDArray v = Kernels.get().reluGrad(g.value(), x);
        return Tensor.result(v, Tensor.recording(g) ? new Function(g) {
            @Override
            public String name() {
                return "reluGrad";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                return new Tensor[] {reluGrad(gg, x)};
            }
        } : null);
    }

    static Tensor elu(Tensor x, double alpha) {
        INDArray xv = x.value();
        INDArray pos = xv.gt(0).castTo(xv.dataType());
        // alpha(e^min(x,0) − 1) on the negative side, x on the positive side
        INDArray neg = Transforms.exp(Transforms.min(xv, 0.0, true), false).subi(1).muli(alpha);
        INDArray v = xv.mul(pos).addi(neg.muli(pos.rsub(1)));
        return Unary.make(v, Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "elu";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                INDArray in = input(0).value();
                INDArray m = in.gt(0).castTo(in.dataType());
                // derivative: 1 for x > 0, out + alpha otherwise
                return new Tensor[] {Tensor.where(m, g, g.mul(out.add(alpha)))};
            }
        } : null);
    }
}
