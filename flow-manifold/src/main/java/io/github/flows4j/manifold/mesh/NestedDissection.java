package io.github.flows4j.manifold.mesh;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A fill-reducing ordering for sparse Cholesky by nested dissection on the matrix graph (George 1973): a connected
 * vertex set is split by a level set of a breadth-first search from a pseudo-peripheral vertex, chosen near the
 * middle and as small as possible; the two sides are ordered first, recursively, and the separator last. On a
 * surface mesh the level sets are curves of O(√n) vertices, which gives O(n log n) fill and O(n^{3/2})
 * factorisation work instead of the O(n²) of a banded ordering. Subsets are processed from an explicit stack, each
 * owning a fixed range of output positions, so deep or unbalanced dissections cannot overflow the call stack.
 */
final class NestedDissection {
    private static final int LEAF = 48;

    private NestedDissection() {
    }

    /** A subset and the output positions [lo, lo + vertices.length) it fills. */
    private record Task(int[] vertices, int lo) {
    }

    /**
     * @param a a symmetric sparse matrix (only its pattern is used)
     * @return perm with perm[newIndex] = oldIndex
     */
    static int[] order(SparseMatrix a) {
        int n = a.rows();
        int[] start = a.rowStart();
        int[] col = a.colIndex();
        int[] perm = new int[n];
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        int[] level = new int[n];
        int[] queue = new int[n];
        int[] seen = new int[n];
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Deque<Task> stack = new ArrayDeque<>();
        stack.push(new Task(all, 0));
        int tag = 0;
        while (!stack.isEmpty()) {
            Task task = stack.pop();
            int[] s = task.vertices();
            if (s.length <= LEAF) {
                System.arraycopy(s, 0, perm, task.lo(), s.length);
                continue;
            }
            tag++;
            for (int v : s) {
                stamp[v] = tag;
            }
            // component of s[0]
            int reached = bfs(s[0], tag, start, col, stamp, level, queue);
            if (reached < s.length) {
                int[] comp = Arrays.copyOf(queue, reached);
                for (int v : comp) {
                    seen[v] = tag;
                }
                int[] rest = new int[s.length - reached];
                int r = 0;
                for (int v : s) {
                    if (seen[v] != tag) {
                        rest[r++] = v;
                    }
                }
                stack.push(new Task(comp, task.lo()));
                stack.push(new Task(rest, task.lo() + comp.length));
                continue;
            }
            // pseudo-peripheral start: the last vertex reached, twice
            int far = queue[reached - 1];
            for (int pass = 0; pass < 2; pass++) {
                bfs(far, tag, start, col, stamp, level, queue);
                far = queue[reached - 1];
            }
            bfs(far, tag, start, col, stamp, level, queue);
            int height = level[queue[reached - 1]] + 1;
            if (height < 3) {
                System.arraycopy(s, 0, perm, task.lo(), s.length);
                continue;
            }
            int[] count = new int[height];
            for (int i = 0; i < reached; i++) {
                count[level[queue[i]]]++;
            }
            // the smallest level whose removal leaves each side with 30–70 % of the rest
            int best = -1;
            int below = 0;
            for (int l = 0; l < height; l++) {
                int above = reached - below - count[l];
                if (l > 0 && l < height - 1 && below >= 0.3 * (reached - count[l]) && above >= 0.3 * (reached
                        - count[l]) && (best < 0 || count[l] < count[best])) {
                    best = l;
                }
                below += count[l];
            }
            if (best < 0) {
                // fall back to the median level
                below = 0;
                for (int l = 0; l < height; l++) {
                    if (below + count[l] >= reached / 2) {
                        best = Math.max(1, Math.min(height - 2, l));
                        break;
                    }
                    below += count[l];
                }
            }
            int nLow = 0;
            for (int l = 0; l < best; l++) {
                nLow += count[l];
            }
            int[] low = new int[nLow];
            int[] high = new int[reached - nLow - count[best]];
            int[] sep = new int[count[best]];
            int il = 0;
            int ih = 0;
            int is = 0;
            for (int i = 0; i < reached; i++) {
                int v = queue[i];
                if (level[v] < best) {
                    low[il++] = v;
                } else if (level[v] > best) {
                    high[ih++] = v;
                } else {
                    sep[is++] = v;
                }
            }
            System.arraycopy(sep, 0, perm, task.lo() + s.length - sep.length, sep.length);
            stack.push(new Task(low, task.lo()));
            stack.push(new Task(high, task.lo() + low.length));
        }
        return perm;
    }

    /**
     * Breadth-first search from {@code root} over vertices stamped {@code tag}; fills queue with the visit order and
     * level with depths; the stamps of the reached vertices are restored afterwards.
     *
     * @return the number of vertices reached
     */
    private static int bfs(int root, int tag, int[] start, int[] col, int[] stamp, int[] level, int[] queue) {
        int head = 0;
        int tail = 0;
        queue[tail++] = root;
        stamp[root] = -tag - 2;     // visited in this search
        level[root] = 0;
        while (head < tail) {
            int v = queue[head++];
            for (int p = start[v]; p < start[v + 1]; p++) {
                int w = col[p];
                if (stamp[w] == tag) {
                    stamp[w] = -tag - 2;
                    level[w] = level[v] + 1;
                    queue[tail++] = w;
                }
            }
        }
        for (int i = 0; i < tail; i++) {
            stamp[queue[i]] = tag;
        }
        return tail;
    }
}
