package io.github.flows4j.cnf.ffjord;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** FFJORD-style maximum likelihood learns a shifted, scaled Gaussian: its NLL falls towards the data's entropy. */
class MaximumLikelihoodLossTest {

    @Test
    @SuppressWarnings("try") // the scope releases what the block allocates
    void maximumLikelihoodTrainingLowersTheTestNll() {
        Rng rng = Rng.seeded(0);
        MlpVelocityField model = MlpVelocityField.builder().dim(2).hidden(16, 16).activation(Activation.TANH)
                .dtype(DataType.DOUBLE).build(rng);
        MaximumLikelihoodLoss mle = MaximumLikelihoodLoss.ffjord(1e-4, 1e-4);
        Adam adam = Adam.of(model.parameters(), 2e-2);
        Rng data = rng.split();
        INDArray test = sample(data, 500);
        double before = -CnfLikelihood.builder().build().evaluate(model, test).mean();
        for (int step = 0; step < 60; step++) {
            try (TensorScope scope = TensorScope.open()) {
                adam.zeroGrad();
                Tensor loss = mle.loss(model, sample(data, 128), rng);
                loss.backward();
                adam.step();
            }
        }
        double after = -CnfLikelihood.builder().build().evaluate(model, test).mean();
        // data N((1, −1), diag(0.5², 0.5²)): entropy 1 + log 2π + log 0.25 = 1.452 nats
        assertTrue(after < before - 0.5, "NLL before " + before + ", after " + after);
        assertTrue(after < 2.2, "NLL after training " + after + " (data entropy 1.452)");
    }

    private static INDArray sample(Rng rng, int n) {
        INDArray z = rng.normal(DataType.DOUBLE, n, 2).muli(0.5);
        z.getColumn(0).addi(1.0);
        z.getColumn(1).subi(1.0);
        return z;
    }
}
