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
 * A partially input-convex network g(x; c), convex in x for every fixed context c (Amos, Xu and Kolter, ICML 2017,
 * Eq. 3), for conditional convex potential flows (Huang et al., ICLR 2021, Sec. 5.3). The context runs through an
 * ordinary network u = ELU(C c + e); each x-path layer is gated by it:
 * <pre>
 *   z₁     = σ₀(N₀(A₀ x + B₀ u + b₀))
 *   z_{k+1} = σ(N_k(W⁺_k (z_k ⊙ softplus(G_k u + g_k)) + A_k (x ⊙ (H_k u + 1)) + B_k u + b_k))
 *   g      = N_L(w⁺_L · (z_L ⊙ softplus(G_L u + g_L)) + a_L · (x ⊙ (H_L u + 1)))
 * </pre>
 * For fixed c the gates softplus(G u + g) are non-negative constants, x ⊙ (H u + 1) is linear in x and B u is a
 * constant, so each z_k is convex in x exactly as in an {@link Icnn}. G and H start at zero and the gate bias at
 * ln(e − 1), so at initialisation every gate is 1 and the network is an ICNN with context-dependent offsets.
 *
 * <pre>{@code
 * Picnn g = new Picnn(PicnnConfig.builder().inputDim(1).contextDim(1).width(32).build(), Rng.seeded(0));
 * Tensor out = g.forward(x, c);             // x: [batch, 1], c: [batch, 1] -> [batch, 1], convex in x
 * }</pre>
 */
public final class Picnn extends ConvexNetwork {
    private static final double GATE_BIAS = Math.log(Math.E - 1);

    private final PicnnConfig config;
    private final Linear context;
    private final ModuleList<Linear> xPath;
    private final ModuleList<Linear> contextShift;
    private final ModuleList<PositiveLinear> zPath;
    private final ModuleList<Linear> zGate;
    private final ModuleList<Linear> xGate;
    private final ModuleList<ActNorm> norms;

    /**
     * @param config the shape
     * @param rng    the source of the initial weights
     * @throws InvalidConfigException if config or rng is null
     */
    public Picnn(PicnnConfig config, Rng rng) {
        Checks.notNull("config", config);
        Checks.notNull("rng", rng);
        this.config = config;
        int d = config.inputDim();
        int w = config.width();
        DataType t = config.dtype();
        this.context = registerModule("context", new Linear(config.contextDim(), w, true, t, rng));
        List<Linear> xs = new ArrayList<>();
        List<Linear> shifts = new ArrayList<>();
        List<PositiveLinear> zs = new ArrayList<>();
        List<Linear> zg = new ArrayList<>();
        List<Linear> xg = new ArrayList<>();
        List<ActNorm> ns = new ArrayList<>();
        for (int k = 0; k <= config.depth(); k++) {
            boolean output = k == config.depth();
            int out = output ? 1 : w;
            xs.add(new Linear(d, out, !output, t, rng));
            if (!output) {
                shifts.add(new Linear(w, w, false, t, rng));
            }
            if (k > 0) {
                zs.add(new PositiveLinear(w, out, false, t, rng));
                Linear gz = new Linear(w, w, true, t, rng);
                gz.weight().value().assign(0);
                gz.bias().value().assign(GATE_BIAS);
                zg.add(gz);
                Linear gx = new Linear(w, d, true, t, rng);
                gx.weight().value().assign(0);
                gx.bias().value().assign(0);
                xg.add(gx);
            }
            if (config.actNorm()) {
                ns.add(new ActNorm(out, t));
            }
        }
        this.xPath = registerModule("x", ModuleList.of(xs));
        this.contextShift = registerModule("shift", ModuleList.of(shifts));
        this.zPath = registerModule("z", ModuleList.of(zs));
        this.zGate = registerModule("zgate", ModuleList.of(zg));
        this.xGate = registerModule("xgate", ModuleList.of(xg));
        this.norms = registerModule("norm", ModuleList.of(ns));
    }

    /** @return the shape */
    public PicnnConfig config() {
        return config;
    }

    @Override
    public int inputDim() {
        return config.inputDim();
    }

    @Override
    public int contextDim() {
        return config.contextDim();
    }

    @Override
    public DataType dtype() {
        return config.dtype();
    }

    /**
     * @param x [batch, d]
     * @param c [batch, contextDim]
     * @return g(x; c), [batch, 1]
     */
    @Override
    public Tensor forward(Tensor x, Tensor c) {
        checkInputs(x.shape(), c == null ? null : c.shape());
        return run(x, c, false);
    }

    @Override
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public void initialize(INDArray x, INDArray c) {
        checkInputs(x.shape(), c == null ? null : c.shape());
        if (!config.actNorm()) {
            return;
        }
        try (GradMode.Scope off = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            run(Tensor.constant(x.dataType() == dtype() ? x : x.castTo(dtype())),
                    Tensor.constant(c.dataType() == dtype() ? c : c.castTo(dtype())), true);
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

    private Tensor run(Tensor x, Tensor c, boolean init) {
        ConvexActivation act = config.activation();
        Tensor u = context.forward(c).elu(1.0);
        Tensor pre0 = norm(0, xPath.get(0).forward(x).add(contextShift.get(0).forward(u)), init);
        Tensor z = config.symmetricFirst() ? act.applySymmetric(pre0) : act.apply(pre0);
        int depth = config.depth();
        for (int k = 1; k <= depth; k++) {
            Tensor gz = zGate.get(k - 1).forward(u).softplus();
            Tensor gx = xGate.get(k - 1).forward(u).add(1.0);
            Tensor pre = zPath.get(k - 1).forward(z.mul(gz)).add(xPath.get(k).forward(x.mul(gx)));
            if (k < depth) {
                z = act.apply(norm(k, pre.add(contextShift.get(k).forward(u)), init));
            } else {
                z = norm(k, pre, init);
            }
        }
        return z;
    }

    @Override
    public String toString() {
        return "Picnn(" + config + ")";
    }
}
