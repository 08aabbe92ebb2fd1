package io.github.flows4j.spark.train;

import io.github.flows4j.spark.HostArray;
import java.io.Serializable;

/** One partition's slice of a step's global batch: rows {@code [offset, offset + rows)}. */
record Shard(int partition, long offset, int total, HostArray rows) implements Serializable {
    private static final long serialVersionUID = 1L;
}
