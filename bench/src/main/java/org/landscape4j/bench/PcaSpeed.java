package org.landscape4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.run.SnapshotWriter;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.IncrementalPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.SnapshotSource;
import org.landscape4j.trajectory.TrajectoryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W4: trajectory PCA at P = 1,000,000 float parameters, T = 50 snapshots, k = 10. A synthetic trajectory (a seeded
 * random walk with drift) is written to a snapshots file once; each repeat then measures, on the calling thread's
 * CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime()}, user + system, so the machine's other load does not
 * count) and on the wall clock:
 * <ul>
 *   <li>the floors: reading the T snapshots once from the file ({@code read_all}; {@code read_one} = read_all/T), and
 *       one P-length dot product of two snapshots in double ({@code dot}): an update cannot cost less than a few
 *       passes over P, an exact PCA not less than reading the trajectory;</li>
 *   <li>the incremental PCA, fed the T snapshots one at a time from the first (each update timed alone, the read
 *       before it not counted), and its steady state (updates once k components exist), amortized: their mean,
 *       the folds and compactions included. An update forms its row and the mean in one pass over P; every
 *       {@code IncrementalPca.RESERVE} updates one fold (a dgemm of the pending rows with the basis) and one
 *       compaction (a Java kernel) cost several plain updates: the median of single updates leaves them out, the
 *       amortized mean does not;</li>
 *   <li>the exact PCA streamed from the file (final reference, column chunks of the automatic width: two passes, each
 *       reading every snapshot once by positional reads of the chunks).</li>
 * </ul>
 * One JSON line per repeat, then a summary of medians, quartiles (IQR) over the repeats and the ratios of the
 * medians to the floors measured in the same run.
 */
final class PcaSpeed {

    private static final Logger log = LoggerFactory.getLogger(PcaSpeed.class);

    static final int P = 1_000_000;
    static final int T = 50;
    static final int K = 10;

    private final int repeats;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    PcaSpeed(int repeats, PrintStream out) {
        this.repeats = repeats;
        this.out = out;
    }

    /** CPU and wall milliseconds of one measurement. */
    private record Time(double cpuMs, double wallMs) {
    }

