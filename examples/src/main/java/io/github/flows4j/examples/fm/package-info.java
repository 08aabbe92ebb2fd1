/**
 * The {@code fm} example: Flow Matching (and the FFJORD baseline) on 2-D toy distributions, with plots,
 * checkpoints and the exact test NLL.
 */
package io.github.flows4j.examples.fm;
