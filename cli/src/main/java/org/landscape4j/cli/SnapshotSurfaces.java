package org.landscape4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SafeText;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.LossWork;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.spark.SparkOutcome;
import org.landscape4j.spark.SparkSnapshotEvaluator;
import org.landscape4j.trajectory.SnapshotSelection;

/**
 * {@code surface RUN_DIR --snapshots A:B:STRIDE}: the same slice (grid, seeded raw directions, normalization) around
 * each selected snapshot of a run, each normalized against its own θ as {@code --snapshot K} does, one result per
 * snapshot in the run's {@code results/} named after the snapshot's iteration ({@code surface-itN-...}; a snapshot
 * whose iteration another selected one shares gets {@code -snapshotK} appended), with its own provenance and
 * directions file.
 *
 * <p>A snapshot whose result is committed from the same computation (equal provenance, wherever it ran) is skipped;
 * a partial one is resumed from its rows. Locally the snapshots run one after the other, each with the local workers;
 * on Spark each snapshot's grid is one task ({@link SparkSnapshotEvaluator}), the model configuration and data
 * broadcast once, each task shipped only its snapshot's θ and directions.
 */
final class SnapshotSurfaces {

    private final SurfaceCommand command;
    private final ObjectiveSpec base;
    private final RunDirectory run;
    private final String selection;
    private final int[] indices;
    private final long[] iterations;
    private final Set<Long> repeated = new HashSet<>();
    private final Map<Integer, Map<String, Object>> json = new TreeMap<>();

    private SnapshotSurfaces(SurfaceCommand command, ObjectiveSpec base, RunDirectory run, String selection,
                             int[] indices, long[] iterations) {
        this.command = command;
        this.base = base;
        this.run = run;
        this.selection = selection;
        this.indices = indices;
        this.iterations = iterations;
        Set<Long> seen = new HashSet<>();
        for (long iteration : iterations) {
            if (!seen.add(iteration)) {
                repeated.add(iteration);
            }
        }
    }

