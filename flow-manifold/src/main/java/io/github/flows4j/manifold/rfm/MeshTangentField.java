package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.SurfacePoint;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The RFM network on a triangle mesh (Chen and Lipman 2024, §3.3 and §5.2): an {@link Mlp} f_θ on the ambient
 * coordinates and time, [(x − c)/s, t] ↦ s·f, projected onto the plane of the face that contains x,
 * <pre>
 *   v_θ(x, t) = P_f(x) f_θ(x, t),   P_f = I − n_f n_fᵀ,
 * </pre>
 * where f(x) is the face of x's closest point ({@link MeshLocator}) and c, s are the centre and half-diagonal of the
 * mesh's bounding box (so the network sees O(1) inputs and outputs velocities in mesh units). The projection is
 * constant on each face and is treated as a constant in autodiff, so within a face ∂v/∂x = P ∂f/∂x and the
 * divergence on the face, tr(P J P), is what {@link MeshLikelihood} integrates. The field is discontinuous across
 * edges where the normal turns, as in the paper.
 *
 * <pre>{@code
 * MeshTangentField v = MeshTangentField.builder(MeshLocator.of(bunny)).hidden(256, 256, 256).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);     // x: [batch, 3] on the mesh, t: [batch, 1] → [batch, 3] in the faces' planes
 * }</pre>
 */
public final class MeshTangentField extends Module implements VelocityField {
    private final MeshLocator locator;
    private final double[] centre;
    private final double scale;
    private final Mlp net;

    private MeshTangentField(Builder b, Rng rng) {
        this.locator = b.locator;
        double[] v = locator.mesh().vertices();
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < v.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], v[i]);
            hi[i % 3] = Math.max(hi[i % 3], v[i]);
        }
        this.centre = new double[] {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2};
        this.scale = Math.max(locator.diameter() / 2, 1e-12);
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = 4;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = 3;
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(b.dtype).build(rng));
    }

    /**
     * @param locator the closest-point locator of the mesh (required)
     * @return a builder: hidden 256, 256, 256, SiLU, FLOAT
     */
    public static Builder builder(MeshLocator locator) {
        return new Builder(locator);
    }

    /** @return the locator whose faces give the tangent planes */
    public MeshLocator locator() {
        return locator;
    }

    @Override
    public int dim() {
        return 3;
    }

    /**
     * @param x points on (or, inside a solver step, near) the mesh, [batch, 3]
     * @param t times, [batch, 1], same type
     * @return velocities in the planes of the faces of x's closest points, [batch, 3]
     * @throws ShapeMismatchException if x is not [batch, 3] or t not [batch, 1]
     */
    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        if (x.rank() != 2 || x.size(1) != 3) {
            throw ShapeMismatchException.of("x", "[batch, 3]", x.shape());
        }
        if (t.rank() != 2 || t.size(0) != x.size(0) || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
        int n = (int) x.size(0);
        DataType type = x.value().dataType();
        SurfacePoint[] at = locator.locate(x.value());
        TriangleMesh mesh = locator.mesh();
        double[] normals = new double[3 * n];
        double[] shift = new double[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(mesh.faceNormal(at[i].face()), 0, normals, 3 * i, 3);
            for (int j = 0; j < 3; j++) {
                shift[3 * i + j] = -centre[j] / scale;
            }
        }
        Tensor input = x.mul(1 / scale).add(Tensor.constant(HostArrays.fromDoubles(shift, type, n, 3)));
        Tensor f = net.forward(Tensor.concat(1, input, t)).mul(scale);
        Tensor nrm = Tensor.constant(HostArrays.fromDoubles(normals, type, n, 3));
        return f.sub(nrm.mul(f.mul(nrm).sum(true, 1)));
    }

    @Override
    public String toString() {
        return "MeshTangentField[" + locator.mesh() + ", " + net + "]";
    }

    /** Builds a {@link MeshTangentField}; validated in {@link #build}. */
    public static final class Builder {
        private final MeshLocator locator;
        private int[] hidden = {256, 256, 256};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;

        private Builder(MeshLocator locator) {
            this.locator = locator;
        }

        /** @param sizes hidden widths (default 256, 256, 256) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes.clone();
            return this;
        }

        /** @param value the activation (default SiLU) @return this */
        public Builder activation(Activation value) {
            activation = value;
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
         * @throws InvalidConfigException if the locator or a setting is missing, or a width is not positive
         */
        public MeshTangentField build(Rng rng) {
            if (locator == null) {
                throw InvalidConfigException.of("locator", "a mesh locator", null);
            }
            if (activation == null || dtype == null) {
                throw new InvalidConfigException("activation and dtype must be set; got " + activation + ", " + dtype);
            }
            if (hidden.length == 0) {
                throw InvalidConfigException.of("hidden", "at least one width", "[]");
            }
            for (int h : hidden) {
                if (h < 1) {
                    throw InvalidConfigException.of("hidden", "positive widths", Arrays.toString(hidden));
                }
            }
            return new MeshTangentField(this, rng);
        }
    }
}
