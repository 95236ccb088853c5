package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.LandscapeRecordingException;
import org.landscape4j.listener.ScheduleUnit;
import org.landscape4j.run.RunFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Training must never die because of the listener, unless fail-fast was asked for. */
class RecordingFaultsIT {

    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path tmp;

    /** A full disk, for real: the snapshot file is a link to /dev/full, where every write fails with ENOSPC. */
    @Test
    void aFullDiskStopsRecordingButNotTraining() throws IOException {
        Path dir = tmp.resolve("full");
        LandscapeListener listener = LandscapeListener.builder(dir).snapshotEvery(1, ScheduleUnit.ITERATIONS)
                .metricsEveryIteration().build();
        Files.createSymbolicLink(dir.resolve(RunFiles.SNAPSHOTS), DEV_FULL);
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        INDArray before = net.params().dup();
        DataSet data = TinyNetworks.data(8, DataType.FLOAT, 2);

        net.addListeners(listener);
        net.fit(new ListDataSetIterator<>(data.asList(), 4), 3);
        listener.close();

        assertEquals(6, net.getIterationCount(), "training ran all its iterations");
        assertFalse(net.params().equalsWithEps(before, 0), "and changed the parameters");
        assertFalse(listener.isRecording());
        assertTrue(Files.readString(dir.resolve(RunFiles.MANIFEST)).contains("\"failed\""),
                "the manifest says the recording failed");
    }

    @Test
    void failFastThrowsTheFailureIntoFit() throws IOException {
        Path dir = tmp.resolve("fast");
        LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().failFast(true).build();
        Files.createSymbolicLink(dir.resolve(RunFiles.SNAPSHOTS), DEV_FULL);
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        net.addListeners(listener);
        LandscapeRecordingException e = assertThrows(LandscapeRecordingException.class,
                () -> net.fit(new ListDataSetIterator<>(TinyNetworks.data(8, DataType.FLOAT, 2).asList(), 4), 2));
        assertTrue(e.getMessage().contains(dir.toString()), "names the run: " + e.getMessage());
        listener.close();
    }

    /** The run directory is deleted after the first epoch: training finishes, closing reports but does not throw. */
    @Test
    void aRemovedDirectoryDoesNotStopTraining() {
        Path dir = tmp.resolve("removed");
        LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch().metricsEveryIteration()
                .build();
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 1);
        net.addListeners(listener, new BaseTrainingListener() {
            @Override
            public void onEpochEnd(Model model) {
                deleteRecursively(dir);
            }
        });
        net.fit(new ListDataSetIterator<>(TinyNetworks.data(8, DataType.FLOAT, 2).asList(), 4), 3);
        listener.close();
        assertEquals(3, net.getEpochCount());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
