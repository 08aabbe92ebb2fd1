package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.CompressionConfig;
import io.github.flows4j.cnf.compression.LatentDiscretization;
import io.github.flows4j.cnf.compression.TransmitMode;
import io.github.flows4j.core.io.AtomicFiles;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A trained model's folder: {@code model.properties} (the {@link CompressionConfig}) and {@code compress.ckpt}
 * (the Trainer's checkpoint of its weights).
 *
 * <pre>{@code
 * LatentDiscretization model = ModelFolder.load(Path.of("runs/balls"));
 * }</pre>
 */
final class ModelFolder {
    static final String CONFIG = "model.properties";
    static final String CHECKPOINT = "compress.ckpt";

    private ModelFolder() {
    }

    static void saveConfig(Path dir, CompressionConfig c) throws IOException {
        Properties p = new Properties();
        p.setProperty("frameSize", Integer.toString(c.frameSize()));
        p.setProperty("latentDim", Integer.toString(c.latentDim()));
        p.setProperty("hidden", Integer.toString(c.hidden()));
        p.setProperty("binWidth", Double.toString(c.binWidth()));
        p.setProperty("lambda", Double.toString(c.lambda()));
        p.setProperty("mode", c.mode().name().toLowerCase(Locale.ROOT));
        p.setProperty("gridEvery", Integer.toString(c.gridEvery()));
        p.setProperty("initRate", Double.toString(c.initRate()));
        p.setProperty("policySamples", Integer.toString(c.policySamples()));
        p.setProperty("policyAge", Boolean.toString(c.policyAge()));
        p.setProperty("localGradient", Boolean.toString(c.localGradient()));
        StringWriter w = new StringWriter();
        p.store(w, "flows4j compress model");
        AtomicFiles.write(dir.resolve(CONFIG), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    static LatentDiscretization load(Path dir) throws IOException {
        Path cfgFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfgFile)) {
            throw new IOException(dir + " is not a compress model folder: " + CONFIG + " is missing (run "
                    + "'compress train --out " + dir + "' first)");
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(cfgFile, StandardCharsets.UTF_8)));
        CompressionConfig c;
        try {
            c = CompressionConfig.builder().frameSize(Integer.parseInt(p.getProperty("frameSize")))
                    .latentDim(Integer.parseInt(p.getProperty("latentDim")))
                    .hidden(Integer.parseInt(p.getProperty("hidden")))
                    .binWidth(Double.parseDouble(p.getProperty("binWidth")))
                    .lambda(Double.parseDouble(p.getProperty("lambda")))
                    .mode(TransmitMode.valueOf(p.getProperty("mode").toUpperCase(Locale.ROOT)))
                    .gridEvery(Integer.parseInt(p.getProperty("gridEvery")))
                    .initRate(Double.parseDouble(p.getProperty("initRate")))
                    .policySamples(Integer.parseInt(p.getProperty("policySamples", "1")))
                    .policyAge(Boolean.parseBoolean(p.getProperty("policyAge", "false")))
                    .localGradient(Boolean.parseBoolean(p.getProperty("localGradient", "false"))).build();
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IOException(cfgFile + " is damaged: " + e.getMessage(), e);
        }
        LatentDiscretization model = new LatentDiscretization(c, Rng.seeded(0));
        Checkpoint.load(dir.resolve(CHECKPOINT), model, null);
        return model;
    }
}
