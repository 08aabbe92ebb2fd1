package io.github.flows4j.examples.fm;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.distributions.IsotropicGaussianMixture;
import io.github.flows4j.core.distributions.Sampler;
import io.github.flows4j.core.distributions.StandardNormal;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where {@code flows4j fm} draws x₀: the standard normal (the default, noise-to-data) or any 2-D toy, which makes
 * the run a data-to-data translation (e.g. {@code --source 8gaussians --dataset moons}).
 *
 * <pre>{@code
 * Sampler s = Fm2dSource.EIGHT_GAUSSIANS.sampler();          // Toy2d.EIGHT_GAUSSIANS
 * Optional<Distribution> d = Fm2dSource.TWO_MOONS.density();  // empty: no closed-form density
 * }</pre>
 */
public enum Fm2dSource {
    /** N(0, I). */
    GAUSSIAN(null),
    /** {@link Toy2d#CHECKERBOARD}. */
    CHECKERBOARD(Toy2d.CHECKERBOARD),
    /** {@link Toy2d#EIGHT_GAUSSIANS}. */
    EIGHT_GAUSSIANS(Toy2d.EIGHT_GAUSSIANS),
    /** {@link Toy2d#TWO_MOONS}. */
    TWO_MOONS(Toy2d.TWO_MOONS),
    /** {@link Toy2d#CIRCLES}. */
    CIRCLES(Toy2d.CIRCLES),
    /** {@link Toy2d#PINWHEEL}. */
    PINWHEEL(Toy2d.PINWHEEL),
    /** {@link Toy2d#TWO_SPIRALS}. */
    TWO_SPIRALS(Toy2d.TWO_SPIRALS),
    /** {@link Toy2d#SWISS_ROLL}. */
    SWISS_ROLL(Toy2d.SWISS_ROLL),
    /** {@link Toy2d#RINGS}. */
    RINGS(Toy2d.RINGS);

    private final Toy2d toy;

    Fm2dSource(Toy2d toy) {
        this.toy = toy;
    }

    /** @return the command-line name: "gaussian" or the toy's id */
    public String id() {
        return toy == null ? "gaussian" : toy.id();
    }

    /** @return whether this is the standard normal */
    public boolean isGaussian() {
        return toy == null;
    }

    /** @return the sampler of x₀ */
    public Sampler sampler() {
        return toy == null ? new StandardNormal(2) : toy;
    }

    /**
     * @return the source as a distribution with a log-density, where it has one (the likelihood needs it): N(0, I),
     *     8 Gaussians as an {@link IsotropicGaussianMixture} (differentiable, so maximum likelihood can train from
     *     it), the checkerboard's constant density (flat, −∞ off its squares: evaluation only)
     */
    public Optional<Distribution> density() {
        if (toy == null) {
            return Optional.of(new StandardNormal(2));
        }
        if (toy == Toy2d.EIGHT_GAUSSIANS) {
            return Optional.of(eightGaussians());
        }
        return toy.hasLogDensity() ? Optional.of(toy.distribution()) : Optional.empty();
    }

    /** @return {@link Toy2d#EIGHT_GAUSSIANS} as a mixture: means 4 c_k / 1.414 on the compass points, std 0.5/1.414 */
    static IsotropicGaussianMixture eightGaussians() {
        double h = Math.sqrt(0.5);
        double[][] c = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {h, h}, {h, -h}, {-h, h}, {-h, -h}};
        double[][] means = new double[8][2];
        for (int k = 0; k < 8; k++) {
            means[k][0] = 4 * c[k][0] / 1.414;
            means[k][1] = 4 * c[k][1] / 1.414;
        }
        return new IsotropicGaussianMixture(Nd4j.createFromArray(means), 0.5 / 1.414);
    }
}
