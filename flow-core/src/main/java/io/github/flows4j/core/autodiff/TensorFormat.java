package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.HostArrays;
import java.util.Locale;

/**
 * Prints a tensor's values as PyTorch's {@code print(x)} does: nested brackets, one precision for all elements and,
 * past {@link #THRESHOLD} elements, only the first and last {@link #EDGE_ITEMS} entries of each axis around
 * {@code ...}.
 */
final class TensorFormat {
    /** Above this many elements the print is summarised (PyTorch's default threshold). */
    static final long THRESHOLD = 1000;
    /** Entries kept at each end of an axis in a summary (PyTorch's edgeitems). */
    static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    /**
     * @param values the elements in c order
     * @param shape  the shape
     * @param indent the column the first bracket sits at (continuation lines align under it)
     * @return the nested bracketed values
     */
    static String values(double[] values, long[] shape, int indent) {
        boolean summarise = values.length > THRESHOLD;
        String fmt = format(values);
        StringBuilder sb = new StringBuilder();
        if (shape.length == 0) {
            return number(fmt, values[0]);
        }
        long[] strides = new long[shape.length];
        long st = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = st;
            st *= shape[d];
        }
        append(sb, values, shape, strides, 0, 0, fmt, summarise, indent);
        return sb.toString();
    }

    private static void append(StringBuilder sb, double[] v, long[] shape, long[] strides, int dim, long offset,
            String fmt, boolean summarise, int indent) {
        sb.append('[');
        long n = shape[dim];
        boolean cut = summarise && n > 2L * EDGE_ITEMS;
        boolean last = dim == shape.length - 1;
        for (long i = 0; i < n; i++) {
            if (cut && i == EDGE_ITEMS) {
                separator(sb, last, shape.length - dim - 1, indent + dim + 1);
                sb.append("...");
                i = n - EDGE_ITEMS;
                separator(sb, last, shape.length - dim - 1, indent + dim + 1);
            } else if (i > 0) {
                separator(sb, last, shape.length - dim - 1, indent + dim + 1);
            }
            long off = offset + i * strides[dim];
            if (last) {
                sb.append(number(fmt, v[(int) off]));
            } else {
                append(sb, v, shape, strides, dim + 1, off, fmt, summarise, indent);
            }
        }
        sb.append(']');
    }

    private static void separator(StringBuilder sb, boolean innermost, int blankLines, int indent) {
        if (innermost) {
            sb.append(", ");
            return;
        }
        sb.append(',');
        sb.append("\n".repeat(blankLines));
        sb.append(" ".repeat(indent));
    }

    private static String number(String fmt, double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, fmt, x == 0 ? 0.0 : x);
    }

    /** One format for every element: fixed with four decimals, or scientific when the magnitudes need it. */
    private static String format(double[] v) {
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        boolean integral = true;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                continue;
            }
            double a = Math.abs(x);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) {
                minAbs = Math.min(minAbs, a);
            }
            integral &= x == Math.rint(x);
        }
        if (integral && maxAbs < 1e8) {
            return "%.0f.";
        }
        if (maxAbs >= 1e8 || minAbs < 1e-4 || (minAbs < Double.POSITIVE_INFINITY && maxAbs / minAbs > 1e3)) {
            return "%.4e";
        }
        return "%.4f";
    }

    /** @return the formatted values of {@code t}, read from its array */
    static String of(Tensor t, int indent) {
        return values(HostArrays.toDoubles(t.value()), t.shape(), indent);
    }
}
