package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.CompressedFormatException;
import io.github.flows4j.cnf.compression.LatentDiscretization;
import io.github.flows4j.cnf.compression.Sequence;
import io.github.flows4j.cnf.compression.SequenceCodec;
import io.github.flows4j.cnf.compression.SequenceFile;
import io.github.flows4j.cnf.compression.Transmission;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.OutputOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j compress decode IN.bin --model DIR --fps F}: reads the bitstream and reconstructs the sequence at
 * any frame rate; writes {@code decoded.seq} and {@code frames.png} (with {@code --reference}, the reference over
 * the decoding, and the PSNR against it).
 *
 * <pre>{@code
 * java -jar flows4j.jar compress decode runs/balls/sample.bin --model runs/balls --fps 40 --out runs/balls/dec
 * }</pre>
 */
@Command(name = "decode", defaultValueProvider = CompressDecode.Defaults.class,
        description = "Decode a .bin bitstream at any frame rate; write decoded.seq and frames.png.")
public final class CompressDecode implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Parameters(index = "0", paramLabel = "IN.bin", description = "The bitstream to decode.")
    private Path input;

    @Option(names = "--model", required = true, paramLabel = "<dir>",
            description = "Folder written by 'compress train' (the model that encoded the file).")
    private Path modelDir;

    @Option(names = "--fps", required = true, converter = Bounds.Positive.class,
            description = "Frame rate of the decoding, any positive rate.")
    private double fps;

    @Option(names = "--reference", paramLabel = "<seq>",
            description = "A .seq file at the same frame rate to score the decoding against (PSNR).")
    private Path reference;

    @Option(names = "--no-plots", description = "Skip frames.png.")
    private boolean noPlots;

    @Override
    public Integer call() throws IOException {
        LatentDiscretization model = ModelFolder.load(modelDir);
        SequenceCodec codec = new SequenceCodec(model);
        Transmission t;
        Sequence ref = null;
        try {
            t = codec.readFile(input);
            if (reference != null) {
                ref = SequenceFile.read(reference);
            }
        } catch (CompressedFormatException e) {
            throw new ParameterException(spec.commandLine(), "cannot decode " + input + ": " + e.getMessage());
        }
        Sequence decoded = ref != null ? codec.reconstruct(t, ref.times()) : codec.reconstruct(t, fps);
        Path out = output.create();
        SequenceFile.write(out.resolve("decoded.seq"), decoded);
        String psnr = "";
        if (ref != null) {
            double se = 0;
            for (int j = 0; j < ref.length(); j++) {
                for (int i = 0; i < ref.frameSize(); i++) {
                    double e = decoded.frames()[j][i] - ref.frames()[j][i];
                    se += e * e;
                }
            }
            psnr = String.format(Locale.ROOT, " psnr=%.2f",
                    10 * Math.log10(ref.length() * (double) ref.frameSize() / Math.max(se, 1e-12)));
        }
        if (!noPlots) {
            FramesPng.write(out.resolve("frames.png"), ref != null ? List.of(ref, decoded) : List.of(decoded), 16);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "compress decode in=%s fps=%s frames=%d transmits=%d%s out=%s%n", input, fps,
                decoded.length(), t.values().length, psnr, out);
        stdout.flush();
        return 0;
    }

    /** Default output folder. */
    static final class Defaults extends io.github.flows4j.examples.support.CommandDefaults {
        Defaults() {
            super("--out", "compress-decoded");
        }
    }
}
