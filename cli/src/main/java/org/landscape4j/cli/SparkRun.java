package org.landscape4j.cli;

import java.io.IOException;
import java.util.Locale;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.Provenance;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.spark.GridCluster;
import org.landscape4j.spark.SparkGridEvaluator;
import org.landscape4j.spark.SparkSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slice of {@code surface} or {@code interpolate} evaluated on Spark: into the same file as a local run (the
 * provenance gains the Spark master and task count), with the same progress bar, committed when complete and
 * resumable when not (the tasks completed before a kill are kept).
 */
final class SparkRun {

    private static final Logger LOG = LoggerFactory.getLogger(SparkRun.class);

    private SparkRun() {
    }

    static SliceSummary evaluate(SparkOptions options, SliceRun target, ObjectiveSpec spec, Slice slice,
                                 GridSpec grid, Provenance provenance, String task) throws IOException {
        Progress[] bar = new Progress[1];
        try (GridCluster cluster = options.start()) {
            SparkGridEvaluator.Builder builder = SparkGridEvaluator.builder(cluster).dataShipping(options.shipping())
                    .progress(progress -> {
                        if (bar[0] == null) {
                            bar[0] = Progress.start(task + " on " + cluster.master(), progress.total(),
                                    progress.resumed(), System.err);
                        }
                        bar[0].update(progress.done());
                    });
            if (options.tasks != null) {
                builder.tasks(options.tasks);
            }
            SparkSummary summary = builder.build().evaluate(spec, slice, grid, target.results(), target.name(),
                    provenance);
            LOG.info(String.format(Locale.ROOT, "landscape4j: %d points in %d tasks on %s (%d retried), %.1f ms per"
                            + " point inside the tasks", summary.slice().evaluated(), summary.tasks(), cluster.master(),
                    summary.retried(), summary.taskMillisPerPoint()));
            return summary.slice();
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
