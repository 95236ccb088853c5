package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The scale test of issue 11: an MLP 1000-3000-2300-10 (9,928,310 parameters, FLOAT) sliced on an 11×11 plane on
 * {@code local[2]} in a JVM of 3 GiB heap (Failsafe's {@code -Xmx3g} for this module), 256 examples, matching the
 * local evaluator bit for bit at 9 sampled points (corners, edge middles, centre). Minutes, not seconds: it runs only
 * with {@code -Dlandscape4j.scale=true} ({@code mvn -B -pl analysis,listener,spark -am verify -Dlandscape4j.scale=true
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class SparkScaleIT {

    @TempDir
    Path dir;

    @Test
    void tenMillionParametersOnAnElevenByElevenPlane() throws IOException {
        assumeTrue(Boolean.getBoolean("landscape4j.scale"), "set -Dlandscape4j.scale=true to run the scale test");
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(1000).nOut(3000).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(3000).nOut(2300).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2300).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        assertEquals(9_928_310, network.numParams());
        Path model = dir.resolve("big.zip");
        ModelSerializer.writeModel(network, model.toFile(), false);
        DataSet data = Fixtures.classification(13, 256, 1000, 10, DataType.FLOAT);
        Path csv = dir.resolve("big.csv");
        SparkFixtures.writeCsv(csv, data);
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(model.toString()),
                DataSpec.of(new DataSource.CsvFile(csv.toString()), 128), Precision.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(spec);
        INDArray centre = network.params().dup().reshape(network.numParams());
        DirectionSet directions = DirectionSet.prepare(List.of(Directions.random(0, centre.length(), DataType.FLOAT),
                Directions.random(1, centre.length(), DataType.FLOAT)), centre, factory.layout(),
                DirectionSettings.DEFAULT, false);
        Slice plane = Slice.plane(centre, directions.get(0).vector(), directions.get(1).vector());
        GridSpec grid = GridSpec.square(11, -1, 1);
        Results results = Results.at(dir.resolve("results"));

        long start = System.nanoTime();
        SparkSummary summary = SparkGridEvaluator.builder(SparkFixtures.cluster()).build().evaluate(spec, plane, grid,
                results, "big", SparkFixtures.provenance(plane, grid, factory));
        System.out.printf("scale: 121 points on local[2] in %.1f s (%.0f ms per point inside tasks), heap max %d MiB%n",
                (System.nanoTime() - start) / 1e9, summary.taskMillisPerPoint(),
                Runtime.getRuntime().maxMemory() >> 20);
        assertEquals(121, summary.slice().evaluated());

        int[] sampled = {grid.index(0, 0), grid.index(10, 0), grid.index(0, 10), grid.index(10, 10),
            grid.index(5, 0), grid.index(0, 5), grid.index(10, 5), grid.index(5, 10), grid.index(5, 5)};
        List<SlicePoint> local = new ArrayList<>();
        SliceEvaluator.builder(factory).workers(2).build().evaluate(plane, grid, sampled, local::add, () -> false);
        List<SlicePoint> spark = SliceTable.read(results.file("big")).stream()
                .filter(p -> local.stream().anyMatch(l -> l.i() == p.i() && l.j() == p.j())).toList();
        SparkFixtures.assertSamePoints(local, spark);
    }
}
