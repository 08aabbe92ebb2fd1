/**
 * SDE-BNNs: infinitely deep Bayesian neural networks whose weights follow an SDE (Xu, Chen, Li &amp; Duvenaud,
 * AISTATS 2022). {@link io.github.flows4j.cnf.sdebnn.SdeBnn} solves the augmented state {@code [h, w, KL]} in one
 * flow-core SDE solve; {@link io.github.flows4j.cnf.sdebnn.KlEstimator} selects the STL or the plain KL gradient
 * estimator; {@link io.github.flows4j.cnf.sdebnn.Elbo}, {@link io.github.flows4j.cnf.sdebnn.Predictive},
 * {@link io.github.flows4j.cnf.sdebnn.ClassificationMetrics} (accuracy, NLL, 15-bin ECE) and
 * {@link io.github.flows4j.cnf.sdebnn.RegressionMetrics} evaluate it; {@link io.github.flows4j.cnf.sdebnn.Toy1dSde}
 * is the paper's 1-D bimodal-posterior toy; {@link io.github.flows4j.cnf.sdebnn.MeanFieldBnn} and
 * {@link io.github.flows4j.cnf.sdebnn.OdeNet} are the baselines. Training goes through flow-core's
 * {@link io.github.flows4j.core.train.Trainer}.
 *
 * <pre>{@code
 * SdeBnn model = new SdeBnn(SdeBnnConfig.builder().inputDim(1).outputDim(1).build(), rng.split());
 * Trainer<SdeBnn> trainer = Trainer.builder(model).config(config)
 *         .loss(ctx -> Elbo.gaussian(...).neg()).build();
 * }</pre>
 */
package io.github.flows4j.cnf.sdebnn;
