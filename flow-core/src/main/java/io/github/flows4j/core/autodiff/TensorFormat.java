package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.HostArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** Reads one element by its multi-index. */
    @FunctionalInterface
    interface Elements {
        double get(long[] index);
    }

    /**
     * @param elements the values, by multi-index
     * @param shape    the shape
     * @param indent   the column the first bracket sits at (continuation lines align under it)
     * @return the nested bracketed values; only the printed elements are read
     */
    static String values(Elements elements, long[] shape, int indent) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        boolean summarise = n > THRESHOLD;
        if (shape.length == 0) {
            double v = elements.get(new long[0]);
            return number(format(new double[] {v}), v);
        }
        // first pass collects the printed values (to choose one format), second pass prints them
        List<Double> shown = new ArrayList<>();
        walk(shape, new long[shape.length], 0, summarise, idx -> shown.add(elements.get(idx)));
        double[] vals = new double[shown.size()];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = shown.get(i);
        }
        String fmt = format(vals);
        StringBuilder sb = new StringBuilder();
        int[] next = {0};
        append(sb, shape, 0, summarise, indent, () -> number(fmt, vals[next[0]++]));
        return sb.toString();
    }

    /** Visits the printed multi-indices in print order. */
    private static void walk(long[] shape, long[] idx, int dim, boolean summarise,
            Consumer<long[]> visit) {
        long n = shape[dim];
        boolean cut = summarise && n > 2L * EDGE_ITEMS;
        for (long i = 0; i < n; i++) {
            if (cut && i == EDGE_ITEMS) {
                i = n - EDGE_ITEMS;
            }
            idx[dim] = i;
            if (dim == shape.length - 1) {
                visit.accept(idx);
            } else {
                walk(shape, idx, dim + 1, summarise, visit);
            }
        }
    }

    private static void append(StringBuilder sb, long[] shape, int dim, boolean summarise, int indent,
            Supplier<String> next) {
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
            if (last) {
                sb.append(next.get());
            } else {
                append(sb, shape, dim + 1, summarise, indent, next);
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

    /** @return the formatted values of {@code t}; a summarised print reads only the elements it shows */
    static String of(Tensor t, int indent) {
        INDArray v = t.value();
        long[] shape = v.shape();
        if (v.length() <= THRESHOLD) {
            double[] flat = HostArrays.toDoubles(v);
            long[] strides = new long[shape.length];
            long st = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = st;
                st *= shape[d];
            }
            return values(idx -> {
                long off = 0;
                for (int d = 0; d < idx.length; d++) {
                    off += idx[d] * strides[d];
                }
                return flat[(int) off];
            }, shape, indent);
        }
        return values(v::getDouble, shape, indent);
    }
}
