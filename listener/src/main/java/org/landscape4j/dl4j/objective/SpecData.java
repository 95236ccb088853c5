package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.landscape4j.dl4j.network.Dl4jLayers;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Turns a {@link DataSpec} into batches: reads the source (CSV or in-memory floats), draws the subsample, cuts
 * batches. The result is FLOAT, as the sources are; a factory casts it to its precision once.
 */
final class SpecData {

    private SpecData() {
    }

    static BatchList load(DataSpec spec, Dl4jNetwork network) throws IOException {
        Examples examples;
        if (spec.source() instanceof DataSource.CsvFile csv) {
            examples = fromCsv(Path.of(csv.path()), network);
        } else if (spec.source() instanceof DataSource.InMemory memory) {
            examples = new Examples(memory.features(), memory.featureShape(), memory.labels(), memory.labelShape());
        } else {
            throw new IllegalArgumentException("unknown data source " + spec.source());
        }
        int[] rows = select(examples.count(), spec);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int start = 0; start < rows.length; start += spec.batchSize()) {
            int end = Math.min(rows.length, start + spec.batchSize());
            int[] batchRows = Arrays.copyOfRange(rows, start, end);
            batches.add(new org.nd4j.linalg.dataset.MultiDataSet(
                    examples.rows(examples.features, examples.featureShape, batchRows),
                    examples.rows(examples.labels, examples.labelShape, batchRows)));
        }
        String description = spec.source().describe()
                + (spec.isSubsampled() ? ", " + rows.length + " of " + examples.count() + " examples (seed "
                + spec.subsampleSeed() + ")" : "") + " in batches of " + spec.batchSize();
        return BatchList.ofBatches(batches, description);
    }

    private static Examples fromCsv(Path file, Dl4jNetwork network) throws IOException {
        if (network.inputCount() != 1 || network.outputCount() != 1) {
            throw new IllegalArgumentException("a CSV file feeds a network with one input and one output; this "
                    + network.kind().type().getSimpleName() + " has " + network.inputCount() + " input(s) and "
                    + network.outputCount() + " output(s): give the data in memory instead");
        }
        org.deeplearning4j.nn.conf.layers.Layer output =
                Dl4jLayers.unwrap(network.outputLayers().get(0).conf().getLayer());
        if (!(output instanceof FeedForwardLayer feedForward) || feedForward.getNOut() < 2) {
            throw new IllegalArgumentException("the CSV format holds class labels, but the network's output layer ("
                    + output.getClass().getSimpleName() + ") is not a classifier with two or more outputs");
        }
        int classes = Math.toIntExact(feedForward.getNOut());
        CsvExamples csv = CsvExamples.read(file, classes);
        return new Examples(csv.features(), new long[]{csv.rows(), csv.columns()}, csv.oneHot(classes),
                new long[]{csv.rows(), classes});
    }

    /**
     * @return the rows to use in source order: all, or {@code spec.subsample()} of them drawn without replacement
     *         by a partial Fisher-Yates shuffle with {@code new Random(seed)} (specified by the JDK, so the same on
     *         every machine), then sorted
     */
    static int[] select(int count, DataSpec spec) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        if (!spec.isSubsampled()) {
            return all;
        }
        if (spec.subsample() > count) {
            throw new IllegalArgumentException("subsample " + spec.subsample() + " exceeds the " + count
                    + " examples of " + spec.source().describe() + ": give at most " + count + ", or 0 for all");
        }
        int k = (int) spec.subsample();
        Random random = new Random(spec.subsampleSeed());
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(count - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Examples as row-major floats. */
    private record Examples(float[] features, long[] featureShape, float[] labels, long[] labelShape) {

        int count() {
            return Math.toIntExact(featureShape[0]);
        }

        /** @return the given rows of a row-major array of {@code shape}, as a new FLOAT array */
        INDArray rows(float[] values, long[] shape, int[] rows) {
            int width = Math.toIntExact(values.length / shape[0]);
            float[] picked = new float[rows.length * width];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(values, rows[r] * width, picked, r * width, width);
            }
            long[] batchShape = shape.clone();
            batchShape[0] = rows.length;
            return Nd4j.create(picked, batchShape, 'c');
        }
    }
}
