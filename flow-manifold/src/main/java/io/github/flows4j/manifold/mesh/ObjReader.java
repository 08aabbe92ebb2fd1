package io.github.flows4j.manifold.mesh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the geometry of a Wavefront OBJ file into a {@link TriangleMesh}: {@code v x y z [w]} lines give
 * vertices and {@code f} lines give faces, whose entries may be {@code i}, {@code i/t}, {@code i//n} or
 * {@code i/t/n} with 1-based or negative (relative) indices; polygons with more than three vertices are split into
 * a fan (0, k, k + 1). Every other line (comments, texture coordinates, normals, groups, materials) is skipped.
 *
 * <pre>{@code
 * TriangleMesh spot = ObjReader.read(Path.of("spot.obj"));
 * TriangleMesh bunny = ObjReader.readResource("/datasets/mesh/bunny.obj");
 * }</pre>
 */
public final class ObjReader {
    private ObjReader() {
    }

    /**
     * @param path a UTF-8 OBJ file
     * @return its triangles
     * @throws IOException         if the file cannot be read
     * @throws ObjFormatException  naming the line of a malformed vertex or face, or if there are no faces
     */
    public static TriangleMesh read(Path path) throws IOException {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    /**
     * @param resource a class-path resource, e.g. {@code "/datasets/mesh/bunny.obj"}
     * @return its triangles
     * @throws IllegalArgumentException if the resource does not exist
     * @throws UncheckedIOException     if it cannot be read
     * @throws ObjFormatException       if it is malformed
     */
    public static TriangleMesh readResource(String resource) {
        InputStream in = ObjReader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("resource must exist on the class path; not found: " + resource);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /**
     * @param reader OBJ text; read to the end, not closed
     * @return its triangles
     * @throws IOException        if reading fails
     * @throws ObjFormatException naming the line of a malformed vertex or face, or if there are no faces
     */
    public static TriangleMesh read(Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        double[] v = new double[3 * 1024];
        int nv = 0;
        int[] f = new int[3 * 2048];
        int nf = 0;
        int lineNo = 0;
        String line;
        int[] poly = new int[16];
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.startsWith("v ") || s.startsWith("v\t")) {
                String[] tok = s.split("\\s+");
                if (tok.length < 4) {
                    throw new ObjFormatException(lineNo, "a vertex needs x y z; got '" + s + "'");
                }
                if (3 * nv + 3 > v.length) {
                    v = Arrays.copyOf(v, 2 * v.length);
                }
                for (int j = 0; j < 3; j++) {
                    v[3 * nv + j] = number(tok[j + 1], lineNo);
                }
                nv++;
            } else if (s.startsWith("f ") || s.startsWith("f\t")) {
                String[] tok = s.split("\\s+");
                int k = tok.length - 1;
                if (k < 3) {
                    throw new ObjFormatException(lineNo, "a face needs at least 3 vertices; got " + k);
                }
                if (k > poly.length) {
                    poly = new int[k];
                }
                for (int j = 0; j < k; j++) {
                    poly[j] = index(tok[j + 1], nv, lineNo);
                }
                for (int j = 1; j + 1 < k; j++) {
                    if (3 * nf + 3 > f.length) {
                        f = Arrays.copyOf(f, 2 * f.length);
                    }
                    f[3 * nf] = poly[0];
                    f[3 * nf + 1] = poly[j];
                    f[3 * nf + 2] = poly[j + 1];
                    nf++;
                }
            }
        }
        if (nf == 0) {
            throw new ObjFormatException(lineNo, "the file must contain at least one face; found none");
        }
        try {
            return TriangleMesh.of(Arrays.copyOf(v, 3 * nv), Arrays.copyOf(f, 3 * nf));
        } catch (io.github.flows4j.core.InvalidConfigException e) {
            throw new ObjFormatException(lineNo, e.getMessage());
        }
    }

    private static double number(String t, int line) {
        try {
            double d = Double.parseDouble(t);
            if (!Double.isFinite(d)) {
                throw new ObjFormatException(line, "coordinates must be finite; got '" + t + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ObjFormatException(line, "a coordinate must be a number; got '" + t + "'");
        }
    }

    private static int index(String t, int nv, int line) {
        int slash = t.indexOf('/');
        String head = slash < 0 ? t : t.substring(0, slash);
        int i;
        try {
            i = Integer.parseInt(head);
        } catch (NumberFormatException e) {
            throw new ObjFormatException(line, "a face vertex must be an integer index; got '" + t + "'");
        }
        int zero = i > 0 ? i - 1 : nv + i;
        if (i == 0 || zero < 0 || zero >= nv) {
            throw new ObjFormatException(line, "face vertex index must be in [1, " + nv + "] or [-" + nv
                    + ", -1]; got " + i);
        }
        return zero;
    }
}
