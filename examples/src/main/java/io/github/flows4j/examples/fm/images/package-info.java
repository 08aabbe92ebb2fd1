/**
 * The {@code fm-images} example: Flow Matching with the attention-free UNet of {@code io.github.flows4j.cnf.image}
 * on Fashion-MNIST (or any IDX image set), with the dequantised bits/dim of held-out images, the NFE of the adaptive
 * sampler and a PNG grid of samples.
 */
package io.github.flows4j.examples.fm.images;