    /**
     * Resolves the selection against the run's snapshots (their scalars only: no θ is read).
     *
     * @throws IllegalArgumentException if the selection selects no snapshot, naming it and the run's count
     */
    static SnapshotSurfaces select(SurfaceCommand command, ObjectiveSpec base, SnapshotSelection selection)
            throws IOException {
        RunDirectory run = RunDirectory.open(command.runDirectory());
        try (SnapshotReader reader = run.openSnapshots(null)) {
            int count = reader.count();
            if (count == 0) {
                throw new IllegalArgumentException(run.path() + " holds no snapshot: --snapshots has nothing to slice");
            }
            int[] indices;
            try {
                indices = selection.indices(count);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^snapshot selection", "--snapshots")
                        + " in " + run.path(), e);
            }
            long[] iterations = new long[indices.length];
            for (int n = 0; n < indices.length; n++) {
                iterations[n] = reader.scalars(indices[n]).getLong(Snapshot.ITERATION);
            }
            return new SnapshotSurfaces(command, base, run, selection.toString(), indices, iterations);
        }
    }

    /** Slices every selected snapshot (locally, or on {@code spark} when not null) and reports each. */
    int run(GridSpec grid, int workers, SparkRun spark, PrintWriter out) throws Exception {
        SliceOutputOptions output = command.output();
        if (!output.json) {
            out.printf(Locale.ROOT, "snapshots    %d selected by %s: %s%n", indices.length, selection,
                    describe());
            out.flush();
        }
        if (spark == null) {
            local(grid, workers, out);
        } else {
            onSpark(grid, spark, out);
        }
        if (output.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(new ArrayList<>(json.values())));
            out.flush();
        }
        return 0;
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < indices.length && n < 8; n++) {
            text.append(n == 0 ? "" : ", ").append(indices[n]).append(" (it ").append(iterations[n]).append(')');
        }
        return indices.length > 8 ? text + ", ..." : text.toString();
    }

    /** Snapshot {@code n} of the selection, made as {@code --snapshot K} makes it. */
    private SurfacePlan plan(int n, GridSpec grid) throws Exception {
        int index = indices[n];
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.RunSnapshot(command.runDirectory().toString(), index),
                base.data(), base.precision());
        CommandInputs inputs = CommandInputs.resolve(command.runDirectory(), spec.model());
        Results results = Results.of(run);
        return command.plan(spec, inputs, grid, prepared -> {
            String name = command.defaultName(inputs, prepared);
            return new SliceRun(results, repeated.contains(iterations[n]) ? name + "-snapshot" + index : name);
        });
    }

    private String label(int n) {
        return "snapshot " + indices[n] + " (iteration " + iterations[n] + ")";
    }

    // ------------------------------------------------------------------ locally

    private void local(GridSpec grid, int workers, PrintWriter out) throws Exception {
        for (int n = 0; n < indices.length; n++) {
            SurfacePlan plan = plan(n, grid);
            boolean sliceDone = plan.sliceComplete();
            boolean eigenDone = !command.eigen() || plan.eigenComplete();
            Map<String, Object> entry = entry(n, plan);
            if (sliceDone && eigenDone) {
                skipped(n, plan, entry, out);
                continue;
            }
            Path directionsFile = plan.saveDirections();
            String position = " " + label(n) + " [" + (n + 1) + "/" + indices.length + "]";
            if (sliceDone) {
                sliceSkipped(n, plan, entry, out);
            } else {
                SliceSummary summary = plan.target().evaluate(plan.factory(), workers, plan.slice(), grid,
                        plan.provenance(), command.task(grid) + position);
                reportSlice(n, plan, directionsFile, grid, summary, entry, out);
            }
            if (command.eigen() && !eigenDone) {
                List<CurvatureMap.Point> points = command.eigenMap(plan, grid, workers, null, "eigenvalues" + position);
                reportEigen(plan, points, entry, out);
            }
        }
    }

    // ------------------------------------------------------------------ on Spark

    private void onSpark(GridSpec grid, SparkRun spark, PrintWriter out) throws Exception {
        SparkSnapshotEvaluator evaluator = spark.snapshots();
        Map<String, Object> where = evaluator.provenanceSettings();
        String configuration = Files.readString(run.path().resolve(RunFiles.NETWORK), StandardCharsets.UTF_8);
        int units = indices.length * (command.eigen() ? 2 : 1);
        List<PendingResult> opened = new ArrayList<>();
        try (SnapshotReader reader = run.openSnapshots(null);
             Progress bar = Progress.start("slices of " + indices.length + " snapshots on " + spark.master(), units,
                     0, System.err)) {
            Iterator<SparkSnapshotEvaluator.SnapshotGrid<?>> grids = new Iterator<>() {
                private final Deque<SparkSnapshotEvaluator.SnapshotGrid<?>> ready = new ArrayDeque<>();
                private int next;

                @Override
                public boolean hasNext() {
                    fill();
                    return !ready.isEmpty();
                }

                @Override
                public SparkSnapshotEvaluator.SnapshotGrid<?> next() {
                    fill();
                    if (ready.isEmpty()) {
                        throw new NoSuchElementException();
                    }
                    return ready.removeFirst();
                }

                private void fill() {
                    while (ready.isEmpty() && next < indices.length) {
                        try {
                            prepare(next++, grid, reader, where, bar, opened, ready, out);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            try {
                evaluator.evaluate(base, configuration, command.kind(), grid, grids, () -> false);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } finally {
            for (PendingResult pending : opened) {
                pending.close();
            }
        }
    }

    /** Prepares snapshot {@code n}'s grids that are not complete: its slice and (with --eigen) its eigenvalue map. */
    private void prepare(int n, GridSpec grid, SnapshotReader reader, Map<String, Object> where, Progress bar,
                         List<PendingResult> opened, Deque<SparkSnapshotEvaluator.SnapshotGrid<?>> ready,
                         PrintWriter out) throws Exception {
        SurfacePlan plan = plan(n, grid);
        boolean sliceDone = plan.sliceComplete();
        boolean eigenDone = !command.eigen() || plan.eigenComplete();
        Map<String, Object> entry = entry(n, plan);
        if (sliceDone && eigenDone) {
            skipped(n, plan, entry, out);
            bar.update(bar.current() + (command.eigen() ? 2 : 1));
            return;
        }
        Path directionsFile = plan.saveDirections();
        Snapshot snapshot = reader.read(indices[n]);
        SparkSnapshotEvaluator.SnapshotModel model = new SparkSnapshotEvaluator.SnapshotModel(snapshot.params(),
                snapshot.iteration(), snapshot.epoch());
        Results results = plan.target().results();
        if (sliceDone) {
            sliceSkipped(n, plan, entry, out);
            bar.step();
        } else {
            PendingResult pending = results.startRows(plan.target().name(), SliceTable.TABLE,
                    with(plan.provenance(), where), SliceTable.ROWS_PER_BATCH);
            opened.add(pending);
            SliceSummary.Builder summary = new SliceSummary.Builder(grid);
            ready.add(new SparkSnapshotEvaluator.SnapshotGrid<>(label(n), model, plan.slice(), new LossWork(true),
                    base.precision(), pending, summary::add, outcome -> {
                        pending.commit();
                        reportSlice(n, plan, directionsFile, grid, summary(summary, outcome), entry, out);
                        bar.step();
                    }));
        }
        if (command.eigen() && !eigenDone) {
            PendingResult pending = results.startRows(plan.eigenName(), CurvatureMap.TABLE,
                    with(plan.eigenProvenance(), where), 1024);
            opened.add(pending);
            List<CurvatureMap.Point> points = new ArrayList<>();
            ready.add(new SparkSnapshotEvaluator.SnapshotGrid<>(label(n), model, plan.slice(),
                    new EigenWork(command.lanczos()), Precision.DOUBLE, pending, points::add, outcome -> {
                        pending.commit();
                        reportEigen(plan, points, entry, out);
                        bar.step();
                    }));
        }
    }

    private static SliceSummary summary(SliceSummary.Builder summary, SparkOutcome outcome) {
        return summary.build(outcome.grid().points(), outcome.grid().evaluated(), outcome.grid().resumed(),
                outcome.grid().seconds(), outcome.grid().workers());
    }

    private static Provenance with(Provenance provenance, Map<String, Object> where) {
        Map<String, Object> settings = new LinkedHashMap<>(provenance.settings());
        settings.putAll(where);
        return new Provenance(provenance.runId(), provenance.sourceIterations(), provenance.objective(), settings,
                provenance.seeds(), provenance.version());
    }

    // ------------------------------------------------------------------ reports

    private Map<String, Object> entry(int n, SurfacePlan plan) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("snapshot", indices[n]);
        entry.put("iteration", iterations[n]);
        entry.put("file", plan.target().file().toString());
        entry.put("skipped", false);
        synchronized (json) {
            json.put(indices[n], entry);
        }
        return entry;
    }

    private void skipped(int n, SurfacePlan plan, Map<String, Object> entry, PrintWriter out) {
        entry.put("skipped", true);
        if (command.eigen()) {
            entry.put("eigen_file", plan.eigenFile().toString());
            entry.put("eigen_skipped", true);
        }
        say(out, label(n) + ": complete in " + plan.target().file() + (command.eigen() ? " and its eigenvalue map"
                : "") + ", skipped");
    }

    /** The slice of snapshot n is complete (only its eigenvalue map is missing): says so. */
    private void sliceSkipped(int n, SurfacePlan plan, Map<String, Object> entry, PrintWriter out) {
        entry.put("skipped", true);
        say(out, label(n) + ": the slice is complete in " + plan.target().file() + ", skipped");
    }

    private void reportSlice(int n, SurfacePlan plan, Path directionsFile, GridSpec grid, SliceSummary summary,
                             Map<String, Object> entry, PrintWriter out) {
        synchronized (json) {
            entry.putAll(SurfaceReport.json(plan.target().file(), directionsFile, grid, plan.directions(), summary));
            entry.put("skipped", false);
        }
        if (!command.output().json) {
            out.println("snapshot     " + indices[n] + " (iteration " + iterations[n] + ")");
            SurfaceReport.print(out, plan.target().file(), directionsFile, grid, plan.directions(), summary);
            out.flush();
        }
    }

    private void reportEigen(SurfacePlan plan, List<CurvatureMap.Point> points, Map<String, Object> entry,
                             PrintWriter out) {
        synchronized (json) {
            entry.put("eigen_file", plan.eigenFile().toString());
            entry.put("eigen_skipped", false);
        }
        if (!command.output().json) {
            SurfaceCommand.printEigen(out, plan.eigenFile(), points);
        }
    }

    private void say(PrintWriter out, String line) {
        if (!command.output().json) {
            out.println(SafeText.escapeControls(line));
            out.flush();
        }
    }
}
