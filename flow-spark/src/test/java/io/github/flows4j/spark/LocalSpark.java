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
            session = start("local[2]");
        }
        return session;
    }

    /**
     * Replaces the shared session with one on another master (measurements: {@code local[1]} against
     * {@code local[2]}); call {@code restart("local[2]")} afterwards.
     *
     * @param master the master URL
     * @return the new session
     */
    public static synchronized SparkSession restart(String master) {
        if (session != null) {
            session.stop();
        }
        session = start(master);
        return session;
    }

    private static SparkSession start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("flow-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2");
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        return s;
    }

    /** @return the shared session's Java context */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
