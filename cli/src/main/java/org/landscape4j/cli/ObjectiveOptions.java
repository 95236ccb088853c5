package org.landscape4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import picocli.CommandLine.Option;

/**
 * The options every command that evaluates a model shares: which model (a run's snapshot, or a model file),
 * which data, how much of it, in which precision. They resolve to an {@link ObjectiveSpec}.
 */
final class ObjectiveOptions {

    /** The file the examples write beside a run, used when no --data is given. */
    static final String DEFAULT_DATA = "eval.csv";

    @Option(names = "--snapshot", paramLabel = "K", defaultValue = "-1",
            description = "The run's snapshot to use as the model: 0 is the first, negative counts from the end"
                    + " (default: ${DEFAULT-VALUE}, the last).")
    int snapshot;

    @Option(names = "--model", paramLabel = "MODEL.zip",
            description = "A model saved by DL4J's ModelSerializer, instead of the run's snapshot.")
    Path model;

    @Option(names = "--data", paramLabel = "DATA.csv",
            description = "The examples the loss averages over: numeric columns, the integer class last, one"
                    + " header line (default: the run's " + DEFAULT_DATA + ").")
    Path data;

    @Option(names = "--subsample", paramLabel = "N", defaultValue = "0",
            description = "Average over N examples drawn with --subsample-seed (default: all).")
    long subsample;

    @Option(names = "--subsample-seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of the subsample (default: ${DEFAULT-VALUE}).")
    long subsampleSeed;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1000",
            description = "Examples per forward pass; bounds memory, does not change the loss (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "FLOAT",
            description = "FLOAT or DOUBLE (default: ${DEFAULT-VALUE}).")
    Precision precision;

    /**
     * @param runDirectory the run directory, or null when the model and data are given as files
     * @return the objective these options describe
     * @throws IllegalArgumentException with a message saying which option to pass, when something is missing
     */
    ObjectiveSpec spec(Path runDirectory) {
        ModelSource source;
        if (model != null) {
            source = new ModelSource.ModelFile(model.toString());
        } else if (runDirectory != null) {
            source = new ModelSource.RunSnapshot(runDirectory.toString(), snapshot);
        } else {
            throw new IllegalArgumentException("no model: give a run directory or --model MODEL.zip");
        }
        Path dataFile = data;
        if (dataFile == null) {
            Path beside = runDirectory == null ? null : runDirectory.resolve(DEFAULT_DATA);
            if (beside == null || !Files.isRegularFile(beside)) {
                throw new IllegalArgumentException("no data: " + (beside == null ? "" : beside + " does not exist;")
                        + " pass --data DATA.csv (numeric feature columns, the integer class last, one header line)");
            }
            dataFile = beside;
        }
        DataSpec dataSpec = DataSpec.of(new DataSource.CsvFile(dataFile.toString()), batchSize);
        if (subsample != 0) {
            dataSpec = dataSpec.withSubsample(subsample, subsampleSeed);
        }
        return new ObjectiveSpec(source, dataSpec, precision);
    }
}
