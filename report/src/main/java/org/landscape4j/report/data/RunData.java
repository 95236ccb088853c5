package org.landscape4j.report.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.NotEnoughMemoryException;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.RunSummary;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.PcaTable;

/**
 * Everything the report draws from a run directory, read once: its summary, metrics, curvature, the snapshots'
 * epochs (for labels), every slice and PCA result. A file that cannot be read becomes a {@link #problems()
 * problem} and the rest is still drawn, so a run with only metrics (or one killed mid-way) gets its report.
 *
 * @param summary          the run summary (manifest, counts, results with provenance, warnings)
 * @param metrics          the metric rows (empty if none)
 * @param curvature        the curvature rows (empty if none)
 * @param epochOfIteration the epoch of each snapshot, by iteration
 * @param slices           the slice results, in name order
 * @param pcas             the PCA results, in name order
 * @param problems         what could not be read, one line each
 */
public record RunData(RunSummary summary, List<MetricRow> metrics, List<CurvatureRow> curvature,
                      Map<Long, Integer> epochOfIteration, List<SliceData> slices, List<PcaData> pcas,
                      List<String> problems) {

    public RunData {
        metrics = List.copyOf(metrics);
        curvature = List.copyOf(curvature);
        epochOfIteration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(epochOfIteration));
        slices = List.copyOf(slices);
        pcas = List.copyOf(pcas);
        problems = List.copyOf(problems);
    }

    /**
     * @param dir a run directory
     * @return what it holds
     * @throws RunFormatException if it is not a run directory or its manifest cannot be read
     */
    public static RunData read(Path dir) throws IOException {
        RunSummary summary = RunSummary.read(dir);
        RunDirectory run = RunDirectory.open(dir);
        List<String> problems = new ArrayList<>(summary.problems());
        List<MetricRow> metrics = List.of();
        if (run.has(RunFiles.METRICS)) {
            try {
                metrics = run.readMetrics(null).rows();
            } catch (RunFormatException | NotEnoughMemoryException e) {
                // already among the summary's problems
            }
        }
        List<CurvatureRow> curvature = List.of();
        if (run.has(RunFiles.CURVATURE)) {
            try {
                curvature = run.readCurvature(null).rows();
            } catch (RunFormatException | NotEnoughMemoryException e) {
                // already among the summary's problems
            }
        }
        Map<Long, Integer> epochs = new LinkedHashMap<>();
        if (run.has(RunFiles.SNAPSHOTS)) {
            try (SnapshotReader reader = run.openSnapshots(null)) {
                for (ScalarRow row : reader.scalars()) {
                    epochs.put(row.getLong(Snapshot.ITERATION), row.getInt(Snapshot.EPOCH));
                }
            } catch (RunFormatException | NotEnoughMemoryException e) {
                // already among the summary's problems
            }
        }
        List<SliceData> slices = new ArrayList<>();
        List<PcaData> pcas = new ArrayList<>();
        for (Results.ResultInfo result : summary.results()) {
            if (result.problem() != null) {
                continue;
            }
            try {
                if (SliceTable.KIND.equals(result.kind())) {
                    slices.add(SliceData.read(result.file()));
                } else if (PcaTable.KIND.equals(result.kind())) {
                    pcas.add(PcaData.read(result.file()));
                }
            } catch (RunFormatException | NotEnoughMemoryException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new RunData(summary, metrics, curvature, epochs, slices, pcas, problems);
    }
}
