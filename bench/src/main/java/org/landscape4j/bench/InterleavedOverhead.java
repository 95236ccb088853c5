package org.landscape4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W3 by interleaved training: in each run two copies of the default example's network, from the same seed, train on
 * the same thread in alternating blocks of a few epochs, one with the listener (A) and one without (B), the order
 * of each pair of blocks alternating (AB, BA, AB, ...). Each block is timed by the training thread's CPU time. The
 * two halves of a pair run within tens of milliseconds of each other (blocks of 2 epochs), so that this VM's
 * changes of speed (the same training took 0.9 to 3.2 s of thread CPU time from one run to the next, in regimes
 * lasting from a tenth of a second to whole runs) hit both alike, where they drown a 3 % difference between whole
 * runs.
 *
 * <p>The listener's background threads keep working as in any training. The writer looks for work after naps of
 * {@code RunWriter.MIN_NAP_MILLIS} to {@code RunWriter.MAX_NAP_MILLIS} (50 to 250) ms, so with blocks shorter than its
 * naps (the default, 2 epochs, is 10 updates, 30–60 ms here) it writes A's snapshots during A's and B's blocks
 * alike: about half of its interference with training (a busy core, the caches, OpenMP threads spinning while it holds
 * a core) is charged to B, where longer blocks charge most of it to A but put a pair's halves further apart. On one
 * OpenMP thread the writer runs on the other core and its interference is small (blocks of 10 epochs gave the same
 * medians within their intervals); {@code total_overhead} counts all of its CPU time as taken from training.
 *
 * <p>Per run:
 * <ul>
 *   <li>{@code pair_ratio_median}: the median over the run's pairs of A's block CPU over B's: the listener's cost
 *       on the training thread in a typical block (its callbacks, and whatever it does to training's caches);</li>
 *   <li>{@code thread_overhead} = that + the callbacks' rare work (the time they spent beyond a median block's,
 *       summed over the blocks: the median leaves it out) + the wall time of {@code close()} (the last rows, the
 *       files' fsyncs and, with curvature, the measurement in flight finished), both over B's total CPU time;</li>
 *   <li>{@code total_overhead} = that + the writer's CPU time over B's total CPU (the writer works for A alone) +
 *       the curvature worker's CPU time over A's and B's total (the worker is paced to a share of the wall time,
 *       which here both trainings fill), both read when training ends, before {@code close()}: every background
 *       CPU second counted as taken from training, as on a machine whose cores all train (an upper bound where a
 *       core is idle).</li>
 * </ul>
 * Reported: the median of each over the runs with its 95 % distribution-free interval
 * ({@link ListenerOverhead#medianInterval}), and a verdict against the target for each.
 */
final class InterleavedOverhead {

    private static final Logger log = LoggerFactory.getLogger(InterleavedOverhead.class);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final int runs;
    private final int block;
    private final boolean curvature;
    private final ModularAddition.Config config;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param runs      interleaved runs (each trains the example twice)
     * @param block     epochs per block
     * @param epochs    epochs per training, or null for the example's own
     * @param curvature whether A also measures curvature at its default schedule
     */
    InterleavedOverhead(int runs, int block, Integer epochs, boolean curvature, PrintStream out) {
        ModularAddition.Config defaults = ModularAddition.Config.defaults();
        this.config = epochs == null ? defaults : defaults.withEpochs(epochs);
        this.runs = runs;
        this.block = block;
        this.curvature = curvature;
        this.out = out;
    }

    /**
     * One interleaved run.
     *
     * @param pairRatios       A's block CPU over B's, per pair
     * @param withCpuSeconds   A's training-thread CPU, all blocks (the listener's callbacks included)
     * @param bareCpuSeconds   B's training-thread CPU, all blocks
     * @param closeSeconds     the wall time of A's {@code close()}
     * @param writerCpuSeconds the writer thread's CPU time when training ended
     * @param workerCpuSeconds the curvature worker's CPU time when training ended (0 without curvature)
     * @param callbackSeconds  the time spent in the listener's callbacks in each of A's blocks
     *                         ({@link LandscapeListener#recordingTime()}, by wall clock)
     */
    record Run(List<Double> pairRatios, double withCpuSeconds, double bareCpuSeconds, double closeSeconds,
               double writerCpuSeconds, double workerCpuSeconds, List<Double> callbackSeconds) {

        double pairRatioMedian() {
            return ListenerOverhead.quantile(pairRatios, 0.5);
        }

        /**
         * @return the callbacks' time beyond what a median block holds, summed over the blocks: n·(mean − median) of
         *         the blocks' callback times. The median pair ratio leaves out the cost of a block whose callbacks
         *         did rare work (the start of recording, the curvature recorder building its probe-set objective,
         *         a hand-off of rows); this adds it back, by the wall clock of the callbacks
         */
        double callbackExcessSeconds() {
            double total = callbackSeconds.stream().mapToDouble(Double::doubleValue).sum();
            return callbackSeconds.isEmpty() ? 0
                    : total - callbackSeconds.size() * ListenerOverhead.quantile(callbackSeconds, 0.5);
        }

        /**
         * The listener's cost on the training thread: a typical block's ratio, plus its rare callback work and
         * close(), both over B's CPU.
         */
        double threadOverhead() {
            return pairRatioMedian() + (callbackExcessSeconds() + closeSeconds) / bareCpuSeconds;
        }

        /** {@link #threadOverhead()} plus the background threads' CPU, as if taken from training. */
        double totalOverhead() {
            return threadOverhead() + writerCpuSeconds / bareCpuSeconds
                    + workerCpuSeconds / (withCpuSeconds + bareCpuSeconds);
        }
    }

    void run() throws IOException {
        ModularAddition.Data data = ModularAddition.data(config);
        Path scratch = Files.createTempDirectory("landscape4j-bench-w3i");
        try {
            log.info("W3 interleaved: a warm-up, then {} runs of {} epochs in blocks of {}", runs, config.epochs(),
                    block);
            interleaved(data, scratch.resolve("warmup"), 0);
            List<Double> thread = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            List<Double> pairMedians = new ArrayList<>();
            List<Double> allPairs = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Run run = interleaved(data, scratch.resolve("run-" + r), r);
                thread.add(run.threadOverhead());
                total.add(run.totalOverhead());
                pairMedians.add(run.pairRatioMedian());
                allPairs.addAll(run.pairRatios());
                Map<String, Object> line = base();
                line.put("run", r);
                line.put("pairs", run.pairRatios().size());
                line.put("pair_ratio_p25", ListenerOverhead.quantile(run.pairRatios(), 0.25));
                line.put("pair_ratio_median", run.pairRatioMedian());
                line.put("pair_ratio_p75", ListenerOverhead.quantile(run.pairRatios(), 0.75));
                line.put("pair_ratios", run.pairRatios());
                line.put("with_listener_cpu_s", run.withCpuSeconds());
                line.put("without_listener_cpu_s", run.bareCpuSeconds());
                line.put("close_s", run.closeSeconds());
                line.put("callback_s", run.callbackSeconds());
                line.put("callback_excess_s", run.callbackExcessSeconds());
                line.put("writer_cpu_s", run.writerCpuSeconds());
                line.put("worker_cpu_s", run.workerCpuSeconds());
                line.put("thread_overhead", run.threadOverhead());
                line.put("total_overhead", run.totalOverhead());
                emit(line);
            }
            double target = curvature ? ListenerOverhead.CURVATURE_TARGET_RATIO : ListenerOverhead.TARGET_RATIO;
            Map<String, Object> summary = base();
            summary.put("summary", true);
            summary.put("runs", runs);
            summary.put("target_ratio", target);
            putMedian(summary, "pair_ratio", pairMedians, target);
            putMedian(summary, "thread_overhead", thread, target);
            putMedian(summary, "total_overhead", total, target);
            summary.put("all_pairs_p25", ListenerOverhead.quantile(allPairs, 0.25));
            summary.put("all_pairs_median", ListenerOverhead.quantile(allPairs, 0.5));
            summary.put("all_pairs_p75", ListenerOverhead.quantile(allPairs, 0.75));
            emit(summary);
        } finally {
            ListenerOverhead.deleteRecursively(scratch);
        }
    }

    private static void putMedian(Map<String, Object> summary, String name, List<Double> values, double target) {
        double[] interval = ListenerOverhead.medianInterval(values, 0.95);
        summary.put(name + "_median", ListenerOverhead.quantile(values, 0.5));
        summary.put(name + "_median_ci95", List.of(interval[0], interval[1]));
        summary.put(name + "_verdict", ListenerOverhead.verdict(values, target));
    }

    /** Trains A (with the listener) and B (without) in alternating blocks; the run's first pair starts with A if r is even. */
    private Run interleaved(ModularAddition.Data data, Path runDir, int r) {
        MultiLayerNetwork with = ModularAddition.network(config);
        MultiLayerNetwork bare = ModularAddition.network(config);
        DataSetIterator withData = data.trainIterator(config.batchSize());
        DataSetIterator bareData = data.trainIterator(config.batchSize());
        LandscapeListener listener = ListenerOverhead.listener(runDir, curvature);
        with.addListeners(listener);
        List<Double> ratios = new ArrayList<>();
        List<Double> callbacks = new ArrayList<>();
        long withCpu = 0;
        long bareCpu = 0;
        int epoch = 0;
        for (int pair = 0; epoch < config.epochs(); pair++) {
            int epochs = Math.min(block, config.epochs() - epoch);
            long withBlock = 0;
            long bareBlock = 0;
            for (int half = 0; half < 2; half++) {
                boolean withFirst = (pair + r) % 2 == 0;
                if ((half == 0) == withFirst) {
                    long recordingBefore = listener.recordingTime().toNanos();
                    withBlock = blockCpu(with, withData, epochs);
                    callbacks.add((listener.recordingTime().toNanos() - recordingBefore) / 1e9);
                } else {
                    bareBlock = blockCpu(bare, bareData, epochs);
                }
            }
            withCpu += withBlock;
            bareCpu += bareBlock;
            ratios.add((double) withBlock / Math.max(1, bareBlock));
            epoch += epochs;
        }
        double writerCpu = listener.writerCpuTime().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        double workerCpu = listener.workerCpuTime().toNanos() / 1e9;
        long closing = System.nanoTime();
        listener.close();
        double close = (System.nanoTime() - closing) / 1e9;
        return new Run(ratios, withCpu / 1e9, bareCpu / 1e9, close, writerCpu, workerCpu, callbacks);
    }

    private static long blockCpu(MultiLayerNetwork net, DataSetIterator data, int epochs) {
        long start = CPU.getCurrentThreadCpuTime();
        for (int e = 0; e < epochs; e++) {
            net.fit(data);
        }
        return CPU.getCurrentThreadCpuTime() - start;
    }

    private Map<String, Object> base() {
        Map<String, Object> line = ListenerOverhead.w3Line(curvature, config);
        line.put("method", "interleaved");
        line.put("block_epochs", block);
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        ListenerOverhead.emit(out, json, line);
    }
}
