package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The shared pieces of the Spark tests: one {@code local[2,2]} context for the whole test JVM (Spark allows one per
 * JVM, and starting one takes seconds; {@code ,2}: a failed task is tried once more), and a small classifier (W1's
 * shape, 64-128-128-10) saved as a model file with a CSV data file, its objective spec and filter-normalized random
 * directions.
 */
final class SparkFixtures {

    private static GridCluster cluster;

    private SparkFixtures() {
    }

    /** @return the JVM's shared {@code local[2,2]} cluster, started at the first call, stopped at JVM exit */
    static synchronized GridCluster cluster() throws SparkGridException {
        if (cluster == null) {
            cluster = GridCluster.start("local[2,2]", GridCluster.Settings.defaults());
            GridCluster started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return cluster;
    }

    /** A model file, its data, the spec and factory on them, and a plane's vectors. */
    record Inputs(Path model, Path csv, ObjectiveSpec spec, NetworkObjectiveFactory factory, INDArray centre,
                  INDArray d1, INDArray d2) {

        Slice plane() {
            return Slice.plane(centre, d1, d2);
        }

        Slice line() {
            return Slice.line(centre, d1);
        }
    }

    /** Writes the W1-shaped classifier and {@code examples} seeded examples into {@code dir}. */
    static Inputs inputs(Path dir, int examples) throws IOException {
        return inputs(dir, Fixtures.w1(DataType.FLOAT), Fixtures.classification(3, examples, 64, 10, DataType.FLOAT));
    }

    /** The 4-5-3 tanh classifier (43 parameters) and {@code examples} seeded examples: for eigenvalue maps. */
    static Inputs tiny(Path dir, int examples) throws IOException {
        return inputs(dir, Fixtures.classifier(DataType.FLOAT), Fixtures.classification(4, examples, Fixtures.INPUTS,
                Fixtures.CLASSES, DataType.FLOAT));
    }

    /** Writes {@code network} and {@code data} into {@code dir}: the inputs of a filter-normalized plane around it. */
    static Inputs inputs(Path dir, MultiLayerNetwork network, DataSet data) throws IOException {
        Path model = dir.resolve("model.zip");
        ModelSerializer.writeModel(network, model.toFile(), false);
        Path csv = dir.resolve("data.csv");
        writeCsv(csv, data);
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(model.toString()),
                DataSpec.of(new DataSource.CsvFile(csv.toString()), 128), Precision.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(spec);
        INDArray centre = network.params().dup().reshape(network.numParams());
        DirectionSet directions = DirectionSet.prepare(List.of(
                Directions.random(0, centre.length(), DataType.FLOAT),
                Directions.random(1, centre.length(), DataType.FLOAT)), centre, factory.layout(),
                DirectionSettings.DEFAULT, false);
        return new Inputs(model, csv, spec, factory, centre, directions.get(0).vector(), directions.get(1).vector());
    }

    /** Writes a header, then the features and the arg-max class of each example. */
    static void writeCsv(Path file, DataSet data) throws IOException {
        INDArray features = data.getFeatures();
        INDArray labels = data.getLabels();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < features.columns(); c++) {
                header.append('x').append(c).append(',');
            }
            out.write(header.append("class\n").toString());
            for (int r = 0; r < features.rows(); r++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < features.columns(); c++) {
                    line.append(Float.toString(features.getFloat(r, c))).append(',');
                }
                line.append(labels.getRow(r).argMax().getInt(0)).append('\n');
                out.write(line.toString());
            }
        }
    }

    /** @return the provenance a local evaluation of {@code slice} would have */
    static Provenance provenance(Slice slice, GridSpec grid, NetworkObjectiveFactory factory) {
        return SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(), Map.of("direction_0", 0L),
                Map.of("normalization", "filter"));
    }

    /** Evaluates {@code slice} locally with 2 workers into {@code results/name}, returning the committed points. */
    static List<SlicePoint> local(Inputs inputs, Slice slice, GridSpec grid, Results results, String name)
            throws IOException {
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE,
                provenance(slice, grid, inputs.factory()), SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluator.builder(inputs.factory()).workers(2).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        return SliceTable.read(results.file(name));
    }

    /** Asserts that two results hold the same points with bit-identical values, whatever their row order. */
    static void assertSamePoints(List<SlicePoint> expected, List<SlicePoint> actual) {
        assertEquals(expected.size(), actual.size(), "point count");
        Map<Long, SlicePoint> byIndex = new HashMap<>();
        for (SlicePoint p : expected) {
            byIndex.put(((long) p.j() << 32) | p.i(), p);
        }
        for (SlicePoint p : actual) {
            SlicePoint e = byIndex.get(((long) p.j() << 32) | p.i());
            if (e == null) {
                throw new AssertionError("point (" + p.i() + ", " + p.j() + ") is not in the expected result");
            }
            assertEquals(bits(e.alpha()), bits(p.alpha()), "alpha at " + p.i() + "," + p.j());
            assertEquals(bits(e.beta()), bits(p.beta()), "beta at " + p.i() + "," + p.j());
            assertEquals(bits(e.loss()), bits(p.loss()), "loss at " + p.i() + "," + p.j() + ": " + e.loss() + " vs "
                    + p.loss());
            assertEquals(bits(e.regularization()), bits(p.regularization()), "regularization at " + p.i() + "," + p.j());
            assertEquals(bits(e.accuracy()), bits(p.accuracy()), "accuracy at " + p.i() + "," + p.j());
            assertEquals(e.examples(), p.examples(), "examples at " + p.i() + "," + p.j());
        }
    }

    private static long bits(double value) {
        return Double.doubleToLongBits(value);
    }
}
