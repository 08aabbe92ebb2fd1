package io.github.flows4j.cnf.image;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Conv2d;
import io.github.flows4j.core.nn.GroupNorm;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DDPM's residual block with the time added between its two convolutions (Ho et al. 2020, without dropout):
 * {@code h = conv₁(SiLU(GN₁(x))) + W·SiLU(e)}, {@code y = skip(x) + conv₂(SiLU(GN₂(h)))}, where {@code e} is the time
 * embedding, both convolutions are 3×3 with padding 1, and {@code skip} is the identity or, when the channel count
 * changes, a 1×1 convolution.
 */
final class ResBlock extends Module {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear time;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip;
    private final int out;

    ResBlock(int in, int out, int timeDim, int groups, DataType dtype, Rng rng) {
        this.out = out;
        this.norm1 = registerModule("norm1", new GroupNorm(Math.min(groups, in), in, dtype));
        this.conv1 = registerModule("conv1", Conv2d.builder(in, out).kernel(3).padding(1).dtype(dtype)
                .build(rng.split()));
        this.time = registerModule("time", new Linear(timeDim, out, true, dtype, rng.split()));
        this.norm2 = registerModule("norm2", new GroupNorm(Math.min(groups, out), out, dtype));
        this.conv2 = registerModule("conv2", Conv2d.builder(out, out).kernel(3).padding(1).dtype(dtype)
                .build(rng.split()));
        this.skip = in == out ? null : registerModule("skip", Conv2d.builder(in, out).kernel(1).dtype(dtype)
                .build(rng.split()));
    }

    /**
     * @param x    {@code [batch, in, H, W]}
     * @param temb SiLU of the time embedding, {@code [batch, timeDim]}
     * @return {@code [batch, out, H, W]}
     */
    @SuppressWarnings("try")
    Tensor forward(Tensor x, Tensor temb) {
        if (GradMode.isEnabled()) {
            return compute(x, temb);
        }
        // without grad mode nothing is recorded, so the block's intermediates (norms, activations, convolutions) can
        // go as soon as its output exists rather than with the caller's scope: sampling 64 images then holds one
        // block's temporaries at a time instead of the whole network's
        try (TensorScope scope = TensorScope.open()) {
            return scope.keep(compute(x, temb));
        }
    }

    private Tensor compute(Tensor x, Tensor temb) {
        Tensor h = conv1.forward(norm1.forward(x).silu());
        h = h.add(time.forward(temb).reshape(x.size(0), out, 1, 1));
        h = conv2.forward(norm2.forward(h).silu());
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
