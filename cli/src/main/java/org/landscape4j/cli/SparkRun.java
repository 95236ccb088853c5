package org.landscape4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceProgress;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.spark.GridCluster;
import org.landscape4j.spark.SparkGridEvaluator;
import org.landscape4j.spark.SparkOutcome;
import org.landscape4j.spark.SparkSnapshotEvaluator;
import org.landscape4j.spark.SparkSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's grids evaluated on Spark, on one context started once (the master is checked before any work): a slice
 * of {@code surface} or {@code interpolate} and the |λmin/λmax| map of {@code surface --eigen}, each into the same file
 * as a local run (the provenance gains the Spark master and task count), with the same progress bar, committed when
 * complete and resumable when not (the tasks completed before a kill are kept); and the per-snapshot evaluator of
 * {@code surface --snapshots}.
 */
final class SparkRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SparkRun.class);

    private final SparkOptions options;
    private final GridCluster cluster;

    private SparkRun(SparkOptions options, GridCluster cluster) {
        this.options = options;
        this.cluster = cluster;
    }

    /**
     * Starts the context the options describe.
     *
     * @throws IllegalArgumentException for a master URL of no known form or a malformed setting
     * @throws org.landscape4j.spark.SparkGridException if the master cannot be reached or no executor joins in time
     */
    static SparkRun start(SparkOptions options) throws IOException {
        return new SparkRun(options, options.start());
    }

    /** One slice on a context started for it and stopped after (what {@code interpolate --spark} does). */
    static SliceSummary evaluate(SparkOptions options, SliceRun target, ObjectiveSpec spec, Slice slice,
                                 GridSpec grid, Provenance provenance, String task) throws IOException {
        try (SparkRun spark = start(options)) {
            return spark.slice(target, spec, slice, grid, provenance, task);
        }
    }

    /** @return the master URL */
    String master() {
        return cluster.master();
    }

    /** The loss on the slice's grid into {@code target}, resuming its partial result. */
    SliceSummary slice(SliceRun target, ObjectiveSpec spec, Slice slice, GridSpec grid, Provenance provenance,
                       String task) throws IOException {
        Bar bar = new Bar(task + " on " + cluster.master());
        try {
            SparkSummary summary = evaluator(bar).evaluate(spec, slice, grid, target.results(), target.name(),
                    provenance);
            LOG.info(String.format(Locale.ROOT, "landscape4j: %d points in %d tasks on %s (%d retried), %.1f ms per"
                            + " point inside the tasks", summary.slice().evaluated(), summary.tasks(), cluster.master(),
                    summary.retried(), summary.taskMillisPerPoint()));
            return summary.slice();
        } finally {
            bar.close();
        }
    }

    /**
     * The |λmin/λmax| map of the slice's grid into {@code results/name}: {@link EigenWork} on objectives of
     * {@code doubles} (the spec in DOUBLE, as the local map uses the DOUBLE twin), resuming its partial result.
     *
     * @return every point of the map
     */
    List<CurvatureMap.Point> eigen(Results results, String name, ObjectiveSpec doubles, EigenWork work, Slice slice,
                                   GridSpec grid, Provenance provenance, String task) throws IOException {
        Bar bar = new Bar(task + " on " + cluster.master());
        List<CurvatureMap.Point> points = new ArrayList<>();
        try {
            SparkOutcome outcome = evaluator(bar).evaluate(doubles, work, slice, grid, results, name, provenance,
                    points::add);
            LOG.info(String.format(Locale.ROOT, "landscape4j: %d eigenvalue points in %d tasks on %s (%d retried),"
                            + " %.1f ms per point inside the tasks", outcome.grid().evaluated(), outcome.tasks(),
                    cluster.master(), outcome.retried(), outcome.taskMillisPerPoint()));
            return points;
        } finally {
            bar.close();
        }
    }

    /** @return the evaluator of slices around many snapshots, one task per snapshot */
    SparkSnapshotEvaluator snapshots() {
        return SparkSnapshotEvaluator.builder(cluster).dataShipping(options.shipping()).build();
    }

    private SparkGridEvaluator evaluator(Bar bar) {
        SparkGridEvaluator.Builder builder = SparkGridEvaluator.builder(cluster).dataShipping(options.shipping())
                .progress(bar);
        if (options.tasks != null) {
            builder.tasks(options.tasks);
        }
        return builder.build();
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** A progress bar started at the first report (when the total and the resumed points are known). */
    private static final class Bar implements SliceProgress {
        private final String task;
        private org.landscape4j.cli.Progress bar;       // not SliceProgress.Progress, the report

        Bar(String task) {
            this.task = task;
        }

        @Override
        public void update(SliceProgress.Progress progress) {
            if (bar == null) {
                bar = org.landscape4j.cli.Progress.start(task, progress.total(), progress.resumed(), System.err);
            }
            bar.update(progress.done());
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
