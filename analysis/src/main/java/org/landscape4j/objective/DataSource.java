package org.landscape4j.objective;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/** Where an objective's examples come from, as plain serializable data. */
public sealed interface DataSource extends Serializable {

    /** @return a one-line description for provenance (never the data itself) */
    String describe();

    /** @return the number of examples in the source if known without reading a file */
    OptionalLong knownExampleCount();

    /**
     * A classification data set in the CSV format the examples write: an optional header line, then one example
     * per line, numeric feature columns followed by the integer class in the last column (0 ≤ class &lt; the
     * network's number of outputs); UTF-8, comma-separated. Labels become one-hot rows. Values are read as
     * FLOAT, the type networks train in (a DOUBLE objective casts them exactly).
     *
     * @param path the CSV file
     */
    record CsvFile(String path) implements DataSource {
        public CsvFile {
            Objects.requireNonNull(path, "path");
            if (path.isBlank()) {
                throw new IllegalArgumentException("the CSV path is blank: give a file");
            }
        }

        @Override
        public String describe() {
            return "csv " + path;
        }

        @Override
        public OptionalLong knownExampleCount() {
            return OptionalLong.empty();
        }
    }

    /**
     * Examples held in memory as row-major ('c') float arrays: features of shape {@code featureShape} (first
     * dimension N, e.g. [N, inputs] or [N, channels, height, width]) and labels of shape {@code labelShape}
     * (first dimension N, e.g. one-hot [N, classes]). The arrays are copied in and out, so the record is
     * immutable. A DOUBLE objective casts the floats exactly.
     */
    record InMemory(float[] features, long[] featureShape, float[] labels, long[] labelShape) implements DataSource {
        public InMemory {
            features = Objects.requireNonNull(features, "features").clone();
            labels = Objects.requireNonNull(labels, "labels").clone();
            featureShape = checkShape(Objects.requireNonNull(featureShape, "featureShape").clone(), features.length,
                    "feature");
            labelShape = checkShape(Objects.requireNonNull(labelShape, "labelShape").clone(), labels.length, "label");
            if (featureShape[0] != labelShape[0]) {
                throw new IllegalArgumentException("features hold " + featureShape[0] + " examples but labels hold "
                        + labelShape[0] + ": the first dimensions must agree");
            }
            if (featureShape[0] < 1) {
                throw new IllegalArgumentException("the in-memory data has no examples: give at least one");
            }
        }

        private static long[] checkShape(long[] shape, int length, String what) {
            if (shape.length < 2) {
                throw new IllegalArgumentException("the " + what + " shape " + Arrays.toString(shape)
                        + " has rank " + shape.length + "; give [N, ...] with rank ≥ 2");
            }
            long product = 1;
            for (long dim : shape) {
                if (dim < 0) {
                    throw new IllegalArgumentException("the " + what + " shape " + Arrays.toString(shape)
                            + " has a negative dimension");
                }
                product *= dim;
            }
            if (product != length) {
                throw new IllegalArgumentException("the " + what + " shape " + Arrays.toString(shape) + " holds "
                        + product + " values but the " + what + " array has " + length);
            }
            return shape;
        }

        @Override
        public float[] features() {
            return features.clone();
        }

        @Override
        public long[] featureShape() {
            return featureShape.clone();
        }

        @Override
        public float[] labels() {
            return labels.clone();
        }

        @Override
        public long[] labelShape() {
            return labelShape.clone();
        }

        @Override
        public String describe() {
            return "in-memory features " + Arrays.toString(featureShape) + " labels " + Arrays.toString(labelShape);
        }

        @Override
        public OptionalLong knownExampleCount() {
            return OptionalLong.of(featureShape[0]);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof InMemory that && Arrays.equals(features, that.features)
                    && Arrays.equals(featureShape, that.featureShape) && Arrays.equals(labels, that.labels)
                    && Arrays.equals(labelShape, that.labelShape);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(features), Arrays.hashCode(featureShape), Arrays.hashCode(labels),
                    Arrays.hashCode(labelShape));
        }

        @Override
        public String toString() {
            return "InMemory[" + describe() + "]";
        }
    }
}
