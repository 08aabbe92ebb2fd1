package io.github.flows4j.examples.ncl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class NavierStokesTest {
    private static final double NU = 0.1;

    @ParameterizedTest
    @EnumSource(FluidProblem.class)
    void theExactSolutionHasZeroMomentumResidualAndDivergence(FluidProblem problem) {
        Rng rng = Rng.seeded(0);
        Tensor x = Tensor.constant(problem.points(64, rng, DataType.DOUBLE));
        Tensor t = Tensor.constant(rng.uniform(0, 1, DataType.DOUBLE, 64, 1));
        NavierStokes.Terms r = NavierStokes.terms(problem.exact(NU), x, t, NU);
        assertEquals(problem.dim(), r.residual().size(1));
        assertTrue(r.residual().value().amaxNumber().doubleValue() < 1e-12, "residual " + r.residual().value());
        assertTrue(r.divergence().value().amaxNumber().doubleValue() < 1e-12);
        assertTrue(NavierStokes.divergence(problem.exact(NU), x, t).value().amaxNumber().doubleValue() < 1e-12);
        // the loss code is not trivially zero: the wrong viscosity leaves a residual of the size of ν Δu
        NavierStokes.Terms wrong = NavierStokes.terms(problem.exact(NU), x, t, 2 * NU);
        assertTrue(wrong.residual().value().amaxNumber().doubleValue() > 0.05);
        // the float64 formula the errors are measured against is the same field
        INDArray exact = problem.velocity(x.value(), t.value(), NU);
        assertTrue(exact.sub(r.velocity().value()).amaxNumber().doubleValue() < 1e-14);
        assertTrue(exact.amaxNumber().doubleValue() > 0.3, "a non-trivial field");
    }

    @Test
    void ethierSteinmanMatchesThePaperAtTheOrigin() {
        // at x = 0, t = 0: u_k = −a (sin 0 + cos 0) = −a for every k, p = −(a²/2)(3 + 0)
        Tensor x = Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 1, 3));
        Tensor t = Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 1, 1));
        Tensor[] up = FluidProblem.ETHIER_STEINMAN.exact(NU).evaluate(x, t);
        double a = Math.PI / 4;
        for (int k = 0; k < 3; k++) {
            assertEquals(-a, up[0].value().getDouble(0, k), 1e-15);
        }
        assertEquals(-1.5 * a * a, up[1].value().getDouble(0, 0), 1e-15);
        // and it decays as e^{−νd²t}
        Tensor t1 = Tensor.constant(org.nd4j.linalg.factory.Nd4j.ones(DataType.DOUBLE, 1, 1));
        assertEquals(-a * Math.exp(-NU * Math.PI * Math.PI / 4),
                FluidProblem.ETHIER_STEINMAN.exact(NU).evaluate(x, t1)[0].value().getDouble(0, 0), 1e-15);
    }

    @Test
    void boundaryPointsLieOnTheFacesOfTheCube() {
        INDArray xb = FluidProblem.ETHIER_STEINMAN.boundaryPoints(600, Rng.seeded(7));
        int[] perFace = new int[6];
        for (int i = 0; i < 600; i++) {
            int onFaces = 0;
            for (int k = 0; k < 3; k++) {
                double v = xb.getDouble(i, k);
                assertTrue(v >= -1 && v <= 1, "inside the cube: " + v);
                if (Math.abs(v) == 1) {
                    onFaces++;
                    perFace[2 * k + (v > 0 ? 1 : 0)]++;
                }
            }
            assertEquals(1, onFaces, "row " + i + " on exactly one face");
        }
        for (int f : perFace) {
            assertTrue(f > 60 && f < 140, "every face drawn about 100 times: " + java.util.Arrays.toString(perFace));
        }
    }

    @ParameterizedTest
    @EnumSource(FluidProblem.class)
    void nclModelIsDivergenceFreeAndThePinnIsNot(FluidProblem problem) {
        Rng rng = Rng.seeded(1);
        FluidModel ncl = FluidModel.ncl(problem, new int[] {8}, DataType.DOUBLE, Rng.seeded(2));
        FluidModel pinn = FluidModel.pinn(problem, new int[] {8}, DataType.DOUBLE, Rng.seeded(2));
        Tensor x = Tensor.constant(problem.points(16, rng, DataType.DOUBLE));
        Tensor t = Tensor.constant(rng.uniform(0, 1, DataType.DOUBLE, 16, 1));
        double nclDiv = NavierStokes.terms(ncl, x, t, NU).divergence().value().amaxNumber().doubleValue();
        double pinnDiv = NavierStokes.terms(pinn, x, t, NU).divergence().value().amaxNumber().doubleValue();
        assertTrue(nclDiv < 1e-12, "ncl div " + nclDiv);
        assertTrue(pinnDiv > 1e-3, "pinn div " + pinnDiv);
        assertEquals(nclDiv, NavierStokes.divergence(ncl, x, t).value().amaxNumber().doubleValue(), 1e-12);
        assertEquals(pinnDiv, NavierStokes.divergence(pinn, x, t).value().amaxNumber().doubleValue(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(FluidProblem.class)
    void theTrainingLossOfTheExactSolutionIsZero(FluidProblem problem) {
        double loss = NclFluidCommand.physicsLoss(problem, problem.exact(NU), Rng.seeded(3), 64, DataType.DOUBLE,
                1.0, NU, 1.0, 1.0).item();
        assertTrue(Math.abs(loss) < 1e-20, "loss of the exact solution " + loss);
        double wrong = NclFluidCommand.physicsLoss(problem, problem.exact(2 * NU), Rng.seeded(3), 64,
                DataType.DOUBLE, 1.0, NU, 1.0, 1.0).item();
        assertTrue(wrong > 1e-3, "loss of the solution for another viscosity " + wrong);
    }

    @Test
    void shortTrainingLowersThePhysicsLossOfBothModels() throws Exception {
        for (boolean divergenceFree : new boolean[] {true, false}) {
            FluidProblem p = FluidProblem.TAYLOR_GREEN;
            FluidModel model = divergenceFree ? FluidModel.ncl(p, new int[] {16, 16}, DataType.DOUBLE, Rng.seeded(4))
                    : FluidModel.pinn(p, new int[] {16, 16}, DataType.DOUBLE, Rng.seeded(4));
            NclTraining.Run run = NclTraining.fit("test", model, ctx -> NclFluidCommand.physicsLoss(p, ctx.model(),
                    ctx.data(), 64, DataType.DOUBLE, 1.0, NU, 1.0, 1.0), 60, 0, 1e-2, false, null, null, Rng.seeded(5));
            double[] l = run.losses();
            double first = (l[0] + l[1] + l[2] + l[3] + l[4]) / 5;
            int n = l.length;
            double last = (l[n - 1] + l[n - 2] + l[n - 3] + l[n - 4] + l[n - 5]) / 5;
            assertTrue(last < 0.8 * first, (divergenceFree ? "ncl" : "pinn") + " loss " + first + " -> " + last);
        }
    }
}
