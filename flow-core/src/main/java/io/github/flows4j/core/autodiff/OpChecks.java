package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.shape.Shape;

/** Argument checks shared by the ops; messages name the op, the arguments and their shapes or types. */
final class OpChecks {
    private OpChecks() {
    }

    static void sameType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new DTypeMismatchException(op + ": a is " + a.dtype() + ", b is " + b.dtype()
                    + "; convert one with Tensor.cast");
        }
    }

    static long[] broadcastShape(String op, Tensor a, Tensor b) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        if (Arrays.equals(sa, sb)) {
            return sa;
        }
        if (!Shape.areShapesBroadcastable(sa, sb)) {
            throw new ShapeMismatchException(op + ": shapes " + Arrays.toString(sa) + " and " + Arrays.toString(sb)
                    + " do not broadcast");
        }
        return Shape.broadcastOutputShape(sa, sb);
    }

    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new ShapeMismatchException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }
}
