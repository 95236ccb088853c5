package org.landscape4j.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * plotly.js for the offline report, from the {@code org.webjars.npm:plotly.js-dist} WebJar on the class path:
 * the 11 MB script gzip-compressed and Base64-encoded (about 4.6 MB of text), which the report page inflates
 * with the browser's {@code DecompressionStream("gzip")} before evaluating it, so the report is one file that
 * works without a network.
 */
public final class PlotlyAsset {

    /** The WebJar's version; the dependency in the report module's pom must match it. */
    public static final String VERSION = "3.3.1";

    static final String RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";

    private static volatile SoftReference<String> gzipBase64;

    private PlotlyAsset() {
    }

    /**
     * @return the script's bytes, as shipped
     * @throws IllegalStateException if the WebJar is not on the class path
     */
    public static byte[] script() {
        try (InputStream in = PlotlyAsset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js " + VERSION + " is not on the class path (" + RESOURCE
                        + "): add org.webjars.npm:plotly.js-dist:" + VERSION);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
        }
    }

    /**
     * @return the script gzip-compressed (level 9) and Base64-encoded, for the report page; computed once and
     *         kept while memory allows (compressing takes about a second, and the live view serves the page on
     *         every load)
     */
    public static String gzipBase64() {
        String cached = gzipBase64 == null ? null : gzipBase64.get();
        if (cached == null) {
            cached = compress();
            gzipBase64 = new SoftReference<>(cached);
        }
        return cached;
    }

    private static String compress() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(4 << 20);
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 1 << 16) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(script());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing plotly.js failed", e);
        }
        return Base64.getEncoder().encodeToString(compressed.toByteArray());
    }
}
