package io.github.flows4j.examples.support;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The floating-point type of a command's model and data, the value of {@code --dtype}: {@code float} (also
 * {@code float32}) or {@code double} (also {@code float64}).
 *
 * <pre>{@code
 * @Option(names = "--dtype", defaultValue = "double", converter = Precision.Converter.class,
 *         completionCandidates = Precision.Converter.class)
 * Precision dtype;
 * DataType type = dtype.dataType();
 * }</pre>
 */
public enum Precision {
    /** 32-bit floats. */
    FLOAT(DataType.FLOAT),
    /** 64-bit floats. */
    DOUBLE(DataType.DOUBLE);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** @return the ND4J type */
    public DataType dataType() {
        return dataType;
    }

    /** Parses {@code float}/{@code double} (any case), and the aliases {@code float32}/{@code float64}. */
    public static final class Converter extends Choices<Precision> {
        /** The converter picocli instantiates. */
        public Converter() {
            super(values(), Choices::lower, p -> List.of(p == FLOAT ? "float32" : "float64"));
        }
    }
}
