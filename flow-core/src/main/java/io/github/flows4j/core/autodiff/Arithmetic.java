package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Broadcasting binary arithmetic and scalar affine ops with their backward rules. */
final class Arithmetic {
    private Arithmetic() {
    }

    static Tensor add(Tensor a, Tensor b) {
        OpChecks.sameType("add", a, b);
        OpChecks.broadcastShape("add", a, b);
        INDArray out = Kernels.get().add(a.value(), b.value());
        return Tensor.result(out, Tensor.recording(a, b) ? new Add(a, b, 1) : null);
    }

    static Tensor sub(Tensor a, Tensor b) {
        OpChecks.sameType("sub", a, b);
        OpChecks.broadcastShape("sub", a, b);
        INDArray out = Kernels.get().sub(a.value(), b.value());
        return Tensor.result(out, Tensor.recording(a, b) ? new Add(a, b, -1) : null);
    }

    static Tensor mul(Tensor a, Tensor b) {
        OpChecks.sameType("mul", a, b);
        OpChecks.broadcastShape("mul", a, b);
        INDArray out = Kernels.get().mul(a.value(), b.value());
        return Tensor.result(out, Tensor.recording(a, b) ? new Mul(a, b) : null);
    }

    static Tensor div(Tensor a, Tensor b) {
        OpChecks.sameType("div", a, b);
        OpChecks.broadcastShape("div", a, b);
        INDArray out = Kernels.get().div(a.value(), b.value());
        return Tensor.result(out, Tensor.recording(a, b) ? new Div(a, b) : null);
    }

    static Tensor addScalar(Tensor a, double c) {
        INDArray out = Kernels.get().affine(a.value(), 1.0, c);
        return Tensor.result(out, Tensor.recording(a) ? new Affine(a, 1.0) : null);
    }

    static Tensor mulScalar(Tensor a, double c) {
        INDArray out = Kernels.get().affine(a.value(), c, 0.0);
        return Tensor.result(out, Tensor.recording(a) ? new Affine(a, c) : null);
    }

    /** Sums a broadcast gradient back to {@code shape}, or returns it unchanged if the shapes agree. */
    static Tensor reduceTo(Tensor g, long[] shape) {
        return Arrays.equals(g.shape(), shape) ? g : g.sumTo(shape);
    }

    private static final class Add extends Function {
        private final int signB;

        Add(Tensor a, Tensor b, int signB) {
            super(a, b);
            this.signB = signB;
        }

        @Override
        public String name() {
            return signB > 0 ? "add" : "sub";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor ga = needs[0] ? reduceTo(g, input(0).shape()) : null;
            Tensor gb = null;
            if (needs[1]) {
                gb = reduceTo(signB > 0 ? g : g.neg(), input(1).shape());
            }
            return new Tensor[] {ga, gb};
        }
    }

    private static final class Mul extends Function {
        Mul(Tensor a, Tensor b) {
            super(a, b);
        }

        @Override
        public String name() {
            return "mul";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor a = input(0);
            Tensor b = input(1);
            return new Tensor[] {
                needs[0] ? reduceTo(g.mul(b), a.shape()) : null,
                needs[1] ? reduceTo(g.mul(a), b.shape()) : null
            };
        }
    }

    private static final class Div extends Function {
        Div(Tensor a, Tensor b) {
            super(a, b);
        }

        @Override
        public String name() {
            return "div";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor a = input(0);
            Tensor b = input(1);
            Tensor gOverB = g.div(b);
            return new Tensor[] {
                needs[0] ? reduceTo(gOverB, a.shape()) : null,
                needs[1] ? reduceTo(gOverB.mul(a).div(b).neg(), b.shape()) : null
            };
        }
    }

    private static final class Affine extends Function {
        private final double scale;

        Affine(Tensor a, double scale) {
            super(a);
            this.scale = scale;
        }

        @Override
        public String name() {
            return "affine";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            return new Tensor[] {scale == 1.0 ? g : g.mul(scale)};
        }
    }
}
