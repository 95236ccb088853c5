package org.landscape4j.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.ScheduleUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Child-JVM programs for {@link ListenerHardeningIT}: each scenario trains as a user would and prints what
 * happened on standard output ({@code BUILT}, {@code REFUSED <message>}, {@code TRAINED <iterations>}); the
 * listener's log lines go to standard error (slf4j-simple), where the parent reads them.
 */
public final class ListenerScenarios {

    private ListenerScenarios() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        Path dir = Path.of(args[1]);
        switch (scenario) {
            case "build-only" -> buildOnly(dir);
            case "read-snapshots" -> readSnapshots(dir);
            case "wide-snapshots" -> wideSnapshots(dir, Integer.parseInt(args[2]));
            case "delete-directory" -> deleteDirectory(dir);
            case "fit-after-close" -> fitAfterClose(dir);
            case "dataset-loop-epochs" -> datasetLoopWithEpochSchedule(dir);
            case "race" -> race(dir, Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /** Builds a listener (the JVM may lack Arrow's flag) and reports whether build() accepted it. */
    private static void buildOnly(Path dir) {
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().build()) {
            System.out.println("BUILT " + listener.runDirectory());
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }

    /** Reads a run's snapshots: prints their count, or the refusal of a JVM that cannot run Arrow. */
    private static void readSnapshots(Path dir) throws java.io.IOException {
        try (org.landscape4j.run.SnapshotReader reader = org.landscape4j.run.SnapshotReader.open(
                dir.resolve(org.landscape4j.run.RunFiles.SNAPSHOTS))) {
            System.out.println("READ " + reader.count() + " " + reader.read(-1).params().length);
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }

    /** A wide network snapshotted at every update: on a small disk the snapshots fill it. */
    private static void wideSnapshots(Path dir, int hidden) {
        MultiLayerNetwork net = TinyNetworks.wide(hidden, 5);
        DataSet data = TinyNetworks.data(8, DataType.FLOAT, 2);
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEvery(1, ScheduleUnit.ITERATIONS)
                .metricsEveryIteration().build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 4), 10);
        }
        System.out.println("TRAINED " + net.getIterationCount());
    }

    /** The run directory is deleted after the first epoch, by another listener: training must go on. */
    private static void deleteDirectory(Path dir) {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().metricsEveryIteration()
                .metricsBatchRows(1).build()) {
            net.addListeners(listener, new BaseTrainingListener() {
                @Override
                public void onEpochEnd(Model model) {
                    if (Files.exists(dir)) {
                        deleteRecursively(dir);
                        System.out.println("DELETED");
                    }
                }
            });
            net.fit(new ListDataSetIterator<>(TinyNetworks.data(8, DataType.FLOAT, 2).asList(), 4), 4);
            System.out.println("RECORDING " + listener.isRecording());
        }
        System.out.println("TRAINED " + net.getIterationCount());
    }

    /** Trains, closes the listener, then trains twice more with it still attached. */
    private static void fitAfterClose(Path dir) {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        DataSet data = TinyNetworks.data(8, DataType.FLOAT, 2);
        LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().metricsEveryIteration().build();
        net.addListeners(listener);
        net.fit(new ListDataSetIterator<>(data.asList(), 4), 2);
        listener.close();
        net.fit(new ListDataSetIterator<>(data.asList(), 4), 1);
        net.fit(data);
        System.out.println("SNAPSHOTS " + listener.snapshotsWritten());
        System.out.println("TRAINED " + net.getIterationCount());
    }

    /** snapshotEveryEpoch() in a fit(DataSet) loop, which fires no epoch events. */
    private static void datasetLoopWithEpochSchedule(Path dir) {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        DataSet data = TinyNetworks.data(8, DataType.FLOAT, 2);
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().build()) {
            net.addListeners(listener);
            for (int step = 0; step < 6; step++) {
                net.fit(data);
            }
            System.out.println("SNAPSHOTS_BEFORE_CLOSE " + listener.snapshotsWritten());
        }
        System.out.println("TRAINED " + net.getIterationCount());
    }

    /** Waits for the start file, then builds a listener on {@code dir} and trains: two of these race. */
    private static void race(Path dir, Path start) throws InterruptedException {
        while (!Files.exists(start)) {
            Thread.onSpinWait();
        }
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, ProcessHandle.current().pid());
        LandscapeListener listener;
        try {
            listener = LandscapeListener.builder(dir).snapshotEvery(1, ScheduleUnit.ITERATIONS).metricsEveryIteration()
                    .build();
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
            return;
        }
        try (listener) {
            net.addListeners(listener);
            DataSet data = TinyNetworks.data(8, DataType.FLOAT, 2);
            for (int step = 0; step < 20; step++) {
                net.fit(data);
            }
        }
        System.out.println("RECORDED " + listener.runDirectory() + " " + net.params().getDouble(0));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
