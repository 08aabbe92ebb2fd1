package io.github.flows4j.examples.ncl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class NavierStokes2dTest {
    private static final double NU = 0.1;

    @Test
    void taylorGreenHasZeroMomentumResidualAndDivergence() {
        Rng rng = Rng.seeded(0);
        Tensor x = Tensor.constant(rng.uniform(0, 2 * Math.PI, DataType.DOUBLE, 64, 2));
        Tensor t = Tensor.constant(rng.uniform(0, 1, DataType.DOUBLE, 64, 1));
        NavierStokes2d.Terms r = NavierStokes2d.terms(NavierStokes2d.taylorGreen(NU), x, t, NU);
        assertTrue(r.residual().value().amaxNumber().doubleValue() < 1e-12, "residual " + r.residual().value());
        assertTrue(r.divergence().value().amaxNumber().doubleValue() < 1e-12);
        // the loss code is not trivially zero: the wrong viscosity leaves a residual of the size of ν Δu
        NavierStokes2d.Terms wrong = NavierStokes2d.terms(NavierStokes2d.taylorGreen(NU), x, t, 2 * NU);
        assertTrue(wrong.residual().value().amaxNumber().doubleValue() > 0.05);
        INDArray exact = NavierStokes2d.taylorGreenVelocity(x.value(), t.value(), NU);
        assertTrue(exact.sub(r.velocity().value()).amaxNumber().doubleValue() < 1e-14);
    }

    @Test
    void nclModelIsDivergenceFreeAndThePinnIsNot() {
        Rng rng = Rng.seeded(1);
        FluidModel ncl = FluidModel.ncl(new int[] {8}, DataType.DOUBLE, Rng.seeded(2));
        FluidModel pinn = FluidModel.pinn(new int[] {8}, DataType.DOUBLE, Rng.seeded(2));
        Tensor x = Tensor.constant(rng.uniform(0, 2 * Math.PI, DataType.DOUBLE, 16, 2));
        Tensor t = Tensor.constant(rng.uniform(0, 1, DataType.DOUBLE, 16, 1));
        double nclDiv = NavierStokes2d.terms(ncl, x, t, NU).divergence().value().amaxNumber().doubleValue();
        double pinnDiv = NavierStokes2d.terms(pinn, x, t, NU).divergence().value().amaxNumber().doubleValue();
        assertTrue(nclDiv < 1e-12, "ncl div " + nclDiv);
        assertTrue(pinnDiv > 1e-3, "pinn div " + pinnDiv);
    }

    @Test
    void theTrainingLossOfTheExactSolutionIsZero() {
        double loss = NclFluidCommand.physicsLoss(NavierStokes2d.taylorGreen(NU), Rng.seeded(3), 64, DataType.DOUBLE,
                1.0, NU, 1.0, 1.0).item();
        assertTrue(Math.abs(loss) < 1e-20, "loss of the exact solution " + loss);
        double wrong = NclFluidCommand.physicsLoss(NavierStokes2d.taylorGreen(2 * NU), Rng.seeded(3), 64,
                DataType.DOUBLE, 1.0, NU, 1.0, 1.0).item();
        assertTrue(wrong > 1e-3, "loss of the solution for another viscosity " + wrong);
    }

    @Test
    void shortTrainingLowersThePhysicsLossOfBothModels() throws Exception {
        for (boolean divergenceFree : new boolean[] {true, false}) {
            FluidModel model = divergenceFree ? FluidModel.ncl(new int[] {16, 16}, DataType.DOUBLE, Rng.seeded(4))
                    : FluidModel.pinn(new int[] {16, 16}, DataType.DOUBLE, Rng.seeded(4));
            NclTraining.Run run = NclTraining.fit("test", model, ctx -> NclFluidCommand.physicsLoss(ctx.model(),
                    ctx.data(), 64, DataType.DOUBLE, 1.0, NU, 1.0, 1.0), 60, 0, 1e-2, false, null, null, Rng.seeded(5));
            double[] l = run.losses();
            double first = (l[0] + l[1] + l[2] + l[3] + l[4]) / 5;
            int n = l.length;
            double last = (l[n - 1] + l[n - 2] + l[n - 3] + l[n - 4] + l[n - 5]) / 5;
            assertTrue(last < 0.8 * first, (divergenceFree ? "ncl" : "pinn") + " loss " + first + " -> " + last);
        }
    }
}
