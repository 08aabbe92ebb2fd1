package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.SurfacePoint;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A hinge: a flat 1 × 2 strip A in z = 0 (x in [−1, 0]) folded up by 60° along x = 0 into a strip B. The constant
 * ambient field c = (1, 0, 0), made tangent face by face, moves at speed 1 on A and cos 60° = ½ on B; the flux
 * through the fold is continuous only if the density doubles there, p_B = p_A / cos 60°. Starting uniform
 * (1/area = ¼), a point on B that came from A has density ½ — the per-face divergence (zero on both strips) alone
 * would say ¼.
 */
class MeshEdgeJumpTest {
    private static final double ANGLE = Math.PI / 3;

    private static TriangleMesh hinge() {
        double cx = Math.cos(ANGLE);
        double sz = Math.sin(ANGLE);
        double[] v = {
            -1, -1, 0, 0, -1, 0, 0, 1, 0, -1, 1, 0,     // strip A: 0..3
            cx, -1, sz, cx, 1, sz};                      // strip B's far edge: 4, 5
        int[] f = {0, 1, 2, 0, 2, 3, 1, 4, 5, 1, 5, 2};
        return TriangleMesh.of(v, f);
    }

    /** c = (1, 0, 0) projected onto the plane of each point's face. */
    private record ConstantTangentField(MeshLocator locator) implements VelocityField {
        @Override
        public Tensor velocity(Tensor x, Tensor t) {
            SurfacePoint[] at = locator.locate(x.value());
            double[] out = new double[3 * at.length];
            for (int i = 0; i < at.length; i++) {
                double[] n = locator.mesh().faceNormal(at[i].face());
                for (int j = 0; j < 3; j++) {
                    out[3 * i + j] = (j == 0 ? 1 : 0) - n[0] * n[j];
                }
            }
            return Tensor.constant(HostArrays.fromDoubles(out, x.value().dataType(), at.length, 3));
        }

        @Override
        public int dim() {
            return 3;
        }
    }

    private static double logDensity(boolean jumps) {
        MeshLocator locator = MeshLocator.of(hinge());
        // on B, 0.25 from the fold: back in time it reaches the fold after 0.5 and ends at x = −0.5 on A
        double s = 0.25;
        INDArray x = HostArrays.fromDoubles(new double[] {s * Math.cos(ANGLE), 0.1, s * Math.sin(ANGLE)},
                DataType.DOUBLE, 1, 3);
        MeshLikelihood lik = MeshLikelihood.builder(locator)
                .solve(new SurfaceWalkSolver(new Rk4(), SurfaceWalk.of(locator)), MeshLikelihoodTest.fixed(37))
                .edgeJumps(jumps).build();
        return lik.evaluate(new ConstantTangentField(locator), x).logProb().getDouble(0);
    }

    @Test
    void theDensityJumpsByTheRatioOfNormalSpeedsAtAFold() {
        assertEquals(Math.log(0.5), logDensity(true), 1e-9, "p_B = p_A / cos 60° = 1/2");
        assertEquals(Math.log(0.25), logDensity(false), 1e-9, "without the jump: the uniform 1/4");
    }
}
