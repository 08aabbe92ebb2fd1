/**
 * Datasets: the 2-D toy distributions of the continuous-flow literature
 * ({@link io.github.flows4j.core.data.Toy2d}), and numeric tables read from CSV
 * ({@link io.github.flows4j.core.data.CsvTable}) with seeded train/validation/test splits and train-fitted
 * standardisation ({@link io.github.flows4j.core.data.TabularData}), and IDX arrays, the format of (Fashion-)MNIST
 * ({@link io.github.flows4j.core.data.IdxFile}).
 *
 * <pre>{@code
 * INDArray x1 = Toy2d.CHECKERBOARD.sample(4096, Rng.seeded(0), DataType.FLOAT);   // [4096, 2]
 * }</pre>
 */
package io.github.flows4j.core.data;
