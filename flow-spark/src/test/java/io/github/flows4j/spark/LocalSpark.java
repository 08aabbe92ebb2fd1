package io.github.flows4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One {@code local[2]} Spark session for every test of the JVM (started once: it takes seconds). */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    /** @return the shared session, started on first use and stopped when the JVM exits */
    public static synchronized SparkSession session() {
        if (session == null) {
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("flow-spark-test")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.sql.shuffle.partitions", "2");
            session = SparkSession.builder().config(conf).getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }

    /** @return the shared session's Java context */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
