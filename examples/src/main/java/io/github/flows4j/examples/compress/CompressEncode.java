package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.CompressedFormatException;
import io.github.flows4j.cnf.compression.LatentDiscretization;
import io.github.flows4j.cnf.compression.SequenceCodec;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j compress encode IN.seq OUT.bin --model DIR}: writes the bitstream atomically and prints its bit
 * count beside the model's ideal code lengths of the times and the values.
 *
 * <pre>{@code
 * java -jar flows4j.jar compress encode runs/balls/sample.seq runs/balls/sample.bin --model runs/balls
 * }</pre>
 */
@Command(name = "encode", description = "Encode a .seq file into a .bin bitstream (times and values in one rANS "
        + "stream); print the stream's bits beside the model's ideal code lengths.")
public final class CompressEncode implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.seq", description = "The sequence to encode.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT.bin", description = "The bitstream to write (atomically).")
    private Path output;

    @Option(names = "--model", required = true, paramLabel = "<dir>",
            description = "Folder written by 'compress train'.")
    private Path modelDir;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the transmit-time draws (default "
            + "${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws IOException {
        LatentDiscretization model = ModelFolder.load(modelDir);
        SequenceCodec.Encoded e;
        try {
            e = new SequenceCodec(model).encodeFile(input, output, Rng.seeded(seed));
        } catch (CompressedFormatException | IllegalArgumentException ex) {
            throw new ParameterException(spec.commandLine(), "cannot encode " + input + ": " + ex.getMessage());
        }
        double seconds = e.transmission().end() - e.transmission().start();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "compress encode in=%s out=%s bytes=%d stream_bits=%d ideal_time_bits=%.1f "
                + "ideal_value_bits=%.1f transmits=%d bits_per_sec=%.1f%n", input, output, e.bytes().length,
                e.streamBits(), e.idealTimeBits(), e.idealValueBits(), e.transmission().values().length,
                e.streamBits() / Math.max(seconds, 1e-9));
        out.flush();
        return 0;
    }
}
