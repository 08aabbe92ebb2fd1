package io.github.flows4j.manifold.maze;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A perfect maze on a width × height grid of unit cells, drawn by the recursive backtracker (a randomised
 * depth-first search that knocks down the wall to a random unvisited neighbour and backtracks at dead ends, run
 * with an explicit stack): every cell is reachable from every other by exactly one path. Cell (i, j) covers
 * [i, i + 1] × [j, j + 1] of the domain [0, width] × [0, height]; walls are zero-thickness segments on cell
 * boundaries, the outer boundary included. Chen and Lipman (2024, §5.2) use such mazes to show that a spectral
 * premetric on a domain whose walls are boundary makes flows go around walls, not through them: {@link #toMesh}
 * triangulates the domain with every wall as boundary, so the Neumann Laplacian of the mesh "sees" the walls, and
 * {@link #crossesWall} checks trajectories.
 *
 * <pre>{@code
 * Maze maze = Maze.generate(4, 4, Rng.seeded(0));
 * TriangleMesh domain = maze.toMesh(6, 0.25);       // [0, 1]², 6×6 quads per cell, walls cut open
 * boolean bad = maze.crossesWall(0.5, 0.5, 1.5, 0.5);
 * }</pre>
 */
public final class Maze {
    private final int width;
    private final int height;
    /** wall between cell (i, j) and (i + 1, j), index i + width·j; the east outer wall is implicit */
    private final boolean[] east;
    /** wall between cell (i, j) and (i, j + 1) */
    private final boolean[] north;

    private Maze(int width, int height, boolean[] east, boolean[] north) {
        this.width = width;
        this.height = height;
        this.east = east;
        this.north = north;
    }

    /**
     * @param width  cells along x, in [1, 1000]
     * @param height cells along y, in [1, 1000]
     * @param rng    the random stream (advanced)
     * @return a perfect maze, the same for the same seed
     * @throws InvalidConfigException if a size is out of range
     */
    public static Maze generate(int width, int height, Rng rng) {
        if (width < 1 || height < 1 || width > 1000 || height > 1000) {
            throw InvalidConfigException.of("width, height", "in [1, 1000]", width + ", " + height);
        }
        int n = width * height;
        boolean[] east = new boolean[n];
        boolean[] north = new boolean[n];
        Arrays.fill(east, true);
        Arrays.fill(north, true);
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        stack[sp++] = 0;
        seen[0] = true;
        int[] options = new int[4];
        while (sp > 0) {
            int c = stack[sp - 1];
            int i = c % width;
            int j = c / width;
            int k = 0;
            if (i + 1 < width && !seen[c + 1]) {
                options[k++] = c + 1;
            }
            if (i > 0 && !seen[c - 1]) {
                options[k++] = c - 1;
            }
            if (j + 1 < height && !seen[c + width]) {
                options[k++] = c + width;
            }
            if (j > 0 && !seen[c - width]) {
                options[k++] = c - width;
            }
            if (k == 0) {
                sp--;
                continue;
            }
            int next = options[rng.nextInt(k)];
            if (next == c + 1) {
                east[c] = false;
            } else if (next == c - 1) {
                east[c - 1] = false;
            } else if (next == c + width) {
                north[c] = false;
            } else {
                north[c - width] = false;
            }
            seen[next] = true;
            stack[sp++] = next;
        }
        return new Maze(width, height, east, north);
    }

    /** @return the number of cells along x */
    public int width() {
        return width;
    }

    /** @return the number of cells along y */
    public int height() {
        return height;
    }

    /**
     * @param i a column in [0, width)
     * @param j a row in [0, height)
     * @return whether a wall closes the east side of cell (i, j) (always on the outer boundary)
     */
    public boolean wallEast(int i, int j) {
        return i == width - 1 || east[i + width * j];
    }

    /**
     * @param i a column in [0, width)
     * @param j a row in [0, height)
     * @return whether a wall closes the north side of cell (i, j) (always on the outer boundary)
     */
    public boolean wallNorth(int i, int j) {
        return j == height - 1 || north[i + width * j];
    }

    /**
     * @return every wall as a segment x₀, y₀, x₁, y₁ in maze units, outer boundary included, [4·#walls]
     */
    public double[] wallSegments() {
        double[] out = new double[4 * (2 * width * height + width + height)];
        int e = 0;
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                if (wallEast(i, j)) {
                    e = put(out, e, i + 1, j, i + 1, j + 1);
                }
                if (wallNorth(i, j)) {
                    e = put(out, e, i, j + 1, i + 1, j + 1);
                }
                if (i == 0) {
                    e = put(out, e, 0, j, 0, j + 1);
                }
                if (j == 0) {
                    e = put(out, e, i, 0, i + 1, 0);
                }
            }
        }
        return Arrays.copyOf(out, e);
    }

    private static int put(double[] out, int e, double a, double b, double c, double d) {
        out[e] = a;
        out[e + 1] = b;
        out[e + 2] = c;
        out[e + 3] = d;
        return e + 4;
    }

    /**
     * Whether the closed segment from (x₀, y₀) to (x₁, y₁), in maze units, meets a wall (touching counts; the
     * outer boundary is a wall, so a segment that leaves the domain crosses one).
     *
     * @param x0 start x
     * @param y0 start y
     * @param x1 end x
     * @param y1 end y
     * @return whether the segment meets a wall
     */
    public boolean crossesWall(double x0, double y0, double x1, double y1) {
        double[] w = wallSegments();
        for (int e = 0; e < w.length; e += 4) {
            if (segmentsMeet(x0, y0, x1, y1, w[e], w[e + 1], w[e + 2], w[e + 3])) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param path a polyline in maze units, x, y per vertex, [2·points]
     * @return the number of its segments that meet a wall
     */
    public int wallCrossings(double[] path) {
        int count = 0;
        for (int p = 0; p + 3 < path.length; p += 2) {
            if (crossesWall(path[p], path[p + 1], path[p + 2], path[p + 3])) {
                count++;
            }
        }
        return count;
    }

    static boolean segmentsMeet(double ax, double ay, double bx, double by, double cx, double cy, double dx,
            double dy) {
        double d1 = orient(cx, cy, dx, dy, ax, ay);
        double d2 = orient(cx, cy, dx, dy, bx, by);
        double d3 = orient(ax, ay, bx, by, cx, cy);
        double d4 = orient(ax, ay, bx, by, dx, dy);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return (d1 == 0 && onSegment(cx, cy, dx, dy, ax, ay)) || (d2 == 0 && onSegment(cx, cy, dx, dy, bx, by))
                || (d3 == 0 && onSegment(ax, ay, bx, by, cx, cy)) || (d4 == 0 && onSegment(ax, ay, bx, by, dx, dy));
    }

    private static double orient(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    private static boolean onSegment(double ax, double ay, double bx, double by, double px, double py) {
        return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
    }

    /**
     * @param i0 start column
     * @param j0 start row
     * @param i1 end column
     * @param j1 end row
     * @return the number of cell steps on the unique path between the two cells
     * @throws InvalidConfigException if a cell is outside the maze
     */
    public int pathLength(int i0, int j0, int i1, int j1) {
        if (i0 < 0 || i0 >= width || i1 < 0 || i1 >= width || j0 < 0 || j0 >= height || j1 < 0 || j1 >= height) {
            throw InvalidConfigException.of("cells", "inside " + width + " x " + height,
                    "(" + i0 + ", " + j0 + "), (" + i1 + ", " + j1 + ")");
        }
        int[] dist = new int[width * height];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int start = i0 + width * j0;
        dist[start] = 0;
        queue.add(start);
        while (!queue.isEmpty()) {
            int c = queue.poll();
            int i = c % width;
            int j = c / width;
            int[] nb = {!wallEast(i, j) ? c + 1 : -1, i > 0 && !wallEast(i - 1, j) ? c - 1 : -1,
                !wallNorth(i, j) ? c + width : -1, j > 0 && !wallNorth(i, j - 1) ? c - width : -1};
            for (int m : nb) {
                if (m >= 0 && dist[m] < 0) {
                    dist[m] = dist[c] + 1;
                    queue.add(m);
                }
            }
        }
        return dist[i1 + width * j1];
    }

    /**
     * Triangulates the domain with walls as boundary: each cell gets its own (r + 1) × (r + 1) grid of vertices,
     * split into r² squares of two triangles (alternating diagonals); vertices on the side shared by two cells are
     * merged exactly when no wall separates them. A wall is therefore a slit with a copy of its vertices on either
     * side, and the cotangent Laplacian of the mesh has the Neumann condition on both sides of it.
     *
     * @param resolution r, squares per cell side, in [1, 64]
     * @param cellSize   the side of a cell in mesh units, positive (1/width maps the maze onto [0, 1] wide)
     * @return a flat mesh in the plane z = 0, normals +z
     * @throws InvalidConfigException if an argument is out of range
     */
    public TriangleMesh toMesh(int resolution, double cellSize) {
        if (resolution < 1 || resolution > 64) {
            throw InvalidConfigException.of("resolution", "in [1, 64]", resolution);
        }
        if (!(cellSize > 0 && Double.isFinite(cellSize))) {
            throw InvalidConfigException.of("cellSize", "positive and finite", cellSize);
        }
        int r = resolution;
        int per = (r + 1) * (r + 1);
        int cells = width * height;
        int[] parent = new int[cells * per];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int c = i + width * j;
                if (i + 1 < width && !wallEast(i, j)) {
                    for (int b = 0; b <= r; b++) {
                        union(parent, c * per + r + (r + 1) * b, (c + 1) * per + (r + 1) * b);
                    }
                }
                if (j + 1 < height && !wallNorth(i, j)) {
                    for (int a = 0; a <= r; a++) {
                        union(parent, c * per + a + (r + 1) * r, (c + width) * per + a);
                    }
                }
            }
        }
        int[] index = new int[parent.length];
        Arrays.fill(index, -1);
        double[] v = new double[3 * parent.length];
        int nv = 0;
        for (int c = 0; c < cells; c++) {
            int i = c % width;
            int j = c / width;
            for (int b = 0; b <= r; b++) {
                for (int a = 0; a <= r; a++) {
                    int root = find(parent, c * per + a + (r + 1) * b);
                    if (index[root] < 0) {
                        index[root] = nv;
                        v[3 * nv] = cellSize * (i + (double) a / r);
                        v[3 * nv + 1] = cellSize * (j + (double) b / r);
                        nv++;
                    }
                }
            }
        }
        int[] f = new int[6 * r * r * cells];
        int e = 0;
        for (int c = 0; c < cells; c++) {
            for (int b = 0; b < r; b++) {
                for (int a = 0; a < r; a++) {
                    int p00 = index[find(parent, c * per + a + (r + 1) * b)];
                    int p10 = index[find(parent, c * per + a + 1 + (r + 1) * b)];
                    int p01 = index[find(parent, c * per + a + (r + 1) * (b + 1))];
                    int p11 = index[find(parent, c * per + a + 1 + (r + 1) * (b + 1))];
                    int[] q = (a + b) % 2 == 0 ? new int[] {p00, p10, p11, p00, p11, p01}
                        : new int[] {p00, p10, p01, p10, p11, p01};
                    System.arraycopy(q, 0, f, e, 6);
                    e += 6;
                }
            }
        }
        return TriangleMesh.of(Arrays.copyOf(v, 3 * nv), f);
    }

    /**
     * Face weights for a distribution uniform on one cell of a mesh made by {@link #toMesh}: a face's area if its
     * centroid lies in cell (i, j), else 0 — for {@code FaceDistribution.of(mesh, weights)}.
     *
     * @param mesh     a mesh of this maze from {@link #toMesh}
     * @param cellSize the cell size it was made with
     * @param i        the cell's column in [0, width)
     * @param j        the cell's row in [0, height)
     * @return one weight per face, [m]
     * @throws InvalidConfigException if the cell is outside the maze or no face lies in it
     */
    public double[] cellWeights(TriangleMesh mesh, double cellSize, int i, int j) {
        if (i < 0 || i >= width || j < 0 || j >= height) {
            throw InvalidConfigException.of("cell", "inside " + width + " x " + height, "(" + i + ", " + j + ")");
        }
        double[] v = mesh.vertices();
        int[] f = mesh.faces();
        double[] w = new double[mesh.faceCount()];
        boolean any = false;
        for (int t = 0; t < w.length; t++) {
            double cx = 0;
            double cy = 0;
            for (int k = 0; k < 3; k++) {
                cx += v[3 * f[3 * t + k]] / 3;
                cy += v[3 * f[3 * t + k] + 1] / 3;
            }
            if ((int) Math.floor(cx / cellSize) == i && (int) Math.floor(cy / cellSize) == j) {
                w[t] = mesh.faceArea(t);
                any = true;
            }
        }
        if (!any) {
            throw InvalidConfigException.of("mesh", "a mesh of this maze with faces in cell (" + i + ", " + j + ")",
                    mesh);
        }
        return w;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** @return the maze as text: '+' posts, "---" and '|' walls, row height − 1 at the top */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int j = height - 1; j >= 0; j--) {
            sb.append('+');
            for (int i = 0; i < width; i++) {
                sb.append(wallNorth(i, j) ? "---+" : "   +");
            }
            sb.append('\n').append('|');
            for (int i = 0; i < width; i++) {
                sb.append("   ").append(wallEast(i, j) ? '|' : ' ');
            }
            sb.append('\n');
        }
        sb.append('+');
        for (int i = 0; i < width; i++) {
            sb.append("---+");
        }
        return sb.append('\n').toString();
    }
}
