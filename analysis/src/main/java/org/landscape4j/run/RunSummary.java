package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run directory holds, read in one pass that never decodes a parameter vector: the manifest, the
 * metrics, the snapshots' iterations (from their scalar columns), the curvature rows, the results and the
 * files. Each file is read on its own: a corrupt one becomes a {@link #problems() problem} (one line naming the
 * file and the byte offset) and the rest is still summarized. Used by {@code landscape4j inspect} and the
 * report.
 *
 * @param path              the run directory
 * @param manifest          its manifest
 * @param recorderAlive     whether a recorder holds the directory's lock now
 * @param snapshots         the number of complete snapshots
 * @param firstSnapshot     iteration of the first snapshot, or -1
 * @param lastSnapshot      iteration of the last snapshot, or -1
 * @param epochsCompleted   epochs completed according to the last snapshot, or -1 if there is none
 * @param updates           parameter updates seen: the last metrics iteration + 1, or the last snapshot's
 *                          iteration, whichever is larger; 0 if neither
 * @param metricRows        the number of complete metric rows
 * @param lastMetric        the last metric row, or null
 * @param divergedAt        the first metrics iteration whose score or gradient norm is NaN or infinite, or -1
 * @param curvatureRows     the number of complete curvature rows
 * @param results           the results directory's results
 * @param files             the files present (relative names) with their sizes in bytes
 * @param warnings          what a user should know (truncated streams, a run that was killed, divergence)
 * @param problems          what could not be read (corrupt or inconsistent files), one line each
 */
public record RunSummary(Path path, RunManifest manifest, boolean recorderAlive, long snapshots, long firstSnapshot,
                         long lastSnapshot, long epochsCompleted, long updates, long metricRows, MetricRow lastMetric,
                         long divergedAt, long curvatureRows, List<Results.ResultInfo> results,
                         Map<String, Long> files, List<String> warnings, List<String> problems) {

    public RunSummary {
        results = List.copyOf(results);
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        warnings = List.copyOf(warnings);
        problems = List.copyOf(problems);
    }

    /**
     * @param dir a run directory
     * @return its summary
     * @throws RunFormatException if the directory or its manifest cannot be read (nothing to summarize)
     * @throws IOException        if the directory cannot be listed
     */
    public static RunSummary read(Path dir) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        RunManifest manifest = run.manifest();
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean alive = run.recorderAlive();

        long metricRows = 0;
        long lastMetricIteration = -1;
        long divergedAt = -1;
        MetricRow last = null;
        if (run.has(RunFiles.METRICS)) {
            try {
                ReadResult<MetricRow> metrics = run.readMetrics(null);
                metricRows = metrics.rows().size();
                for (MetricRow row : metrics.rows()) {
                    if (divergedAt < 0 && (!Double.isFinite(row.score()) || !Double.isFinite(row.gradientNorm()))) {
                        divergedAt = row.iteration();
                    }
                    lastMetricIteration = Math.max(lastMetricIteration, row.iteration());
                    last = row;
                }
                if (metrics.truncated()) {
                    warnings.add(metrics.truncationDetail());
                }
            } catch (RunFormatException | NotEnoughMemoryException e) {
                problems.add(e.getMessage());
            }
        }
        if (divergedAt >= 0) {
            warnings.add("training diverged: the score or gradient norm is NaN or infinite from iteration "
                    + divergedAt + " on");
        }

        long snapshots = 0;
        long first = -1;
        long lastIteration = -1;
        long epochs = -1;
        if (run.has(RunFiles.SNAPSHOTS)) {
            try (SnapshotReader reader = run.openSnapshots(null)) {
                snapshots = reader.count();
                long previous = Long.MIN_VALUE;
                for (ScalarRow row : reader.scalars()) {
                    long iteration = row.getLong(Snapshot.ITERATION);
                    if (iteration <= previous) {
                        problems.add(SafeText.escapeControls(run.file(RunFiles.SNAPSHOTS).toString())
                                + ": snapshot iterations are not increasing ("
                                + previous + " then " + iteration + "): the file is not as the recorder writes it");
                        break;
                    }
                    previous = iteration;
                    if (first < 0) {
                        first = iteration;
                    }
                    lastIteration = iteration;
                    epochs = row.getInt(Snapshot.EPOCH);
                }
                if (reader.truncated()) {
                    warnings.add(reader.truncationDetail());
                }
            } catch (RunFormatException | NotEnoughMemoryException e) {
                problems.add(e.getMessage());
            }
        }

        long curvatureRows = 0;
        if (run.has(RunFiles.CURVATURE)) {
            try {
                ReadResult<CurvatureRow> curvature = run.readCurvature(null);
                curvatureRows = curvature.rows().size();
                if (curvature.truncated()) {
                    warnings.add(curvature.truncationDetail());
                }
            } catch (RunFormatException | NotEnoughMemoryException e) {
                problems.add(e.getMessage());
            }
        }

        List<Results.ResultInfo> results = Results.of(run).list();
        for (Results.ResultInfo result : results) {
            if (result.problem() != null) {
                problems.add(result.problem());
            } else if (manifest.runId() != null && result.provenance() != null
                    && result.provenance().runId() != null && !manifest.runId().equals(result.provenance().runId())) {
                warnings.add(SafeText.escapeControls(result.file().toString()) + " was computed from run " + SafeText.quote(result.provenance().runId())
                        + ", not this one: it is stale");
            }
        }

        if (manifest.status() == RunStatus.RUNNING) {
            warnings.add(alive ? "the run is still being recorded"
                    : "the run was not closed and no recorder holds it: the process was killed (the files hold what"
                    + " was written before)");
        } else if (manifest.status() == RunStatus.FAILED) {
            warnings.add("recording failed: " + (manifest.failure() == null ? "no reason recorded"
                    : SafeText.escapeControls(manifest.failure())));
        }

        Map<String, Long> files = new LinkedHashMap<>();
        for (Path file : run.files()) {
            files.put(run.path().relativize(file).toString(), Files.size(file));
        }
        if (!Files.exists(run.file(RunFiles.NETWORK), LinkOption.NOFOLLOW_LINKS) && manifest.status() != RunStatus.RUNNING) {
            warnings.add("no " + RunFiles.NETWORK + ": post-hoc analyses cannot rebuild the network");
        }
        long updates = Math.max(lastMetricIteration + 1, Math.max(lastIteration, 0));
        return new RunSummary(run.path(), manifest, alive, snapshots, first, lastIteration, epochs, updates, metricRows,
                last, divergedAt, curvatureRows, results, files, warnings, problems);
    }
}
