package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise unary ops (and where / atan2) with their backward rules. */
final class Unary {
    private Unary() {
    }

    /** A one-input op whose backward may use its own output. */
    abstract static class WithOutput extends Function {
        Tensor out;

        WithOutput(Tensor... in) {
            super(in);
        }
    }

    static Tensor make(INDArray value, WithOutput fn) {
        Tensor r = Tensor.result(value, fn);
        if (fn != null) {
            fn.out = r;
        }
        return r;
    }

    static Tensor square(Tensor x) {
        INDArray v = Kernels.get().mul(x.value(), x.value());
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "square";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0)).mul(2.0)};
            }
        } : null);
    }

    static Tensor pow(Tensor x, double p) {
        if (p == 2.0) {
            return square(x);
        }
        if (p == 1.0) {
            return x.mul(1.0);
        }
        INDArray v = Transforms.pow(x.value(), p, true);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "pow";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0).pow(p - 1)).mul(p)};
            }
        } : null);
    }

    static Tensor sqrt(Tensor x) {
        INDArray v = Transforms.sqrt(x.value(), true);
        return make(v, Tensor.recording(x) ? new WithOutput(x) {
            @Override
            public String name() {
                return "sqrt";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.div(out).mul(0.5)};
            }
        } : null);
    }

    static Tensor exp(Tensor x) {
        INDArray v = Kernels.get().exp(x.value());
        return make(v, Tensor.recording(x) ? new WithOutput(x) {
            @Override
            public String name() {
                return "exp";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(out)};
            }
        } : null);
    }

    static Tensor log(Tensor x) {
        INDArray v = Kernels.get().log(x.value());
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "log";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.div(input(0))};
            }
        } : null);
    }

    static Tensor log1p(Tensor x) {
        INDArray v = Transforms.log1p(x.value(), true);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "log1p";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.div(input(0).add(1.0))};
            }
        } : null);
    }

    static Tensor abs(Tensor x) {
        INDArray v = Transforms.abs(x.value(), true);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "abs";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor sign = Tensor.owned(Transforms.sign(input(0).value(), true));
                return new Tensor[] {g.mul(sign)};
            }
        } : null);
    }

    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw io.github.flows4j.core.InvalidConfigException.of("clamp hi", ">= lo (" + lo + ")", hi);
        }
        INDArray xv = x.value();
        INDArray v = xv.dup();
        if (lo > Double.NEGATIVE_INFINITY) {
            v = Transforms.max(v, lo, false);
        }
        if (hi < Double.POSITIVE_INFINITY) {
            v = Transforms.min(v, hi, false);
        }
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "clamp";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                INDArray in = input(0).value();
                INDArray mask = in.gte(lo).castTo(in.dataType()).muli(in.lte(hi).castTo(in.dataType()));
                return new Tensor[] {g.mul(Tensor.owned(mask))};
            }
        } : null);
    }

    static Tensor sin(Tensor x) {
        INDArray v = Transforms.sin(x.value(), true);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "sin";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0).cos())};
            }
        } : null);
    }

    static Tensor cos(Tensor x) {
        INDArray v = Transforms.cos(x.value(), true);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "cos";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0).sin()).neg()};
            }
        } : null);
    }

    static Tensor acos(Tensor x) {
        INDArray clamped = Transforms.min(Transforms.max(x.value(), -1.0, true), 1.0, false);
        INDArray v = Transforms.acos(clamped, false);
        double eps = x.dtype() == DataType.DOUBLE ? 1e-12 : 1e-6;
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "acos";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor in = input(0);
                Tensor denom = in.square().rsub(1.0).clamp(eps, Double.POSITIVE_INFINITY).sqrt();
                return new Tensor[] {g.div(denom).neg()};
            }
        } : null);
    }

    static Tensor where(INDArray mask, Tensor a, Tensor b) {
        OpChecks.sameType("where", a, b);
        long[] shape = OpChecks.broadcastShape("where", a, b);
        DataType t = a.dtype();
        boolean converted = mask.dataType() != t;
        INDArray m = converted ? mask.castTo(t) : mask;
        if (!org.nd4j.linalg.api.shape.Shape.areShapesBroadcastable(m.shape(), shape)) {
            throw new ShapeMismatchException("where: mask shape " + Arrays.toString(m.shape())
                    + " does not broadcast to " + Arrays.toString(shape));
        }
        INDArray out = select(Shapes.expand(m, shape), Shapes.expand(a.value(), shape),
                Shapes.expand(b.value(), shape));
        // the caller's mask is not ours to recycle (it may be reused, even by a second where in the same scope)
        Tensor maskT = converted ? Tensor.owned(m) : Tensor.constant(m);
        return Tensor.result(out, Tensor.recording(a, b) ? new Function(a, b) {
            @Override
            public String name() {
                return "where";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor zero = Tensor.zeros(t, 1);
                return new Tensor[] {
                    needs[0] ? Arithmetic.reduceTo(where(maskT.value(), g, zero), input(0).shape()) : null,
                    needs[1] ? Arithmetic.reduceTo(where(maskT.value(), zero, g), input(1).shape()) : null
                };
            }
        } : null);
    }

    /** out = m &gt; 0.5 ? a : b, elementwise; all three of one shape. A NaN in the unselected branch stays out. */
    static INDArray select(INDArray m, INDArray a, INDArray b) {
        double[] mv = flat(m);
        double[] av = flat(a);
        double[] bv = flat(b);
        double[] o = new double[av.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = mv[i] > 0.5 ? av[i] : bv[i];
        }
        INDArray out = Nd4j.createFromArray(o).reshape(a.shape());
        return a.dataType() == DataType.DOUBLE ? out : out.castTo(a.dataType());
    }

    private static double[] flat(INDArray x) {
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    static Tensor atan2(Tensor y, Tensor x) {
        OpChecks.sameType("atan2", y, x);
        long[] shape = OpChecks.broadcastShape("atan2", y, x);
        INDArray v = Transforms.atan2(Shapes.expand(x.value(), shape), Shapes.expand(y.value(), shape));
        return Tensor.result(v, Tensor.recording(y, x) ? new Function(y, x) {
            @Override
            public String name() {
                return "atan2";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor yy = input(0);
                Tensor xx = input(1);
                Tensor r2 = xx.square().add(yy.square());
                Tensor gr = g.div(r2);
                return new Tensor[] {
                    needs[0] ? Arithmetic.reduceTo(gr.mul(xx), yy.shape()) : null,
                    needs[1] ? Arithmetic.reduceTo(gr.mul(yy).neg(), xx.shape()) : null
                };
            }
        } : null);
    }
}
