package org.landscape4j.listener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFiles;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes loss-landscape slices during training: at each scheduled moment the training thread hands over the
 * event's shared θ copy and goes on; a background thread evaluates the plane (or line) through θ with parallel
 * workers and writes it to the run's {@code results/} as {@code slice-it<updates>.arrows}, its normalized
 * directions beside it, with full provenance. The raw random directions are drawn once per run (seeds
 * {@code seed}, {@code seed + 1}) and normalized at each centre, so slices over training are comparable.
 *
 * <p>At most one slice is in flight: a slice due while the previous one is still being evaluated is skipped,
 * with a log line. Memory: one copy of the network and of the evaluation set (the factory's), the two raw
 * directions, and per slice its centre, its two normalized directions and one network copy per worker. {@code close()} waits for the slice in flight (or cancels it if asked; its partial result
 * stays) and, with {@code atEnd}, takes the last slice at the final parameters; at JVM shutdown it cancels and
 * waits at most 10 s.
 */
final class SliceRecorder implements Recorder {

    private static final Logger log = LoggerFactory.getLogger(SliceRecorder.class);

    private final SliceSettings settings;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private ExecutorService executor;
    private NetworkObjectiveFactory factory;
    private ParameterLayout layout;
    private BiConsumer<String, Throwable> failures;
    private Path resultsDirectory;
    private String runId;
    private INDArray[] rawDirections;
    private Future<?> inFlight;
    private long lastUpdates = -1;

    SliceRecorder(SliceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "slices";
    }

    @Override
    public Schedule schedule() {
        return settings.schedule();
    }

    @Override
    public void onStart(TrainingEvent event) {
        // The factory copies the network once, here on the training thread, before any update changes it.
        factory = NetworkObjectiveFactory.builder(event.network().model()).data(settings.data())
                .batchSize(settings.batchSize()).build();
        layout = event.layout();
        failures = event.failureReporter(this);
        resultsDirectory = event.runDirectory().resolve(RunFiles.RESULTS);
        runId = event.runId();
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "landscape4j-slices");
            thread.setDaemon(true);
            return thread;
        });
        if (settings.schedule().atStart()) {
            take(event);
        }
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (settings.schedule().isDueAfterUpdate(event.updates())) {
            take(event);
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        if (settings.schedule().isDueAfterEpoch(event.completedEpochs())) {
            take(event);
        }
    }

    @Override
    public void onClose(TrainingEvent event) {
        if (executor == null) {
            return;
        }
        if (event.atShutdown() || settings.cancelOnClose()) {
            if (inFlight != null && !inFlight.isDone()) {
                cancel.set(true);
                log.info("landscape4j: the slice in progress is cancelled{}; its completed points stay in a partial"
                        + " result", event.atShutdown() ? " at JVM shutdown" : "");
            }
        } else if (settings.schedule().atEnd() && event.updates() != lastUpdates) {
            waitForInFlight();
            take(event);
        }
        waitForInFlight();
        executor.shutdown();
    }

    private void take(TrainingEvent event) {
        if (event.updates() == lastUpdates) {
            return;
        }
        if (inFlight != null && !inFlight.isDone()) {
            skipped.incrementAndGet();
            log.info("landscape4j: the slice after {} updates is skipped: the previous one is still being evaluated"
                    + " (at most one slice is in flight)", event.updates());
            return;
        }
        SharedTheta theta = event.theta();
        if (theta == null) {
            return;
        }
        lastUpdates = event.updates();
        inFlight = executor.submit(() -> evaluate(theta));
    }

    /** The slice job, on the slice thread: copies θ (then frees the shared copy), evaluates, writes. */
    private void evaluate(SharedTheta theta) {
        long updates = theta.updates();
        try {
            INDArray centre;
            try {
                centre = Nd4j.createFromArray(theta.values()).castTo(factory.precision().toNd4j());
            } finally {
                theta.release();
            }
            DataType type = centre.dataType();
            if (rawDirections == null) {
                int count = settings.grid().dimensions();
                rawDirections = new INDArray[count];
                for (int k = 0; k < count; k++) {
                    rawDirections[k] = Directions.random(settings.seed() + k, centre.length(), type).vector();
                }
            }
            List<Direction> directions = new java.util.ArrayList<>();
            for (int k = 0; k < rawDirections.length; k++) {
                directions.add(new Direction(org.landscape4j.direction.DirectionKind.RANDOM, rawDirections[k].dup(),
                        settings.seed() + k, "java.util.Random(" + (settings.seed() + k) + ").nextGaussian()"));
            }
            DirectionSet prepared = DirectionSet.prepare(directions, centre, layout, settings.directions(), false);
            Slice slice = prepared.size() == 1 ? Slice.line(centre, prepared.get(0).vector())
                    : Slice.plane(centre, prepared.get(0).vector(), prepared.get(1).vector());
            GridSpec grid = settings.grid();
            Results results = Results.at(resultsDirectory);
            String name = "slice-it" + updates;
            Map<String, Long> seeds = new LinkedHashMap<>();
            for (int k = 0; k < prepared.size(); k++) {
                seeds.put("direction_" + k, settings.seed() + k);
            }
            Path directionsFile = DirectionTable.save(results, name + ".directions", prepared, Provenance.of(runId,
                    List.of(updates), factory.provenance(), Map.of("for", name + Results.EXTENSION), Map.of()));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("directions_file", directionsFile.getFileName().toString());
            extra.put("recorded_by", "listener");
            Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), runId, List.of(updates),
                    seeds, extra);
            SliceSummary summary;
            try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance,
                    SliceTable.ROWS_PER_BATCH)) {
                summary = SliceEvaluator.builder(factory).workers(settings.workers()).build()
                        .evaluate(slice, grid, pending, cancel::get);
                pending.commit();
            }
            written.incrementAndGet();
            log.info("landscape4j: slice after {} updates written: {} points, centre loss {}, {} s", updates,
                    summary.points(), summary.centre() == null ? "n/a" : summary.centre().loss(),
                    String.format(java.util.Locale.ROOT, "%.1f", summary.seconds()));
        } catch (CancellationException e) {
            log.info("landscape4j: the slice after {} updates was cancelled; its partial result stays in {}", updates,
                    resultsDirectory);
        } catch (IOException | RuntimeException e) {
            failures.accept("evaluate the slice after " + updates + " updates", e);
        }
    }

    private void waitForInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get(cancel.get() ? 10 : Long.MAX_VALUE / 4, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("landscape4j: waiting for the slice in flight", e);
        }
    }

    @Override
    public void open(RunContext run) {
        // writes only into results/, when a slice is taken
    }

    @Override
    public void close() {
    }

    @Override
    public void abandon() {
        cancel.set(true);
    }

    @Override
    public String summary() {
        return written.get() + " slices" + (skipped.get() == 0 ? "" : " (" + skipped.get() + " skipped)");
    }
}
