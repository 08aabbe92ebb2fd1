package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.ActNorm;
import io.github.flows4j.core.nn.Linear;
import io.github.flows4j.core.nn.ModuleList;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An input-convex neural network g : R^d → R (Amos, Xu and Kolter, ICML 2017, Eq. 2), as CP-Flow uses it
 * (Huang et al., ICLR 2021, Sec. 3):
 * <pre>
 *   z₁     = σ₀(N₀(A₀ x + b₀))
 *   z_{k+1} = σ(N_k(W⁺_k z_k + A_k x + b_k))                k = 1 … L−1
 *   g(x)   = N_L(w⁺_L · z_L + a_L · x + b_L)
 * </pre>
 * with W⁺ = softplus(W)/fan-in ≥ 0 ({@link PositiveLinear}), σ convex and non-decreasing
 * ({@link ConvexActivation}), σ₀ = σ or σ(u) − u/2 ({@code symmetricFirst}), and N optional ActNorms with positive
 * scales. Every z_k is convex in x — a non-negative combination of convex functions plus an affine one, through a
 * convex non-decreasing map — and so is g. The skip connections A_k x from the input restore the expressiveness
 * the sign constraint removes. With {@code augmented}, each layer k ≥ 1 computes width/2 z-path units and appends
 * width/2 input-only units σ₀(A'_k x + b'_k) (CP-Flow's {@code ICNN3}).
 *
 * <p>Parameter names: {@code first.*}, {@code z.<k>.weight}, {@code x.<k>.*}, {@code aug.<k>.*},
 * {@code norm.<k>.*}, with the output layer last in each list.
 *
 * <pre>{@code
 * Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(64).depth(4).dtype(DataType.DOUBLE).build(),
 *         Rng.seeded(0));
 * Tensor out = g.forward(x, null);           // x: [batch, 2] -> [batch, 1], convex in x
 * }</pre>
 */
public final class Icnn extends ConvexNetwork {
    private final IcnnConfig config;
    private final Linear first;
    private final ModuleList<PositiveLinear> zPath;
    private final ModuleList<Linear> xPath;
    private final ModuleList<Linear> augment;
    private final ModuleList<ActNorm> norms;

    /**
     * @param config the shape
     * @param rng    the source of the initial weights (PyTorch's {@code nn.Linear} initialisation)
     * @throws InvalidConfigException if config or rng is null
     */
    public Icnn(IcnnConfig config, Rng rng) {
        Checks.notNull("config", config);
        Checks.notNull("rng", rng);
        this.config = config;
        int d = config.inputDim();
        int w = config.width();
        int hidden = config.augmented() ? w / 2 : w;
        DataType t = config.dtype();
        this.first = registerModule("first", new Linear(d, w, true, t, rng));
        List<PositiveLinear> zs = new ArrayList<>();
        List<Linear> xs = new ArrayList<>();
        List<Linear> augs = new ArrayList<>();
        List<ActNorm> ns = new ArrayList<>();
        if (config.actNorm()) {
            ns.add(new ActNorm(w, t));
        }
        for (int k = 1; k < config.depth(); k++) {
            zs.add(new PositiveLinear(w, hidden, false, t, rng));
            xs.add(new Linear(d, hidden, true, t, rng));
            if (config.augmented()) {
                augs.add(new Linear(d, w - hidden, true, t, rng));
            }
            if (config.actNorm()) {
                ns.add(new ActNorm(hidden, t));
            }
        }
        zs.add(new PositiveLinear(w, 1, false, t, rng));
        xs.add(new Linear(d, 1, true, t, rng));
        if (config.actNorm()) {
            ns.add(new ActNorm(1, t));
        }
        this.zPath = registerModule("z", ModuleList.of(zs));
        this.xPath = registerModule("x", ModuleList.of(xs));
        this.augment = registerModule("aug", ModuleList.of(augs));
        this.norms = registerModule("norm", ModuleList.of(ns));
    }

    /** @return the shape */
    public IcnnConfig config() {
        return config;
    }

    @Override
    public int inputDim() {
        return config.inputDim();
    }

    @Override
    public int contextDim() {
        return 0;
    }

    @Override
    public DataType dtype() {
        return config.dtype();
    }

    /**
     * @param x       [batch, d]
     * @param context must be {@code null}
     * @return g(x), [batch, 1]
     */
    @Override
    public Tensor forward(Tensor x, Tensor context) {
        checkInputs(x.shape(), context == null ? null : context.shape());
        return run(x, false);
    }

    @Override
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public void initialize(INDArray x, INDArray context) {
        checkInputs(x.shape(), context == null ? null : context.shape());
        if (!config.actNorm()) {
            return;
        }
        try (GradMode.Scope off = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            run(Tensor.constant(x.dataType() == dtype() ? x : x.castTo(dtype())), true);
        }
    }

    private Tensor norm(int k, Tensor pre, boolean init) {
        if (!config.actNorm()) {
            return pre;
        }
        ActNorm n = norms.get(k);
        if (init) {
            n.initialize(pre.value());
        }
        return n.forward(pre);
    }

    private Tensor firstActivation(Tensor u) {
        return config.symmetricFirst() ? config.activation().applySymmetric(u) : config.activation().apply(u);
    }

    private Tensor run(Tensor x, boolean init) {
        ConvexActivation act = config.activation();
        Tensor z = firstActivation(norm(0, first.forward(x), init));
        int last = config.depth() - 1;
        for (int k = 1; k <= last; k++) {
            Tensor pre = zPath.get(k - 1).forward(z).add(xPath.get(k - 1).forward(x));
            z = act.apply(norm(k, pre, init));
            if (config.augmented()) {
                z = Tensor.concat(1, z, firstActivation(augment.get(k - 1).forward(x)));
            }
        }
        Tensor out = zPath.get(last).forward(z).add(xPath.get(last).forward(x));
        return norm(config.depth(), out, init);
    }

    @Override
    public String toString() {
        return "Icnn(" + config + ")";
    }
}
