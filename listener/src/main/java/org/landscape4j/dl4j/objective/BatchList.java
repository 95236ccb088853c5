package org.landscape4j.dl4j.objective;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable list of batches, materialized once: shared read-only by all objectives of a factory (each reads
 * it through its own index), since DL4J's iterators are neither thread-safe nor meant to be reset by several
 * readers. The arrays are never modified after construction.
 */
final class BatchList implements Batches {

    private final List<MultiDataSet> batches;
    private final long exampleCount;
    private final int inputs;
    private final int outputs;
    private final long[] labelShape;
    private final String description;

    private BatchList(List<MultiDataSet> batches, String description) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(description + " yields no batches: give at least one example");
        }
        long examples = 0;
        Shape first = null;
        for (int i = 0; i < batches.size(); i++) {
            Shape shape = Shape.of(batches.get(i), "batch " + i + " of " + description);
            if (first == null) {
                first = shape;
            } else if (shape.inputs != first.inputs || shape.outputs != first.outputs) {
                throw new IllegalArgumentException("batch " + i + " of " + description + " has " + shape.inputs
                        + " feature and " + shape.outputs + " label array(s), the first batch " + first.inputs
                        + " and " + first.outputs + ": all batches must have the same arrays");
            }
            examples += shape.examples;
        }
        if (examples == 0) {
            throw new IllegalArgumentException(description + " has no examples (" + batches.size()
                    + " empty batches): give at least one example");
        }
        this.batches = List.copyOf(batches);
        this.exampleCount = examples;
        this.inputs = first.inputs;
        this.outputs = first.outputs;
        this.labelShape = batches.get(0).getLabels(0).shape();
        this.description = description;
    }

    /** One data set, cut into batches of at most {@code batchSize} examples (0: one batch). */
    static BatchList of(DataSet data, int batchSize) {
        requireNonNull(data, "DataSet");
        return of(toMulti(data), batchSize, "a DataSet " + Arrays.toString(shapeOf(data.getFeatures())));
    }

    /** One multi-data set, cut into batches of at most {@code batchSize} examples (0: one batch). */
    static BatchList of(MultiDataSet data, int batchSize) {
        requireNonNull(data, "MultiDataSet");
        return of(data, batchSize, "a MultiDataSet " + Arrays.toString(shapeOf(data.getFeatures(0))));
    }

    static BatchList of(MultiDataSet data, int batchSize, String description) {
        Shape shape = Shape.of(data, description);
        if (shape.examples == 0) {
            throw new IllegalArgumentException(description + " has no examples: give at least one");
        }
        if (batchSize <= 0 || batchSize >= shape.examples) {
            return new BatchList(List.of(data), description);
        }
        List<MultiDataSet> batches = new ArrayList<>();
        for (long start = 0; start < shape.examples; start += batchSize) {
            long end = Math.min(shape.examples, start + batchSize);
            batches.add(new org.nd4j.linalg.dataset.MultiDataSet(rows(data.getFeatures(), start, end),
                    rows(data.getLabels(), start, end), rows(data.getFeaturesMaskArrays(), start, end),
                    rows(data.getLabelsMaskArrays(), start, end)));
        }
        return new BatchList(batches, description + " in batches of " + batchSize);
    }

    /** Reads a resettable iterator once, from its start, keeping its batches. */
    static BatchList materialize(DataSetIterator iterator) {
        requireNonNull(iterator, "DataSetIterator");
        requireResettable(iterator.resetSupported(), iterator);
        iterator.reset();
        List<MultiDataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) {
            batches.add(detached(toMulti(iterator.next())));
        }
        iterator.reset();
        return new BatchList(batches, "a " + iterator.getClass().getSimpleName() + " of " + batches.size()
                + " batches");
    }

    /** Reads a resettable iterator once, from its start, keeping its batches. */
    static BatchList materialize(MultiDataSetIterator iterator) {
        requireNonNull(iterator, "MultiDataSetIterator");
        requireResettable(iterator.resetSupported(), iterator);
        iterator.reset();
        List<MultiDataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) {
            batches.add(detached(iterator.next()));
        }
        iterator.reset();
        return new BatchList(batches, "a " + iterator.getClass().getSimpleName() + " of " + batches.size()
                + " batches");
    }

    static BatchList ofBatches(List<MultiDataSet> batches, String description) {
        return new BatchList(batches, description);
    }

    /**
     * @return the same batches with floating-point arrays in {@code type} (this list if nothing changes; integer
     *         arrays such as indices are kept)
     */
    BatchList cast(DataType type) {
        boolean needed = false;
        for (MultiDataSet batch : batches) {
            needed |= needsCast(batch.getFeatures(), type) || needsCast(batch.getLabels(), type)
                    || needsCast(batch.getFeaturesMaskArrays(), type) || needsCast(batch.getLabelsMaskArrays(), type);
        }
        if (!needed) {
            return this;
        }
        List<MultiDataSet> cast = new ArrayList<>(batches.size());
        for (MultiDataSet batch : batches) {
            cast.add(new org.nd4j.linalg.dataset.MultiDataSet(cast(batch.getFeatures(), type),
                    cast(batch.getLabels(), type), cast(batch.getFeaturesMaskArrays(), type),
                    cast(batch.getLabelsMaskArrays(), type)));
        }
        return new BatchList(cast, description);
    }

    @Override
    public int count() {
        return batches.size();
    }

    @Override
    public MultiDataSet get(int index) {
        return batches.get(index);
    }

    @Override
    public long exampleCount() {
        return exampleCount;
    }

    @Override
    public String description() {
        return description;
    }

    int inputs() {
        return inputs;
    }

    int outputs() {
        return outputs;
    }

    /** @return the shape of the first batch's first labels array (to decide whether the model classifies) */
    long[] labelShape() {
        return labelShape.clone();
    }

    /** @return the number of examples of a batch: the first dimension of its first features array */
    static long examplesOf(MultiDataSet batch) {
        return batch.getFeatures(0).size(0);
    }

    /** The counts of one batch. */
    private record Shape(int inputs, int outputs, long examples) {
        static Shape of(MultiDataSet batch, String what) {
            INDArray[] features = batch.getFeatures();
            INDArray[] labels = batch.getLabels();
            if (features == null || features.length == 0 || Arrays.asList(features).contains(null)) {
                throw new IllegalArgumentException(what + " has no features");
            }
            if (labels == null || labels.length == 0 || Arrays.asList(labels).contains(null)) {
                throw new IllegalArgumentException(what + " has no labels; the loss needs labels for every output");
            }
            return new Shape(features.length, labels.length, features[0].size(0));
        }
    }

    static MultiDataSet toMulti(DataSet data) {
        return new org.nd4j.linalg.dataset.MultiDataSet(data.getFeatures(), data.getLabels(),
                data.getFeaturesMaskArray(), data.getLabelsMaskArray());
    }

    /** An iterator may hand out arrays in a workspace it reuses: keep copies of those, the arrays otherwise. */
    private static MultiDataSet detached(MultiDataSet batch) {
        return new org.nd4j.linalg.dataset.MultiDataSet(detached(batch.getFeatures()), detached(batch.getLabels()),
                detached(batch.getFeaturesMaskArrays()), detached(batch.getLabelsMaskArrays()));
    }

    private static INDArray[] detached(INDArray[] arrays) {
        if (arrays == null) {
            return null;
        }
        INDArray[] result = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            result[i] = arrays[i] == null ? null : arrays[i].detach();
        }
        return result;
    }

    private static long[] shapeOf(INDArray array) {
        return array == null ? new long[0] : array.shape();
    }

    private static INDArray[] rows(INDArray[] arrays, long start, long end) {
        if (arrays == null) {
            return null;
        }
        INDArray[] result = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            INDArray array = arrays[i];
            if (array != null) {
                INDArrayIndex[] index = new INDArrayIndex[array.rank()];
                index[0] = NDArrayIndex.interval(start, end);
                for (int axis = 1; axis < index.length; axis++) {
                    index[axis] = NDArrayIndex.all();
                }
                result[i] = array.get(index).dup();
            }
        }
        return result;
    }

    private static boolean needsCast(INDArray[] arrays, DataType type) {
        if (arrays != null) {
            for (INDArray array : arrays) {
                if (array != null && array.dataType().isFPType() && array.dataType() != type) {
                    return true;
                }
            }
        }
        return false;
    }

    private static INDArray[] cast(INDArray[] arrays, DataType type) {
        if (arrays == null) {
            return null;
        }
        INDArray[] cast = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            INDArray array = arrays[i];
            cast[i] = array == null || !array.dataType().isFPType() || array.dataType() == type
                    ? array : array.castTo(type);
        }
        return cast;
    }

    private static void requireResettable(boolean resettable, Object iterator) {
        if (!resettable) {
            throw new IllegalArgumentException("the iterator " + iterator.getClass().getName() + " cannot be reset,"
                    + " but its batches are read from its start: use a resettable iterator, or collect the data into"
                    + " a DataSet");
        }
    }

    private static void requireNonNull(Object data, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " is null: give the data the loss is averaged over");
        }
    }
}
