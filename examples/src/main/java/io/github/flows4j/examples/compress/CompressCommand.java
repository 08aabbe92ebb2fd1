package io.github.flows4j.examples.compress;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j compress}: learned continuous-time sequence compression (Chen et al. 2022). Four sub-commands:
 * {@code train} fits a model through the library's Trainer and writes the model folder, a rate–distortion CSV and
 * PNG, frames of original versus decoded and a sample {@code .seq}; {@code encode} turns a {@code .seq} file into
 * a {@code .bin} bitstream; {@code decode} reads it back at any frame rate; {@code curves} measures the rate–distortion
 * curves of learned transmit times, a fixed grid and the per-frame baseline.
 *
 * <pre>{@code
 * java -jar flows4j.jar compress train --data bouncing-balls --steps 2000 --out runs/balls
 * java -jar flows4j.jar compress encode runs/balls/sample.seq runs/balls/sample.bin --model runs/balls
 * java -jar flows4j.jar compress decode runs/balls/sample.bin --model runs/balls --fps 40 --out runs/balls/dec
 * }</pre>
 */
@Command(name = "compress",
    subcommands = {CompressTrain.class, CompressEncode.class, CompressDecode.class, CompressCurves.class},
        description = "Learned continuous-time sequence compression: train a model, encode a .seq file into a "
                + ".bin bitstream, decode it at any frame rate.")
public final class CompressCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing sub-command; choose one of: train, encode, decode, "
                + "curves");
    }
}
