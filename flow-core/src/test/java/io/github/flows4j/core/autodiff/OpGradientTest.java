package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Every op, first and second order, float64 central differences; broadcasting cases included. */
class OpGradientTest {

    /** Input domains that keep each op away from its kinks and poles. */
    enum Domain {
        ANY, POSITIVE, UNIT, AWAY_FROM_ZERO
    }

    record Case(String name, Function<Tensor[], Tensor> f, Domain domain, long[][] shapes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, Domain d, Function<Tensor[], Tensor> f, long[]... shapes) {
        return new Case(name, f, d, shapes);
    }

    static long[] s(long... dims) {
        return dims;
    }

    static Stream<Arguments> cases() {
        List<Case> l = new ArrayList<>();
        l.add(c("add", Domain.ANY, in -> in[0].add(in[1]), s(3, 4), s(3, 4)));
        l.add(c("add row broadcast", Domain.ANY, in -> in[0].add(in[1]), s(3, 4), s(4)));
        l.add(c("add column broadcast", Domain.ANY, in -> in[0].add(in[1]), s(3, 4), s(3, 1)));
        l.add(c("add outer broadcast", Domain.ANY, in -> in[0].add(in[1]), s(3, 1), s(1, 4)));
        l.add(c("sub", Domain.ANY, in -> in[0].sub(in[1]), s(3, 4), s(1, 4)));
        l.add(c("mul", Domain.ANY, in -> in[0].mul(in[1]), s(3, 4), s(3, 4)));
        l.add(c("mul broadcast", Domain.ANY, in -> in[0].mul(in[1]), s(2, 3, 4), s(3, 1)));
        l.add(c("mul scalar tensor", Domain.ANY, in -> in[0].mul(in[1]), s(3, 4), s(1)));
        l.add(c("div", Domain.POSITIVE, in -> in[0].div(in[1]), s(3, 4), s(3, 4)));
        l.add(c("div broadcast", Domain.POSITIVE, in -> in[0].div(in[1]), s(3, 4), s(4)));
        l.add(c("scalar affine", Domain.ANY, in -> in[0].mul(2.5).add(-1.0).rsub(3.0).div(4.0), s(3, 4)));
        l.add(c("neg", Domain.ANY, in -> in[0].neg(), s(5)));
        l.add(c("square", Domain.ANY, in -> in[0].square(), s(3, 4)));
        l.add(c("pow", Domain.POSITIVE, in -> in[0].pow(2.7), s(3, 4)));
        l.add(c("sqrt", Domain.POSITIVE, in -> in[0].sqrt(), s(3, 4)));
        l.add(c("exp", Domain.ANY, in -> in[0].exp(), s(3, 4)));
        l.add(c("log", Domain.POSITIVE, in -> in[0].log(), s(3, 4)));
        l.add(c("log1p", Domain.POSITIVE, in -> in[0].log1p(), s(3, 4)));
        l.add(c("abs", Domain.AWAY_FROM_ZERO, in -> in[0].abs().mul(in[0]), s(3, 4)));
        l.add(c("clamp", Domain.AWAY_FROM_ZERO, in -> in[0].clamp(-0.05, 0.05).add(in[0].square()), s(3, 4)));
        l.add(c("sin", Domain.ANY, in -> in[0].sin(), s(3, 4)));
        l.add(c("cos", Domain.ANY, in -> in[0].cos(), s(3, 4)));
        l.add(c("acos", Domain.UNIT, in -> in[0].acos(), s(3, 4)));
        l.add(c("atan2", Domain.AWAY_FROM_ZERO, in -> Tensor.atan2(in[0], in[1]), s(3, 4), s(3, 4)));
        l.add(c("atan2 broadcast", Domain.AWAY_FROM_ZERO, in -> Tensor.atan2(in[0], in[1]), s(3, 4), s(4)));
        l.add(c("tanh", Domain.ANY, in -> in[0].tanh(), s(3, 4)));
        l.add(c("sigmoid", Domain.ANY, in -> in[0].sigmoid(), s(3, 4)));
        l.add(c("softplus", Domain.ANY, in -> in[0].softplus(), s(3, 4)));
        l.add(c("silu", Domain.ANY, in -> in[0].silu(), s(3, 4)));
        l.add(c("relu", Domain.AWAY_FROM_ZERO, in -> in[0].relu().mul(in[0]), s(3, 4)));
        l.add(c("elu", Domain.AWAY_FROM_ZERO, in -> in[0].elu(1.3).mul(in[0]), s(3, 4)));
        l.add(c("matmul", Domain.ANY, in -> in[0].matmul(in[1]), s(3, 4), s(4, 2)));
        l.add(c("matmul transA", Domain.ANY, in -> in[0].matmul(in[1], true, false), s(4, 3), s(4, 2)));
        l.add(c("matmul transB", Domain.ANY, in -> in[0].matmul(in[1], false, true), s(3, 4), s(2, 4)));
        l.add(c("matmul transA transB", Domain.ANY, in -> in[0].matmul(in[1], true, true), s(4, 3), s(2, 4)));
        l.add(c("matmul then tanh", Domain.ANY, in -> in[0].matmul(in[1]).tanh(), s(3, 4), s(4, 2)));
        l.add(c("linear", Domain.ANY, in -> Tensor.linear(in[0], in[1], in[2]).tanh(), s(5, 3), s(4, 3), s(4)));
        l.add(c("linear no bias", Domain.ANY, in -> Tensor.linear(in[0], in[1], null).square(), s(5, 3), s(4, 3)));
        l.add(c("transpose", Domain.ANY, in -> in[0].t().mul(in[1]), s(3, 4), s(4, 3)));
        l.add(c("reshape", Domain.ANY, in -> in[0].reshape(2, 6).mul(in[1]), s(3, 4), s(2, 6)));
        l.add(c("concat", Domain.ANY, in -> Tensor.concat(1, in[0], in[1]).square(), s(3, 2), s(3, 4)));
        l.add(c("concat axis 0", Domain.ANY, in -> Tensor.concat(0, in[0], in[1]).tanh(), s(2, 3), s(1, 3)));
        l.add(c("narrow", Domain.ANY, in -> in[0].narrow(1, 1, 2).square(), s(3, 4)));
        l.add(c("split", Domain.ANY, in -> {
            Tensor[] p = Tensor.split(in[0], 0, 1, 2);
            return p[0].sum(0).mul(p[1].sum(0));
        }, s(3, 4)));
        l.add(c("indexSelect", Domain.ANY, in -> in[0].indexSelect(new int[] {2, 0, 2, 1}).square(), s(3, 4)));
        l.add(c("indexAdd", Domain.ANY, in -> Tensor.indexAdd(3, new int[] {2, 0, 2, 1}, in[0]).square(), s(4, 2)));
        l.add(c("broadcastTo", Domain.ANY, in -> in[0].broadcastTo(3, 4).square(), s(1, 4)));
        l.add(c("sumTo", Domain.ANY, in -> in[0].sumTo(1, 4).square(), s(3, 4)));
        l.add(c("where", Domain.ANY, in -> Tensor.where(mask(), in[0], in[1]).square(), s(3, 4), s(3, 4)));
        l.add(c("sum all", Domain.ANY, in -> in[0].square().sum(), s(3, 4)));
        l.add(c("sum axis", Domain.ANY, in -> in[0].sum(1).square(), s(3, 4)));
        l.add(c("sum axes keepDims", Domain.ANY, in -> in[0].sum(new int[] {0, 2}, true).square().mul(in[0]),
                s(2, 3, 4)));
        l.add(c("mean", Domain.ANY, in -> in[0].mean(0).square(), s(3, 4)));
        l.add(c("max", Domain.ANY, in -> in[0].max(1, false).square(), s(3, 4)));
        l.add(c("logsumexp", Domain.ANY, in -> in[0].logsumexp(1, false), s(3, 4)));
        l.add(c("logsumexp keepDims", Domain.ANY, in -> in[0].logsumexp(0, true).mul(in[0]), s(3, 4)));
        l.add(c("logSoftmax", Domain.ANY, in -> in[0].logSoftmax(1).square(), s(3, 4)));
        l.add(c("norm", Domain.ANY, in -> in[0].norm(1, false), s(3, 4)));
        l.add(c("norm keepDims", Domain.ANY, in -> in[0].norm(1, true).mul(in[0]), s(3, 4)));
        l.add(c("cumsum", Domain.ANY, in -> in[0].cumsum(1).square(), s(3, 4)));
        l.add(c("select", Domain.ANY, in -> in[0].select(1, 2).square(), s(3, 4)));
        l.add(c("select negative", Domain.ANY,
                in -> in[0].select(-1, -1).square().sum(1).mul(in[0].select(1, 0).select(-1, 0)), s(2, 3, 2)));
        l.add(c("select to rank 0", Domain.ANY, in -> in[0].select(0, 1).square(), s(3)));
        l.add(c("slice", Domain.ANY, in -> in[0].slice(0, 1, 3).square(), s(4, 3)));
        l.add(c("slice negative", Domain.ANY, in -> in[0].slice(1, -3, -1).tanh(), s(2, 4)));
        l.add(c("stack dim 0", Domain.ANY, in -> Tensor.stack(0, in[0], in[1].tanh()).square(), s(3, 2), s(3, 2)));
        l.add(c("stack last", Domain.ANY, in -> Tensor.stack(-1, in[0], in[1], in[0]).square(), s(3, 2), s(3, 2)));
        l.add(c("squeeze", Domain.ANY, in -> in[0].squeeze(1).square(), s(3, 1, 2)));
        l.add(c("squeeze all", Domain.ANY, in -> in[0].squeeze().square(), s(1, 3, 1)));
        l.add(c("unsqueeze", Domain.ANY, in -> in[0].unsqueeze(1).mul(in[1]), s(3, 2), s(3, 4, 2)));
        l.add(c("max axes", Domain.ANY, in -> in[0].max(new int[] {0, 2}, false).square(), s(2, 3, 4)));
        l.add(c("max all", Domain.ANY, in -> in[0].max().mul(in[0]), s(3, 4)));
        l.add(c("min", Domain.ANY, in -> in[0].min(1).square(), s(3, 4)));
        l.add(c("min all keepDims", Domain.ANY, in -> in[0].min(new int[0], true).mul(in[0]), s(3, 4)));
        l.add(c("mean axes", Domain.ANY, in -> in[0].mean(new int[] {1, 2}, true).square().mul(in[0]), s(2, 3, 4)));
        l.add(c("logsumexp all", Domain.ANY, in -> in[0].logsumexp().mul(in[0]), s(3, 4)));
        l.add(c("logsumexp axes", Domain.ANY, in -> in[0].logsumexp(new int[] {0, 1}, false), s(2, 3, 2)));
        l.add(c("norm all", Domain.ANY, in -> in[0].norm().mul(in[0]), s(3, 4)));
        l.add(c("norm axis", Domain.ANY, in -> in[0].norm(0).square(), s(3, 4)));
        l.add(c("cast round trip", Domain.ANY, in -> in[0].cast(DataType.DOUBLE).square(), s(3)));
        return l.stream().map(Arguments::of);
    }