    void run() throws IOException {
        Path scratch = Files.createTempDirectory("landscape4j-bench-w4");
        Path file = scratch.resolve("snapshots.arrows");
        try {
            log.info("W4: writing {} snapshots of {} floats to {}", T, P, file);
            writeTrajectory(file);
            List<Double> readAll = new ArrayList<>();
            List<Double> dot = new ArrayList<>();
            List<Double> update = new ArrayList<>();
            List<Double> steady = new ArrayList<>();
            List<Double> amortized = new ArrayList<>();
            List<Double> exact = new ArrayList<>();
            List<Double> exactWall = new ArrayList<>();
            measureRead(file); // warm-up: page cache, JIT
            for (int r = 0; r < repeats; r++) {
                Time read = measureRead(file);
                double dotMs = measureDot(file);
                List<Double> updates = measureIncremental(file);
                Time pca = measureExact(file);
                readAll.add(read.cpuMs());
                dot.add(dotMs);
                update.addAll(updates);
                List<Double> steadyHere = updates.subList(K + 1, updates.size());
                steady.addAll(steadyHere);
                double amortizedHere = steadyHere.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                amortized.add(amortizedHere);
                exact.add(pca.cpuMs());
                exactWall.add(pca.wallMs());
                Map<String, Object> line = base();
                line.put("repeat", r);
                line.put("read_all_cpu_ms", read.cpuMs());
                line.put("read_all_wall_ms", read.wallMs());
                line.put("dot_cpu_ms", dotMs);
                line.put("update_cpu_ms_median", ListenerOverhead.quantile(updates, 0.5));
                line.put("update_steady_cpu_ms_median", ListenerOverhead.quantile(steadyHere, 0.5));
                line.put("update_steady_cpu_ms_mean", amortizedHere);
                line.put("update_cpu_ms", updates);
                line.put("exact_cpu_ms", pca.cpuMs());
                line.put("exact_wall_ms", pca.wallMs());
                emit(line);
            }
            double readMedian = ListenerOverhead.quantile(readAll, 0.5);
            double dotMedian = ListenerOverhead.quantile(dot, 0.5);
            double steadyMedian = ListenerOverhead.quantile(steady, 0.5);
            double amortizedMedian = ListenerOverhead.quantile(amortized, 0.5);
            double exactMedian = ListenerOverhead.quantile(exact, 0.5);
            Map<String, Object> summary = base();
            summary.put("summary", true);
            summary.put("repeats", repeats);
            summary.put("read_all_cpu_ms_median", readMedian);
            summary.put("read_all_cpu_ms_iqr", List.of(ListenerOverhead.quantile(readAll, 0.25),
                    ListenerOverhead.quantile(readAll, 0.75)));
            summary.put("read_one_cpu_ms_median", readMedian / T);
            summary.put("dot_cpu_ms_median", dotMedian);
            summary.put("dot_cpu_ms_iqr", List.of(ListenerOverhead.quantile(dot, 0.25),
                    ListenerOverhead.quantile(dot, 0.75)));
            summary.put("update_cpu_ms_median", ListenerOverhead.quantile(update, 0.5));
            summary.put("update_steady_cpu_ms_median", steadyMedian);
            summary.put("update_steady_cpu_ms_iqr", List.of(ListenerOverhead.quantile(steady, 0.25),
                    ListenerOverhead.quantile(steady, 0.75)));
            summary.put("update_steady_cpu_ms_max", steady.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            summary.put("update_amortized_cpu_ms_median", amortizedMedian);
            summary.put("update_amortized_cpu_ms_iqr", List.of(ListenerOverhead.quantile(amortized, 0.25),
                    ListenerOverhead.quantile(amortized, 0.75)));
            summary.put("exact_cpu_ms_median", exactMedian);
            summary.put("exact_cpu_ms_iqr", List.of(ListenerOverhead.quantile(exact, 0.25),
                    ListenerOverhead.quantile(exact, 0.75)));
            summary.put("exact_wall_ms_median", ListenerOverhead.quantile(exactWall, 0.5));
            summary.put("ratio_update_amortized_to_dot", amortizedMedian / dotMedian);
            summary.put("ratio_update_amortized_to_read_one", amortizedMedian / (readMedian / T));
            summary.put("targets", Map.of("ratio_update_amortized_to_read_one", 20.0,
                    "update_amortized_cpu_ms_median", 31.0, "exact_cpu_ms_median", 1100.0));
            summary.put("ratio_exact_to_read_all", exactMedian / readMedian);
            summary.put("ratio_exact_to_dot", exactMedian / dotMedian);
            summary.put("note", "amortized = the mean over the updates once k components exist, folds and"
                    + " compactions included. An update makes one Java pass over P (reads θ and μ, writes its row"
                    + " and the new μ); every " + IncrementalPca.RESERVE + " updates a fold (one dgemm of the pending"
                    + " rows with the k + " + IncrementalPca.RESERVE + " basis rows) and a compaction (k rows"
                    + " rewritten from all of them) cost several plain updates, which the median of single updates"
                    + " leaves out. The exact PCA reads every snapshot twice (Gram pass, components pass) by column"
                    + " chunks and does T² + kT multiply-adds per parameter in dgemm. Thread CPU time; ratios are of"
                    + " medians to the floors of the same run");
            emit(summary);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(scratch);
        }
    }

    private static void writeTrajectory(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        float[] theta = new float[P];
        float[] drift = new float[P];
        for (int p = 0; p < P; p++) {
            theta[p] = (float) (random.nextDouble() - 0.5);
            drift[p] = (float) (0.02 * (random.nextDouble() - 0.5));
        }
        try (SnapshotWriter writer = new SnapshotWriter(file, P, "bench-w4", null)) {
            for (int t = 0; t < T; t++) {
                double decay = 1.0 / (1 + 0.1 * t);
                for (int p = 0; p < P; p++) {
                    theta[p] += (float) (drift[p] * decay + 0.005 * (random.nextDouble() - 0.5));
                }
                writer.write(t * 100L, t, 1.0 / (t + 1), theta);
            }
        }
    }

    private Time measureRead(Path file) throws IOException {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        double sink = 0;
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            for (Snapshot s : reader) {
                sink += s.params()[P - 1];
            }
        }
        Time time = new Time((threads.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6);
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("NaN in the snapshots");
        }
        return time;
    }

    /** @return the median CPU ms of 5 dot products of two snapshots over P, summed in double */
    private double measureDot(Path file) throws IOException {
        float[] a;
        float[] b;
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            a = reader.read(0).params();
            b = reader.read(T - 1).params();
        }
        List<Double> times = new ArrayList<>();
        double sink = 0;
        for (int k = 0; k < 5; k++) {
            long cpu = threads.getCurrentThreadCpuTime();
            double s = 0;
            for (int p = 0; p < P; p++) {
                s += (double) a[p] * b[p];
            }
            times.add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            sink += s;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("NaN dot product");
        }
        return ListenerOverhead.quantile(times, 0.5);
    }

    /** @return the CPU ms of each of the T updates */
    private List<Double> measureIncremental(Path file) throws IOException {
        IncrementalPca ipca = new IncrementalPca(P, K);
        List<Double> times = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            for (Snapshot s : reader) {
                long cpu = threads.getCurrentThreadCpuTime();
                if (!ipca.update(s.params())) {
                    throw new IllegalStateException("an incremental-PCA update failed");
                }
                times.add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
        }
        log.info("W4: {}", ipca);
        return times;
    }

    private Time measureExact(Path file) throws IOException {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        PcaResult pca;
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            pca = ExactPca.compute(SnapshotSource.of(reader), PcaSettings.of(K), TrajectoryProgress.NONE)
                    .orElseThrow(() -> new IllegalStateException("the exact PCA's eigen-decomposition failed"));
        }
        Time time = new Time((threads.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6);
        log.info("W4: {}", pca);
        return time;
    }

    private Map<String, Object> base() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", "W4");
        line.put("parameters", P);
        line.put("snapshots", T);
        line.put("components", K);
        line.put("clock", "thread_cpu");
        line.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }
}
