package io.github.flows4j.manifold.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.data.CsvFormatException;
import io.github.flows4j.core.data.CsvTable;
import io.github.flows4j.core.data.SplitFractions;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four earth-science datasets on S² used by every manifold density-estimation paper since Mathieu and Nickel
 * (2020) (Riemannian CNF, Moser Flow, RSGM, Riemannian Flow Matching §5.1): event locations as latitude and
 * longitude in degrees, shipped as class-path resources under {@code /datasets/earth/} with their sources in the
 * repository's NOTICE. Each file opens with {@code #} comment lines naming its source; the header differs per file
 * and fire.csv has none, so each constant knows its header and checks it. Points on the sphere are
 * <pre>
 *   x = cos(lat) cos(lon),  y = cos(lat) sin(lon),  z = sin(lat).
 * </pre>
 *
 * <pre>{@code
 * INDArray quakes = EarthDataset.EARTHQUAKE.points(DataType.FLOAT);               // [6120, 3], unit rows
 * DataSplits s = EarthDataset.FIRE.splits(Rng.seeded(0), DataType.FLOAT);         // 80/10/10
 * }</pre>
 */
public enum EarthDataset {
    /** Volcano eruptions (NOAA NGDC), 827 events; header {@code Latitude,Longitude}. */
    VOLCANO("volerup.csv", List.of("Latitude", "Longitude"), 827),
    /** Significant earthquakes (NOAA NGDC), 6120 events; header {@code LATITUDE,LONGITUDE}. */
    EARTHQUAKE("quakes_all.csv", List.of("LATITUDE", "LONGITUDE"), 6120),
    /** Floods (Dartmouth Flood Observatory), 4875 events; header {@code lat,long}. */
    FLOOD("flood.csv", List.of("lat", "long"), 4875),
    /** Active fires (NASA FIRMS), 12809 events; no header. */
    FIRE("fire.csv", List.of(), 12809);

    private final String file;
    private final List<String> header;
    private final int rows;

    EarthDataset(String file, List<String> header, int rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** @return the class-path resource, e.g. {@code /datasets/earth/volerup.csv} */
    public String resource() {
        return "/datasets/earth/" + file;
    }

    /** @return the expected header cells, empty for a file without header */
    public List<String> header() {
        return header;
    }

    /** @return the number of events in the shipped file */
    public int rows() {
        return rows;
    }

    /**
     * @return the source the file's comment lines name (the first {@code #} line, without the {@code #})
     * @throws UncheckedIOException if the resource cannot be read
     */
    public String source() {
        try (BufferedReader in = open()) {
            String line = in.readLine();
            return line != null && line.startsWith("#") ? line.substring(1).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedReader open() {
        InputStream s = EarthDataset.class.getResourceAsStream(resource());
        if (s == null) {
            throw new IllegalStateException("dataset resource must be on the class path; missing " + resource());
        }
        return new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
    }

    /**
     * @return latitude and longitude in degrees per event, [rows][2]
     * @throws CsvFormatException   if the file breaks its format (wrong header, a bad cell, a value out of range)
     * @throws UncheckedIOException if the resource cannot be read
     */
    public double[][] latLon() {
        try (BufferedReader in = open()) {
            return readLatLon(in, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads (latitude, longitude) rows in degrees: {@code #} comment lines are skipped, then the header, if one is
     * expected, must match {@code header} exactly.
     *
     * @param reader the text (not closed)
     * @param header the expected header cells, or empty for a file of numbers only
     * @return [rows][2]
     * @throws IOException        if reading fails
     * @throws CsvFormatException on a header mismatch, a malformed cell, a row of the wrong width, |lat| &gt; 90 or
     *                            |lon| &gt; 360
     */
    public static double[][] readLatLon(Reader reader, List<String> header) throws IOException {
        String text = new BufferedReader(reader).lines().collect(Collectors.joining("\n"));
        CsvTable table = CsvTable.read(new StringReader(text), !header.isEmpty());
        if (!header.isEmpty() && !table.columns().equals(header)) {
            throw new CsvFormatException(firstDataLine(text), 0, "header must be " + String.join(",", header)
                    + "; got " + String.join(",", table.columns()));
        }
        if (table.columnCount() != 2) {
            throw new CsvFormatException(firstDataLine(text), 0, "rows must hold 2 cells (latitude, longitude); got "
                    + table.columnCount());
        }
        double[][] rows = table.rows();
        for (int i = 0; i < rows.length; i++) {
            if (!(Math.abs(rows[i][0]) <= 90) || !(Math.abs(rows[i][1]) <= 360)) {
                throw new CsvFormatException(0, 0, "data row " + (i + 1) + " must have |latitude| <= 90 and "
                        + "|longitude| <= 360; got " + rows[i][0] + ", " + rows[i][1]);
            }
        }
        return rows;
    }

    private static int firstDataLine(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (!s.isEmpty() && s.charAt(0) != '#') {
                return i + 1;
            }
        }
        return 1;
    }

    /**
     * @param latLon latitude and longitude in degrees, [n][2]
     * @param type   FLOAT or DOUBLE
     * @return unit vectors (cos lat cos lon, cos lat sin lon, sin lat), [n, 3]
     * @throws InvalidConfigException if the type is neither FLOAT nor DOUBLE
     */
    public static INDArray toUnitVectors(double[][] latLon, DataType type) {
        double[] out = new double[3 * latLon.length];
        for (int i = 0; i < latLon.length; i++) {
            double lat = Math.toRadians(latLon[i][0]);
            double lon = Math.toRadians(latLon[i][1]);
            out[3 * i] = Math.cos(lat) * Math.cos(lon);
            out[3 * i + 1] = Math.cos(lat) * Math.sin(lon);
            out[3 * i + 2] = Math.sin(lat);
        }
        return HostArrays.fromDoubles(out, type, latLon.length, 3);
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return the events as unit vectors on S², [rows, 3]
     */
    public INDArray points(DataType type) {
        return toUnitVectors(latLon(), type);
    }

    /**
     * @param rng  draws the permutation (advanced)
     * @param type FLOAT or DOUBLE
     * @return the 80/10/10 train/validation/test split of {@link #points}
     */
    public DataSplits splits(Rng rng, DataType type) {
        return DataSplits.of(points(type), new SplitFractions(0.8, 0.1, 0.1), rng);
    }
}
