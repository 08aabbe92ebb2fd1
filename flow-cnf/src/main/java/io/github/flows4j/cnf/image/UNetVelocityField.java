package io.github.flows4j.cnf.image;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Conv2d;
import io.github.flows4j.core.nn.GroupNorm;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.nn.ModuleList;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An attention-free UNet velocity field v(x, t) on images {@code [batch, C, H, W]}, the architecture of DDPM (Ho et
 * al. 2020) that Lipman et al. (2023) train with Flow Matching, without its attention layers and dropout and with one
 * residual block per resolution:
 * <ul>
 *   <li>time: {@link SinusoidalTimeEmbedding} of t → Linear → SiLU → Linear, a vector of {@code 4·base} features
 *       added (through a Linear per block) inside every residual block ({@code ResBlock}: GroupNorm–SiLU–Conv, plus
 *       the time, GroupNorm–SiLU–Conv, plus the skip);</li>
 *   <li>down: a 3×3 convolution to {@code base·m₀} channels, then per level ℓ a residual block to
 *       {@code base·m_ℓ} channels whose output is kept for the skip connection, and (except at the last level) a 3×3
 *       convolution with stride 2 that halves H and W;</li>
 *   <li>middle: one residual block;</li>
 *   <li>up: per level from the deepest, the kept activation is concatenated on the channels, a residual block maps
 *       back to {@code base·m_ℓ}, and (except at the top) nearest-neighbour ×2 upsampling and a 3×3 convolution to
 *       the next level's channels;</li>
 *   <li>out: GroupNorm–SiLU–3×3 convolution to C channels.</li>
 * </ul>
 *
 * <p>As a {@link VelocityField} it acts on flattened images, {@code dim = C·H·W} in NCHW order, so the Flow Matching
 * loss, the samplers and {@link io.github.flows4j.cnf.likelihood.CnfLikelihood} (with the Hutchinson divergence: the
 * exact one costs {@code dim} backward passes) work on it unchanged; {@link #velocityImage} takes and returns images.
 *
 * <pre>{@code
 * UNetVelocityField v = UNetVelocityField.builder().image(1, 28, 28).base(32).multipliers(1, 2, 2).groups(8)
 *         .build(Rng.seeded(0));          // 28 -> 14 -> 7
 * Tensor u = v.velocity(x, t);            // x: [batch, 784], t: [batch, 1] -> u: [batch, 784]
 * }</pre>
 */
public final class UNetVelocityField extends Module implements VelocityField {
    private final int channels;
    private final int height;
    private final int width;
    private final int[] widths;
    private final SinusoidalTimeEmbedding embedding;
    private final Linear time1;
    private final Linear time2;
    private final Conv2d in;
    private final ModuleList<ResBlock> down;
    private final ModuleList<Conv2d> downsample;
    private final ResBlock middle;
    private final ModuleList<ResBlock> up;
    private final ModuleList<Conv2d> upConv;
    private final GroupNorm outNorm;
    private final Conv2d out;

    private UNetVelocityField(Builder b, Rng rng) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        int levels = b.multipliers.length;
        this.widths = new int[levels];
        for (int i = 0; i < levels; i++) {
            widths[i] = b.base * b.multipliers[i];
        }
        int timeDim = 4 * b.base;
        this.embedding = new SinusoidalTimeEmbedding(b.embeddingDim, 1000);
        this.time1 = registerModule("time1", new Linear(b.embeddingDim, timeDim, true, b.dtype, rng.split()));
        this.time2 = registerModule("time2", new Linear(timeDim, timeDim, true, b.dtype, rng.split()));
        this.in = registerModule("in", conv(channels, widths[0], 1, b.dtype, rng));
        List<ResBlock> downBlocks = new ArrayList<>();
        List<Conv2d> downConvs = new ArrayList<>();
        int prev = widths[0];
        for (int i = 0; i < levels; i++) {
            downBlocks.add(new ResBlock(prev, widths[i], timeDim, b.groups, b.dtype, rng.split()));
            if (i < levels - 1) {
                downConvs.add(conv(widths[i], widths[i], 2, b.dtype, rng));
            }
            prev = widths[i];
        }
        this.down = registerModule("down", ModuleList.of(downBlocks));
        this.downsample = registerModule("downsample", ModuleList.of(downConvs));
        this.middle = registerModule("middle", new ResBlock(prev, prev, timeDim, b.groups, b.dtype, rng.split()));
        List<ResBlock> upBlocks = new ArrayList<>();
        List<Conv2d> upConvs = new ArrayList<>();
        for (int i = levels - 1; i >= 0; i--) {
            upBlocks.add(new ResBlock(2 * widths[i], widths[i], timeDim, b.groups, b.dtype, rng.split()));
            if (i > 0) {
                upConvs.add(conv(widths[i], widths[i - 1], 1, b.dtype, rng));
            }
        }
        this.up = registerModule("up", ModuleList.of(upBlocks));
        this.upConv = registerModule("upsample", ModuleList.of(upConvs));
        this.outNorm = registerModule("out_norm", new GroupNorm(Math.min(b.groups, widths[0]), widths[0], b.dtype));
        this.out = registerModule("out", conv(widths[0], channels, 1, b.dtype, rng));
    }

    private static Conv2d conv(int in, int out, int stride, DataType dtype, Rng rng) {
        return Conv2d.builder(in, out).kernel(3).stride(stride).padding(1).dtype(dtype).build(rng.split());
    }

    /** @return a builder; {@link Builder#image} is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return channels * height * width;
    }

    /** @return {@code {C, H, W}}, the shape of one image */
    public int[] imageShape() {
        return new int[] {channels, height, width};
    }

    /**
     * @param x flattened images, {@code [batch, C·H·W]} in NCHW order
     * @param t times, {@code [batch, 1]}, same type as x
     * @return velocities, {@code [batch, C·H·W]}
     * @throws ShapeMismatchException if {@code x} or {@code t} has another shape
     */
    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        if (x.rank() != 2 || x.size(1) != dim()) {
            throw ShapeMismatchException.of("x", "[batch, " + dim() + "] (flattened " + shapeText() + " images)",
                    x.shape());
        }
        long n = x.size(0);
        return velocityImage(x.reshape(n, channels, height, width), t).reshape(n, dim());
    }

    /**
     * @param x images, {@code [batch, C, H, W]}
     * @param t times, {@code [batch, 1]}, same type as x
     * @return velocities, {@code [batch, C, H, W]}
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, C, H, W]} or {@code t} not {@code [batch, 1]}
     */
    public Tensor velocityImage(Tensor x, Tensor t) {
        long[] s = x.shape();
        if (s.length != 4 || s[1] != channels || s[2] != height || s[3] != width) {
            throw ShapeMismatchException.of("x", "[batch, " + channels + ", " + height + ", " + width + "]", s);
        }
        if (t.rank() != 2 || t.size(0) != s[0] || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + s[0] + ", 1]", t.shape());
        }
        Tensor temb = time2.forward(time1.forward(embedding.embed(t)).silu()).silu();
        int levels = widths.length;
        Tensor h = in.forward(x);
        Tensor[] skips = new Tensor[levels];
        for (int i = 0; i < levels; i++) {
            h = down.get(i).forward(h, temb);
            skips[i] = h;
            if (i < levels - 1) {
                h = downsample.get(i).forward(h);
            }
        }
        h = middle.forward(h, temb);
        for (int i = levels - 1, k = 0; i >= 0; i--, k++) {
            h = up.get(k).forward(Tensor.concat(1, h, skips[i]), temb);
            if (i > 0) {
                h = upConv.get(k).forward(upsample2(h));
            }
        }
        return out.forward(outNorm.forward(h).silu());
    }

    /** Nearest-neighbour ×2 upsampling of {@code [n, c, h, w]} to {@code [n, c, 2h, 2w]}, through the tape. */
    static Tensor upsample2(Tensor x) {
        return Upsample.nearest2x(x);
    }

    private String shapeText() {
        return channels + "×" + height + "×" + width;
    }

    @Override
    public String toString() {
        return "UNetVelocityField[image=" + shapeText() + ", widths=" + Arrays.toString(widths) + ", parameters="
                + parameterCount() + "]";
    }

    /** Builds a {@link UNetVelocityField}; validated in {@link #build}. */
    public static final class Builder {
        private int channels;
        private int height;
        private int width;
        private int base = 32;
        private int[] multipliers = {1, 2, 2};
        private int groups = 8;
        private int embeddingDim = 32;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /**
         * @param c channels C (required, &ge; 1)
         * @param h height H (required), divisible by 2^(levels − 1)
         * @param w width W (required), divisible by 2^(levels − 1)
         * @return this
         */
        public Builder image(int c, int h, int w) {
            channels = c;
            height = h;
            width = w;
            return this;
        }

        /** @param value channels of the first level (default 32) @return this */
        public Builder base(int value) {
            base = value;
            return this;
        }

        /**
         * @param values per level, the channel count as a multiple of {@code base} (default 1, 2, 2: three levels,
         *               two halvings)
         * @return this
         */
        public Builder multipliers(int... values) {
            multipliers = values == null ? null : values.clone();
            return this;
        }

        /** @param value GroupNorm groups (default 8), dividing every level's channel count @return this */
        public Builder groups(int value) {
            groups = value;
            return this;
        }

        /** @param value features of the sinusoidal time embedding, even (default 32) @return this */
        public Builder embeddingDim(int value) {
            embeddingDim = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /**
         * @param rng initialises the weights
         * @return the field
         * @throws InvalidConfigException naming the first value that breaks its rule
         */
        public UNetVelocityField build(Rng rng) {
            if (channels < 1) {
                throw InvalidConfigException.of("image channels", ">= 1 (set image(c, h, w))", channels);
            }
            if (base < 1) {
                throw InvalidConfigException.of("base", ">= 1", base);
            }
            if (multipliers == null || multipliers.length == 0) {
                throw InvalidConfigException.of("multipliers", "at least one level", Arrays.toString(multipliers));
            }
            for (int m : multipliers) {
                if (m < 1) {
                    throw InvalidConfigException.of("multipliers", "all >= 1", Arrays.toString(multipliers));
                }
            }
            int factor = 1 << (multipliers.length - 1);
            for (int[] side : new int[][] {{height, 'h'}, {width, 'w'}}) {
                if (side[0] < factor || side[0] % factor != 0) {
                    throw InvalidConfigException.of("image " + (side[1] == 'h' ? "height" : "width"),
                            "a positive multiple of 2^(levels - 1) = " + factor + " (" + multipliers.length
                                    + " levels)", side[0]);
                }
            }
            if (groups < 1) {
                throw InvalidConfigException.of("groups", ">= 1", groups);
            }
            for (int m : multipliers) {
                if ((base * m) % Math.min(groups, base * m) != 0) {
                    throw InvalidConfigException.of("groups", "a divisor of every level's channels (base·m = "
                            + base * m + ")", groups);
                }
            }
            if (embeddingDim < 2 || embeddingDim % 2 != 0) {
                throw InvalidConfigException.of("embeddingDim", "even and >= 2", embeddingDim);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            Checks.notNull("rng", rng);
            return new UNetVelocityField(this, rng);
        }
    }
}
