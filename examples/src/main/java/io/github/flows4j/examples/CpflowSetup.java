package io.github.flows4j.examples;

import io.github.flows4j.convex.cpflow.CpFlow;
import io.github.flows4j.convex.logdet.ExactLogDet;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the two CP-Flow commands share: option parsing and the exact test NLL. */
final class CpflowSetup {
    /** Rows per evaluation chunk. */
    static final int CHUNK = 2000;

    private CpflowSetup() {
    }

    /**
     * @param spec  the command, for the usage error
     * @param dtype "float" or "double"
     * @return the ND4J type
     */
    static DataType parseDtype(CommandSpec spec, String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float", "float32" -> DataType.FLOAT;
            case "double", "float64" -> DataType.DOUBLE;
            default -> throw new ParameterException(spec.commandLine(), "--dtype must be float or double; got '"
                    + dtype + "'");
        };
    }

    /**
     * @param flow the flow
     * @param x    test points, [n, d]
     * @return −mean log p(x) with the exact log-determinant (full Hessian per point)
     */
    static double exactNll(CpFlow flow, INDArray x) {
        return -flow.evaluateLogProb(x, null, ExactLogDet.evaluation(), null, CHUNK).meanNumber().doubleValue();
    }
}
