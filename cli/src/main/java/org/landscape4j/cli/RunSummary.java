package org.landscape4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.landscape4j.layout.ParameterArray;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsReadResult;
import org.landscape4j.run.MetricsReader;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;

/**
 * What {@code inspect} reports about a run directory, read in one streaming pass over its files.
 *
 * @param path           the run directory
 * @param manifest       its manifest
 * @param snapshots      the number of complete snapshots
 * @param firstSnapshot  iteration of the first snapshot, or -1
 * @param lastSnapshot   iteration of the last snapshot, or -1
 * @param metricRows     the number of complete metric rows
 * @param epochs         epochs seen: the highest epoch index in the metrics + 1, else the highest snapshot epoch
 * @param iterations     updates seen: the highest metrics iteration + 1, else the highest snapshot iteration
 * @param lastMetric     the last metric row, or null
 * @param files          the files present with their sizes in bytes
 * @param warnings       truncated streams and other problems found while reading
 */
record RunSummary(Path path, RunManifest manifest, long snapshots, long firstSnapshot, long lastSnapshot,
                  long metricRows, long epochs, long iterations, MetricRow lastMetric,
                  Map<String, Long> files, List<String> warnings) {

    static RunSummary read(Path dir) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        List<String> warnings = new ArrayList<>();

        long metricRows = 0;
        long maxMetricEpoch = -1;
        long maxMetricIteration = -1;
        MetricRow last = null;
        if (Files.exists(run.metricsFile())) {
            MetricsReadResult metrics = MetricsReader.read(run.metricsFile());
            metricRows = metrics.rows().size();
            for (MetricRow row : metrics.rows()) {
                maxMetricEpoch = Math.max(maxMetricEpoch, row.epoch());
                maxMetricIteration = Math.max(maxMetricIteration, row.iteration());
                last = row;
            }
            if (metrics.truncated()) {
                warnings.add(metrics.truncationDetail());
            }
        }

        long snapshots = 0;
        long first = -1;
        long lastIteration = -1;
        long maxSnapshotEpoch = 0;
        if (Files.exists(run.snapshotsFile())) {
            try (SnapshotReader reader = SnapshotReader.open(run.snapshotsFile())) {
                for (Snapshot snapshot : reader) {
                    if (snapshots == 0) {
                        first = snapshot.iteration();
                    }
                    snapshots++;
                    lastIteration = snapshot.iteration();
                    maxSnapshotEpoch = Math.max(maxSnapshotEpoch, snapshot.epoch());
                }
                if (reader.truncated()) {
                    warnings.add(reader.truncationDetail());
                }
            }
        }
        if ("running".equals(run.manifest().status())) {
            warnings.add("the run was not closed: it is still recording, or the process was killed");
        }

        Map<String, Long> files = new java.util.LinkedHashMap<>();
        for (Path file : run.files()) {
            files.put(file.getFileName().toString(), Files.size(file));
        }
        long epochs = maxMetricEpoch >= 0 ? maxMetricEpoch + 1 : maxSnapshotEpoch;
        long iterations = maxMetricIteration >= 0 ? maxMetricIteration + 1 : Math.max(0, lastIteration);
        return new RunSummary(run.path(), run.manifest(), snapshots, first, lastIteration, metricRows, epochs,
                iterations, last, files, warnings);
    }

    /** @return the layout as one short line per parameter array */
    List<String> layoutLines() {
        List<String> lines = new ArrayList<>();
        for (ParameterArray array : manifest.layout().arrays()) {
            lines.add(String.format("%-14s %-22s %-6s %-10s%s", array.name(),
                    java.util.Arrays.toString(array.shape()), array.role().name().toLowerCase(),
                    array.layerType(), array.filterAxis() >= 0 ? " filters along axis " + array.filterAxis() : ""));
        }
        return lines;
    }
}
