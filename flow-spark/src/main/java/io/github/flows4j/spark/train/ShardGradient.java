package io.github.flows4j.spark.train;

import io.github.flows4j.spark.HostArray;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row-weighted loss and gradients of one or more shards; {@link #EMPTY} is the zero of the tree aggregation.
 * A parameter the loss does not touch has no entry.
 */
final class ShardGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    static final ShardGradient EMPTY = new ShardGradient(0, 0, new LinkedHashMap<>());

    final double loss;
    final int rows;
    final LinkedHashMap<String, HostArray> grads;

    ShardGradient(double loss, int rows, LinkedHashMap<String, HostArray> grads) {
        this.loss = loss;
        this.rows = rows;
        this.grads = grads;
    }

    ShardGradient plus(ShardGradient other) {
        if (other.rows == 0) {
            return this;
        }
        if (rows == 0) {
            return other;
        }
        LinkedHashMap<String, HostArray> sum = new LinkedHashMap<>(grads);
        for (Map.Entry<String, HostArray> e : other.grads.entrySet()) {
            sum.merge(e.getKey(), e.getValue(), HostArray::plus);
        }
        return new ShardGradient(loss + other.loss, rows + other.rows, sum);
    }
}