    static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 1, 0}, {0, 0, 1, 1}, {1, 1, 1, 0}});
    }

    static INDArray[] inputs(Case k) {
        Rng rng = Rng.seeded(k.name().hashCode());
        INDArray[] in = new INDArray[k.shapes().length];
        for (int i = 0; i < in.length; i++) {
            long[] shape = k.shapes()[i];
            INDArray x = switch (k.domain()) {
                case ANY -> rng.uniform(-1.5, 1.5, DataType.DOUBLE, shape);
                case POSITIVE -> rng.uniform(0.5, 2.0, DataType.DOUBLE, shape);
                case UNIT -> rng.uniform(-0.9, 0.9, DataType.DOUBLE, shape);
                case AWAY_FROM_ZERO -> {
                    INDArray u = rng.uniform(0.2, 1.5, DataType.DOUBLE, shape);
                    INDArray sign = rng.rademacher(DataType.DOUBLE, shape);
                    yield u.mul(sign);
                }
            };
            in[i] = x;
        }
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case k) {
        GradCheck.check(k.f(), inputs(k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(Case k) {
        GradCheck.checkOrder(2, k.f(), inputs(k));
    }

    @org.junit.jupiter.api.Test
    void thirdOrderOnAComposite() {
        Rng rng = Rng.seeded(3);
        INDArray w = rng.uniform(-1, 1, DataType.DOUBLE, 3, 3);
        INDArray x = rng.uniform(-1, 1, DataType.DOUBLE, 4, 3);
        GradCheck.checkOrder(3, in -> Tensor.linear(in[1], in[0], null).silu().matmul(in[0]).tanh()
                .add(in[1].softplus()).mul(in[1].sigmoid()), w, x);
    }

    @org.junit.jupiter.api.Test
    void siluToFourthOrder() {
        // SiLU's fused first and second derivatives (siluGrad, siluSecond, sharing the forward's σ(x)), their
        // derivatives in the upstream gradient and the composed third derivative, to fourth order
        Rng rng = Rng.seeded(5);
        INDArray x = rng.uniform(-3, 3, DataType.DOUBLE, 2, 3);
        INDArray y = rng.uniform(-1, 1, DataType.DOUBLE, 2, 3);
        GradCheck.checkOrder(4, in -> in[0].silu().mul(in[1]).tanh().add(in[0].mul(in[1]).silu()), x, y);
    }

    @org.junit.jupiter.api.Test
    void thirdOrderOfTranscendentals() {
        INDArray x = Rng.seeded(4).uniform(0.3, 0.8, DataType.DOUBLE, 2, 3);
        GradCheck.checkOrder(3, in -> in[0].exp().mul(in[0].log()).add(in[0].acos()).div(in[0].sqrt().add(1.0))
                .logsumexp(1, false), x);
        // keep a reference so the unused-import check stays honest
        Transforms.abs(x, true);
    }
}
