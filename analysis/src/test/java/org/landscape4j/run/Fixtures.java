package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;

/** Shared test data: a small layout and manifest, metric rows covering NaN and null curvature, snapshots. */
final class Fixtures {

    private Fixtures() {
    }

    /** A dense layer (f-ordered W [4, 3], filters along axis 1), its bias, a batch-norm layer, a conv kernel. */
    static ParameterLayout layout() {
        return new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "DenseLayer", 0, 12, new long[] {4, 3}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "DenseLayer", 12, 3, new long[] {1, 3}, 'f', ParameterRole.BIAS, -1),
                new ParameterArray("1_gamma", "1", "BatchNormalization", 15, 3, new long[] {1, 3}, 'c',
                        ParameterRole.NORM, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 18, 3, new long[] {1, 3}, 'c',
                        ParameterRole.STATE, -1),
                new ParameterArray("2_W", "conv", "ConvolutionLayer", 21, 16, new long[] {2, 1, 2, 4}, 'c',
                        ParameterRole.WEIGHT, 0)));
    }

    static RunManifest manifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("snapshot_every", 10);
        settings.put("curvature", Map.of("probe_batch_size", 128, "epsilon", 1.0e-5));
        settings.put("directions", List.of("gradient", "random"));
        settings.put("normalization", ParameterRole.WEIGHT);
        settings.put("note", "θ über alles ✓");
        settings.put("pca", null);
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("probe_batch", 42L);
        seeds.put("directions", -7L);
        return new RunManifest(RunFiles.FORMAT_VERSION, "0.1.0-SNAPSHOT", "1.0.0-M2.1", "17.0.15",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork", 37, "FLOAT", layout(), settings, seeds,
                Instant.parse("2026-01-02T03:04:05.123456789Z"), null, RunManifest.STATUS_RUNNING);
    }

    /** Rows with NaN in every non-null column once, rows without curvature, with partial and full curvature. */
    static List<MetricRow> metricRows(int count) {
        List<MetricRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double score = i == 1 ? Double.NaN : 2.0 / (i + 1);
            Curvature curvature = switch (i % 4) {
                case 0 -> null;
                case 1 -> new Curvature(0.5 * i, 1.25, Double.NaN, -0.0, 1e-300, -1e300, Double.NaN, -3.5, null);
                case 2 -> new Curvature(1, 2, 3, 4, 5, 6, 7, 8, i % 8 == 2);
                default -> new Curvature(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Boolean.TRUE);
            };
            rows.add(new MetricRow(10_000_000_000L + i, i / 5, 32 + i, score,
                    i == 2 ? Double.NaN : Math.sqrt(i + 0.5), i == 3 ? Double.POSITIVE_INFINITY : 0.1 * i,
                    i == 4 ? Double.NaN : 0.01, i * 0.123, curvature));
        }
        return rows;
    }

    /** A deterministic θ for snapshot t, with the float values that are easy to lose (NaN, ±0, ∞, subnormal). */
    static float[] params(int p, int t) {
        float[] theta = new float[p];
        for (int i = 0; i < p; i++) {
            theta[i] = (float) Math.sin(0.37 * i + t) * (1 + t);
        }
        if (p > 5) {
            theta[0] = -0.0f;
            theta[1] = Float.NaN;
            theta[2] = Float.MIN_VALUE;
            theta[3] = Float.NEGATIVE_INFINITY;
            theta[4] = Float.MAX_VALUE;
        }
        return theta;
    }

    /** Closes a root allocator after asserting that nothing is still allocated from it. */
    static void closeChecked(RootAllocator allocator) {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked: " + allocator.toVerboseString());
        allocator.close();
    }
}
