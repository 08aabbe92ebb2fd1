package io.github.flows4j.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.HostArray;
import io.github.flows4j.spark.ParameterSnapshot;
import java.util.LinkedHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** What Spark ships between driver and executors survives both of its serializers (Java and Kryo). */
class KryoRoundTripTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(SerializerInstance s, T value) {
        ClassTag<T> tag = (ClassTag<T>) ClassTag$.MODULE$.apply(value.getClass());
        return s.deserialize(s.serialize(value, tag), tag);
    }

    @Test
    void shardsGradientsAndSnapshotsSurviveKryoAndJavaSerialization() {
        SparkConf conf = new SparkConf().set("spark.kryo.registrationRequired", "false");
        for (SerializerInstance s : new SerializerInstance[] {new KryoSerializer(conf).newInstance(),
            new JavaSerializer(conf).newInstance()}) {
            HostArray rows = HostArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
            Shard shard = roundTrip(s, new Shard(1, 64, 128, rows));
            assertEquals(1, shard.partition());
            assertEquals(64, shard.offset());
            assertEquals(128, shard.total());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, shard.rows().toDoubles(), 0.0);
            assertArrayEquals(new long[] {3, 2}, shard.rows().shape());

            LinkedHashMap<String, HostArray> grads = new LinkedHashMap<>();
            grads.put("w", HostArray.ofDoubles(new double[] {0.5, -0.25}, 2));
            ShardGradient g = roundTrip(s, new ShardGradient(1.5, 32, grads));
            assertEquals(1.5, g.loss, 0.0);
            assertEquals(32, g.rows);
            assertArrayEquals(new double[] {0.5, -0.25}, g.grads.get("w").toDoubles(), 0.0);
            assertEquals(DataType.DOUBLE, g.grads.get("w").dataType());

            TimeMlp model = TimeMlp.builder().sizes(2, 4, 2).dtype(DataType.FLOAT).build(Rng.seeded(1));
            ParameterSnapshot p = roundTrip(s, ParameterSnapshot.of(model.parameters()));
            TimeMlp replica = TimeMlp.builder().sizes(2, 4, 2).dtype(DataType.FLOAT).build(Rng.seeded(2));
            p.loadInto(replica);
            model.parameters().forEach((name, t) -> assertArrayEquals(t.toDoubleArray(),
                    replica.parameters().get(name).toDoubleArray(), 0.0, name));
        }
    }
}
