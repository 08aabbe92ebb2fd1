package io.github.flows4j.examples.rfm;

import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.manifold.mesh.CotangentLaplacian;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import io.github.flows4j.manifold.rfm.KappaScheduler;
import io.github.flows4j.manifold.rfm.PremetricPath;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The spectral-premetric options the mesh commands ({@code rfm-mesh}, {@code rfm-maze}) share — {@code --modes},
 * {@code --spectral-features}, {@code --path-steps}, {@code --max-speed} — with the pieces they build from them: the
 * eigenpairs, the simulated premetric path and the speed cap in mesh units. Mixed in with {@code @Mixin}; a command
 * whose defaults differ names them in its {@link io.github.flows4j.examples.support.CommandDefaults}.
 *
 * <pre>{@code
 * @Mixin PremetricOptions premetric;
 * premetric.validate(spec);
 * Eigenpairs eig = premetric.eigenpairs(mesh);
 * PremetricPath path = premetric.path(SpectralDistance.of(mesh, eig, SpectralWeight.biharmonic()));
 * }</pre>
 */
public final class PremetricOptions {
    @Option(names = "--modes", defaultValue = "50",
            description = "Non-constant Laplacian eigenpairs (Neumann on boundaries) in the premetric "
                    + "(default ${DEFAULT-VALUE}).")
    private int modes;

    @Option(names = "--spectral-features", defaultValue = "0", paramLabel = "<m>",
            description = "Also feed the network the first m non-constant Laplacian eigenfunctions at x (intrinsic "
                    + "coordinates), m <= --modes; 0 = ambient coordinates only (default ${DEFAULT-VALUE}).")
    private int spectralFeatures;

    @Option(names = "--path-steps", defaultValue = "20",
            description = "Euler steps that simulate the premetric path per batch (default ${DEFAULT-VALUE}).")
    private int pathSteps;

    @Option(names = "--max-speed", defaultValue = "0",
            description = "Cap target speeds at this many mesh diameters (bounding-box diagonals) per unit time; "
                    + "0 = the paper's uncapped loss (default ${DEFAULT-VALUE}).")
    private double maxSpeed;

    /**
     * @param spec the command, for the error
     * @throws ParameterException naming the four options if --modes or --path-steps &lt; 1, --spectral-features is
     *                            outside [0, --modes] or --max-speed &lt; 0
     */
    public void validate(CommandSpec spec) {
        if (modes < 1 || spectralFeatures < 0 || spectralFeatures > modes || pathSteps < 1 || !(maxSpeed >= 0)) {
            throw new ParameterException(spec.commandLine(), "--modes and --path-steps must be >= 1, "
                    + "--spectral-features in [0, --modes] and --max-speed >= 0; got " + modes + ", " + pathSteps
                    + ", " + spectralFeatures + ", " + maxSpeed);
        }
    }

    /**
     * Checks {@code --modes} against a mesh: the eigensolver needs more vertices than the {@code modes + 1}
     * eigenpairs it computes.
     *
     * @param spec  the command, for the usage error
     * @param mesh  the mesh the premetric will live on
     * @param sized what sets the mesh's size, for the message (e.g. "--width, --height or --resolution")
     * @throws ParameterException (exit 2) naming {@code --modes} and the mesh's vertex count when it is too small
     */
    public void validate(CommandSpec spec, TriangleMesh mesh, String sized) {
        int n = mesh.vertexCount();
        if (modes + 1 >= n) {
            throw new ParameterException(spec.commandLine(), "--modes " + modes + " needs a mesh with more than "
                    + (modes + 1) + " vertices, but this mesh has " + n + " vertices; lower --modes to at most "
                    + Math.max(0, n - 2) + (sized == null ? "" : " or enlarge the mesh with " + sized));
        }
    }

    /** @return the number of non-constant eigenpairs */
    public int modes() {
        return modes;
    }

    /** @return m, the spectral input features of the network (0 for none) */
    public int spectralFeatures() {
        return spectralFeatures;
    }

    /** @return the speed cap in mesh diameters per unit time, 0 for none */
    public double maxSpeed() {
        return maxSpeed;
    }

    /**
     * @param mesh the mesh (connected)
     * @return its {@code modes + 1} smallest Laplacian eigenpairs (the constant and the non-constant ones)
     */
    public Eigenpairs eigenpairs(TriangleMesh mesh) {
        return CotangentLaplacian.of(mesh).eigenpairs(modes + 1, EigenOptions.defaults());
    }

    /**
     * @param distance the spectral premetric
     * @return the premetric path, κ = 1 − t, simulated with {@code --path-steps} Euler steps
     */
    public PremetricPath path(SpectralDistance distance) {
        return new PremetricPath(distance, KappaScheduler.linear(), new Euler(), pathSteps);
    }

    /**
     * @param distance the spectral premetric, whose locator gives the mesh's diameter
     * @return the speed cap in mesh units per unit time (0 for none)
     */
    public double speedCap(SpectralDistance distance) {
        return maxSpeed * distance.locator().diameter();
    }
}
