package io.github.flows4j.spark.train;

import io.github.flows4j.spark.HostArray;
import java.io.Serializable;

/**
 * One partition's slice of a step's global batch: rows {@code [offset, offset + rows)}. A plain class, not a record:
 * Spark's Kryo serializer cannot set a record's final fields.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long offset;
    private final int total;
    private final HostArray rows;

    Shard(int partition, long offset, int total, HostArray rows) {
        this.partition = partition;
        this.offset = offset;
        this.total = total;
        this.rows = rows;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    int total() {
        return total;
    }

    HostArray rows() {
        return rows;
    }
}
