package org.landscape4j.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The inlined asset inflates back to exactly the WebJar's script, and is small enough for the report page. */
class PlotlyAssetTest {

    @Test
    void compressedAssetRoundTripsToTheScript() throws Exception {
        byte[] script = PlotlyAsset.script();
        assertTrue(new String(script, 0, 4000, StandardCharsets.UTF_8).contains("plotly.js v" + PlotlyAsset.VERSION),
                "the WebJar holds plotly.js " + PlotlyAsset.VERSION);
        String encoded = PlotlyAsset.gzipBase64();
        byte[] inflated;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            inflated = in.readAllBytes();
        }
        assertArrayEquals(script, inflated);
        System.out.printf("plotly.js %d bytes, inlined as %d characters%n", script.length, encoded.length());
        assertTrue(encoded.length() < 6_000_000, "inlined size " + encoded.length());
    }
}
