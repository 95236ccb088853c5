package org.landscape4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;

/**
 * What {@code surface} and {@code interpolate} share: where the slice goes ({@code --out FILE.arrows}, or a run's
 * {@code results/} under a default name) and its evaluation with a progress bar, committed when complete and
 * resumable when not.
 *
 * @param results where the slice is written
 * @param name    its result name (the file is {@code name.arrows})
 */
record SliceRun(Results results, String name) {

    /**
     * @param out            the {@code --out} option, or null
     * @param defaultResults the results home to use without {@code --out}, or null if there is none
     * @param defaultName    the name to use there
     * @return the target
     * @throws IllegalArgumentException if {@code --out} does not end in {@value Results#EXTENSION}, or neither is given
     */
    static SliceRun target(Path out, Results defaultResults, String defaultName) {
        if (out != null) {
            Path file = out.toAbsolutePath();
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(Results.EXTENSION)) {
                throw new IllegalArgumentException("--out " + out + ": the file name must end in " + Results.EXTENSION);
            }
            return new SliceRun(Results.at(file.getParent()),
                    fileName.substring(0, fileName.length() - Results.EXTENSION.length()));
        }
        if (defaultResults == null) {
            throw new IllegalArgumentException("no run to write into: the models are files; give --out FILE.arrows");
        }
        return new SliceRun(defaultResults, defaultName);
    }

    /** @return the worker count asked for, or the number of cores */
    static int workers(Integer asked) {
        int count = asked == null ? Runtime.getRuntime().availableProcessors() : asked;
        if (count < 1) {
            throw new IllegalArgumentException("--workers " + count + ": give at least 1");
        }
        return count;
    }

    /** @return the file the slice is (or will be) written to */
    Path file() {
        return results.file(name);
    }

    /**
     * Evaluates the slice on the grid with {@code workers} workers, a progress bar on standard error, and commits
     * the result (an interrupted evaluation leaves a partial result that the same command resumes).
     */
    SliceSummary evaluate(ObjectiveFactory factory, int workers, Slice slice, GridSpec grid, Provenance provenance,
                          String task) throws IOException {
        Progress[] bar = new Progress[1];
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance, SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluator evaluator = SliceEvaluator.builder(factory).workers(workers).progress(progress -> {
                if (bar[0] == null) {
                    bar[0] = Progress.start(task, progress.total(), progress.resumed(), System.err);
                }
                bar[0].update(progress.done());
            }).build();
            SliceSummary summary = evaluator.evaluate(slice, grid, pending);
            pending.commit();
            return summary;
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
