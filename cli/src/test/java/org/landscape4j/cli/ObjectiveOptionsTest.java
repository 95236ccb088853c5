package org.landscape4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import picocli.CommandLine;

/** The shared model and data options, the model references of {@code interpolate}, and the progress bar. */
class ObjectiveOptionsTest {

    @TempDir
    Path tmp;

    private static ObjectiveOptions parse(String... args) {
        ObjectiveOptions options = new ObjectiveOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aRunsLastSnapshotAndItsEvalCsvByDefault() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("eval.csv"), "x,label\n1,0\n");
        ObjectiveSpec spec = parse().spec(run);
        assertEquals(new ModelSource.RunSnapshot(run.toString(), -1), spec.model());
        assertEquals(new DataSource.CsvFile(run.resolve("eval.csv").toString()), spec.data().source());
        assertEquals(1000, spec.data().batchSize());
        assertEquals(0, spec.data().subsample());
        assertEquals(Precision.FLOAT, spec.precision());
    }

    @Test
    void everyOptionReachesTheSpec() {
        Path model = tmp.resolve("m.zip");
        Path data = tmp.resolve("d.csv");
        ObjectiveSpec spec = parse("--model", model.toString(), "--data", data.toString(), "--subsample", "50",
                "--subsample-seed", "9", "--batch-size", "64", "--precision", "DOUBLE").spec(null);
        assertEquals(new ModelSource.ModelFile(model.toString()), spec.model());
        assertEquals(new DataSource.CsvFile(data.toString()), spec.data().source());
        assertEquals(50, spec.data().subsample());
        assertEquals(9, spec.data().subsampleSeed());
        assertEquals(64, spec.data().batchSize());
        assertEquals(Precision.DOUBLE, spec.precision());
        assertEquals(new ModelSource.RunSnapshot(tmp.toString(), 3), parse("--snapshot", "3", "--data",
                data.toString()).spec(tmp).model());
    }

    @Test
    void missingDataSaysWhatToPass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse().spec(tmp));
        assertTrue(e.getMessage().contains("eval.csv does not exist") && e.getMessage().contains("--data"),
                e.getMessage());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "x.csv").spec(null));
        assertTrue(noModel.getMessage().contains("--model"), noModel.getMessage());
    }

    @Test
    void modelReferences() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path zip = Files.writeString(tmp.resolve("model.zip"), "x");
        assertEquals(new ModelSource.RunSnapshot(run.toString(), 7), ModelReference.parse(run + "@7"));
        assertEquals(new ModelSource.RunSnapshot(run.toString(), -2), ModelReference.parse(run + "@-2"));
        assertEquals(new ModelSource.RunSnapshot(run.toString(), -1), ModelReference.parse(run.toString()));
        assertEquals(new ModelSource.ModelFile(zip.toString()), ModelReference.parse(zip.toString()));
        IllegalArgumentException notIndex = assertThrows(IllegalArgumentException.class,
                () -> ModelReference.parse(run + "@last"));
        assertTrue(notIndex.getMessage().contains("\"last\" after '@' is not a snapshot index"), notIndex.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelReference.parse(tmp.resolve("nope.zip").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    /** The bar counts every step from every thread, starts from resumed work, and shows the ETA. */
    @Test
    void progressCountsStepsFromManyThreadsAndShowsAnEta() throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Progress progress = Progress.start("surface 20x20", 400, 100, lines::add, 10)) {
            Thread[] workers = new Thread[2];
            for (int w = 0; w < 2; w++) {
                workers[w] = new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        progress.step();
                    }
                });
                workers[w].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            assertEquals(400, progress.current());
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("surface 20x20") && last.contains("100%") && last.contains("400/400"), last);
        assertTrue(lines.stream().anyMatch(line -> line.contains("(")), "an ETA or elapsed time in parentheses: "
                + lines);
    }
}
