package org.landscape4j.report.vtk;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.landscape4j.report.data.SliceData;

/**
 * A 2-D slice as VTK XML PolyData ({@code .vtp}, ParaView and VisIt read it): one point (α, β, L) per grid point
 * with a finite loss, one quad per grid cell whose four corners are finite, and the loss again as point data
 * (array {@code loss}, for colouring). Points with a NaN, ±∞ or missing loss are left out together with every quad
 * that touches them, so a diverged region is a hole in the surface.
 */
public final class VtkExport {

    /**
     * What was written.
     *
     * @param points the number of points
     * @param quads  the number of quads
     */
    public record Counts(int points, int quads) {
    }

    private VtkExport() {
    }

    /**
     * Writes the slice (created or replaced atomically).
     *
     * @throws IllegalArgumentException if the slice is one-dimensional
     */
    public static Counts write(SliceData slice, Path out) throws IOException {
        if (slice.isLine()) {
            throw new IllegalArgumentException("slice " + slice.name() + " is one-dimensional (" + slice.nx()
                    + " points): VTK export needs a 2-D slice");
        }
        int nx = slice.nx();
        int ny = slice.ny();
        double[][] loss = slice.loss();
        int[][] id = new int[nx][ny];
        int points = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                id[i][j] = Double.isFinite(loss[i][j]) ? points++ : -1;
            }
        }
        int quads = 0;
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                if (id[i][j] >= 0 && id[i + 1][j] >= 0 && id[i + 1][j + 1] >= 0 && id[i][j + 1] >= 0) {
                    quads++;
                }
            }
        }
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                w.write("<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n<PolyData>\n");
                w.write("<Piece NumberOfPoints=\"" + points + "\" NumberOfVerts=\"0\" NumberOfLines=\"0\""
                        + " NumberOfStrips=\"0\" NumberOfPolys=\"" + quads + "\">\n");
                w.write("<PointData Scalars=\"loss\">\n<DataArray type=\"Float64\" Name=\"loss\" format=\"ascii\">\n");
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++) {
                        if (id[i][j] >= 0) {
                            w.write(number(loss[i][j]));
                            w.write('\n');
                        }
                    }
                }
                w.write("</DataArray>\n</PointData>\n<Points>\n");
                w.write("<DataArray type=\"Float64\" Name=\"Points\" NumberOfComponents=\"3\" format=\"ascii\">\n");
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++) {
                        if (id[i][j] >= 0) {
                            w.write(number(slice.alpha()[i]) + " " + number(slice.beta()[j]) + " "
                                    + number(loss[i][j]) + "\n");
                        }
                    }
                }
                w.write("</DataArray>\n</Points>\n<Polys>\n");
                w.write("<DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n");
                for (int j = 0; j + 1 < ny; j++) {
                    for (int i = 0; i + 1 < nx; i++) {
                        if (id[i][j] >= 0 && id[i + 1][j] >= 0 && id[i + 1][j + 1] >= 0 && id[i][j + 1] >= 0) {
                            w.write(id[i][j] + " " + id[i + 1][j] + " " + id[i + 1][j + 1] + " " + id[i][j + 1] + "\n");
                        }
                    }
                }
                w.write("</DataArray>\n<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n");
                for (int q = 1; q <= quads; q++) {
                    w.write(Integer.toString(4 * q));
                    w.write(q % 16 == 0 || q == quads ? "\n" : " ");
                }
                w.write("</DataArray>\n</Polys>\n</Piece>\n</PolyData>\n</VTKFile>\n");
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return new Counts(points, quads);
    }

    /** @return the shortest text that reads back to the same double */
    private static String number(double v) {
        return Double.toString(v);
    }
}
