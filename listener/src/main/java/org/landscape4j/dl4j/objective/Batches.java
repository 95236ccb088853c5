package org.landscape4j.dl4j.objective;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.Iterator;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The fixed data an objective averages over: one in-memory batch or a resettable iterator read from its
 * start at every evaluation. Batches are handed out as {@link MultiDataSet}s whose floating-point arrays have
 * the network's data type.
 */
abstract class Batches {

    final int inputs;
    final int outputs;
    final long exampleCount;
    /** The shape of the first batch's first labels array, to decide whether the model is a classifier. */
    final long[] labelShape;

    private Batches(int inputs, int outputs, long exampleCount, long[] labelShape) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.exampleCount = exampleCount;
        this.labelShape = labelShape;
    }

    /** Calls {@code action} once per batch, in order, from the first batch. */
    abstract void forEach(Consumer<MultiDataSet> action);

    static Batches of(DataSet data, DataType type) {
        requireNonNull(data, "DataSet");
        return of(toMulti(data), type);
    }

    static Batches of(MultiDataSet data, DataType type) {
        requireNonNull(data, "MultiDataSet");
        MultiDataSet cast = cast(data, type);
        Shape shape = Shape.of(cast, "the data");
        if (shape.examples == 0) {
            throw new IllegalArgumentException("the data set has no examples: give at least one");
        }
        return new Batches(shape.inputs, shape.outputs, shape.examples, cast.getLabels(0).shape()) {
            @Override
            void forEach(Consumer<MultiDataSet> action) {
                action.accept(cast);
            }
        };
    }

    static Batches of(DataSetIterator iterator, DataType type) {
        requireNonNull(iterator, "DataSetIterator");
        return streamed(new Source() {
            @Override
            public boolean resetSupported() {
                return iterator.resetSupported();
            }

            @Override
            public void reset() {
                iterator.reset();
            }

            @Override
            public Iterator<MultiDataSet> iterator() {
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return iterator.hasNext();
                    }

                    @Override
                    public MultiDataSet next() {
                        return toMulti(iterator.next());
                    }
                };
            }
        }, iterator.getClass().getName(), type);
    }

    static Batches of(MultiDataSetIterator iterator, DataType type) {
        requireNonNull(iterator, "MultiDataSetIterator");
        return streamed(new Source() {
            @Override
            public boolean resetSupported() {
                return iterator.resetSupported();
            }

            @Override
            public void reset() {
                iterator.reset();
            }

            @Override
            public Iterator<MultiDataSet> iterator() {
                return iterator;
            }
        }, iterator.getClass().getName(), type);
    }

    /** An iterator of either kind, seen as multi-data-sets. */
    private interface Source extends Iterable<MultiDataSet> {
        boolean resetSupported();

        void reset();
    }

    private static Batches streamed(Source source, String what, DataType type) {
        if (!source.resetSupported()) {
            throw new IllegalArgumentException("the iterator " + what + " cannot be reset, but the objective"
                    + " reads all of its data at every evaluation: use a resettable iterator, or collect the"
                    + " data into a DataSet");
        }
        source.reset();
        long examples = 0;
        int batches = 0;
        Shape first = null;
        long[] labelShape = null;
        for (MultiDataSet batch : source) {
            Shape shape = Shape.of(batch, "batch " + batches + " of the iterator");
            if (first == null) {
                first = shape;
                labelShape = batch.getLabels(0).shape();
            } else if (shape.inputs != first.inputs || shape.outputs != first.outputs) {
                throw new IllegalArgumentException("batch " + batches + " of the iterator has " + shape.inputs
                        + " inputs and " + shape.outputs + " outputs, the first batch " + first.inputs + " and "
                        + first.outputs + ": all batches must have the same arrays");
            }
            examples += shape.examples;
            batches++;
        }
        source.reset();
        if (first == null || examples == 0) {
            throw new IllegalArgumentException("the iterator " + what + " yields no examples ("
                    + batches + " batches): give it at least one example");
        }
        return new Batches(first.inputs, first.outputs, examples, labelShape) {
            @Override
            void forEach(Consumer<MultiDataSet> action) {
                source.reset();
                for (MultiDataSet batch : source) {
                    action.accept(cast(batch, type));
                }
            }
        };
    }

    /** The counts of one batch. */
    private record Shape(int inputs, int outputs, long examples) {
        static Shape of(MultiDataSet batch, String what) {
            INDArray[] features = batch.getFeatures();
            INDArray[] labels = batch.getLabels();
            if (features == null || features.length == 0 || features[0] == null) {
                throw new IllegalArgumentException(what + " has no features");
            }
            if (labels == null || labels.length == 0 || Arrays.asList(labels).contains(null)) {
                throw new IllegalArgumentException(what + " has no labels; the loss needs labels for every"
                        + " output");
            }
            return new Shape(features.length, labels.length, features[0].size(0));
        }
    }

    static MultiDataSet toMulti(DataSet data) {
        return new org.nd4j.linalg.dataset.MultiDataSet(data.getFeatures(), data.getLabels(),
                data.getFeaturesMaskArray(), data.getLabelsMaskArray());
    }

    static boolean hasMasks(MultiDataSet batch) {
        return anyNonNull(batch.getFeaturesMaskArrays()) || anyNonNull(batch.getLabelsMaskArrays());
    }

    private static boolean anyNonNull(INDArray[] arrays) {
        if (arrays != null) {
            for (INDArray array : arrays) {
                if (array != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The batch with its floating-point arrays in the network's type (integer arrays, e.g. indices, kept). */
    private static MultiDataSet cast(MultiDataSet batch, DataType type) {
        return new org.nd4j.linalg.dataset.MultiDataSet(cast(batch.getFeatures(), type),
                cast(batch.getLabels(), type), cast(batch.getFeaturesMaskArrays(), type),
                cast(batch.getLabelsMaskArrays(), type));
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

    private static void requireNonNull(Object data, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " is null: give the data the loss is averaged over");
        }
    }
}
