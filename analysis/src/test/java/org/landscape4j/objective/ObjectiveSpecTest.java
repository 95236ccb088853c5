package org.landscape4j.objective;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serializable description: round trips, provenance, and the checks that keep it meaningful. */
class ObjectiveSpecTest {

    private static DataSource.InMemory inMemory() {
        return new DataSource.InMemory(new float[]{1, 2, 3, 4, 5, 6}, new long[]{3, 2},
                new float[]{1, 0, 0, 1, 1, 0}, new long[]{3, 2});
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void javaSerializationRoundTrips() throws Exception {
        List<ObjectiveSpec> specs = List.of(
                new ObjectiveSpec(new ModelSource.ModelFile("/tmp/model.zip"),
                        DataSpec.of(new DataSource.CsvFile("/tmp/train.csv"), 64).withSubsample(500, 7),
                        Precision.FLOAT),
                new ObjectiveSpec(new ModelSource.RunSnapshot("/runs/a", -1), DataSpec.of(inMemory(), 2),
                        Precision.DOUBLE));
        for (ObjectiveSpec spec : specs) {
            ObjectiveSpec copy = roundTrip(spec);
            assertNotSame(spec, copy);
            assertEquals(spec, copy);
            assertEquals(spec.hashCode(), copy.hashCode());
            assertEquals(spec.toProvenance(), copy.toProvenance());
        }
    }

    @Test
    void provenanceNamesEverything() {
        ObjectiveSpec csv = new ObjectiveSpec(new ModelSource.RunSnapshot("/runs/a", -2),
                DataSpec.of(new DataSource.CsvFile("/data/train.csv"), 32).withSubsample(100, 42), Precision.DOUBLE);
        assertEquals(Map.of(
                ObjectiveSpec.KEY_MODEL, "run /runs/a snapshot -2",
                ObjectiveSpec.KEY_DATA, "csv /data/train.csv",
                ObjectiveSpec.KEY_EXAMPLES, "100",
                ObjectiveSpec.KEY_BATCH_SIZE, "32",
                ObjectiveSpec.KEY_SUBSAMPLE, "100",
                ObjectiveSpec.KEY_SUBSAMPLE_SEED, "42",
                ObjectiveSpec.KEY_PRECISION, "DOUBLE"), csv.toProvenance());
        ObjectiveSpec memory = new ObjectiveSpec(new ModelSource.ModelFile("m.zip"), DataSpec.of(inMemory(), 2),
                Precision.FLOAT);
        Map<String, String> provenance = memory.toProvenance();
        assertEquals("3", provenance.get(ObjectiveSpec.KEY_EXAMPLES), "in-memory count is known");
        assertEquals("all", provenance.get(ObjectiveSpec.KEY_SUBSAMPLE));
        assertFalse(provenance.containsKey(ObjectiveSpec.KEY_SUBSAMPLE_SEED));
        assertEquals("in-memory features [3, 2] labels [3, 2]", provenance.get(ObjectiveSpec.KEY_DATA));
        assertEquals(List.of(ObjectiveSpec.KEY_MODEL, ObjectiveSpec.KEY_DATA, ObjectiveSpec.KEY_EXAMPLES,
                ObjectiveSpec.KEY_BATCH_SIZE, ObjectiveSpec.KEY_SUBSAMPLE, ObjectiveSpec.KEY_PRECISION),
                List.copyOf(provenance.keySet()), "ordered");
        assertEquals(Precision.DOUBLE, memory.withPrecision(Precision.DOUBLE).precision());
        assertEquals(memory.model(), memory.withPrecision(Precision.DOUBLE).model());
    }

    /** The in-memory source copies its arrays in and out: the spec cannot change behind its back. */
    @Test
    void inMemoryDataIsImmutable() {
        float[] features = {1, 2, 3, 4};
        DataSource.InMemory data = new DataSource.InMemory(features, new long[]{2, 2}, new float[]{0, 1, 1, 0},
                new long[]{2, 2});
        features[0] = 99;
        assertEquals(1f, data.features()[0]);
        data.features()[1] = 99;
        assertArrayEquals(new float[]{1, 2, 3, 4}, data.features());
        assertEquals(data, new DataSource.InMemory(new float[]{1, 2, 3, 4}, new long[]{2, 2},
                new float[]{0, 1, 1, 0}, new long[]{2, 2}));
    }

    @Test
    void refusesMeaninglessDescriptions() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new DataSource.InMemory(new float[5], new long[]{3, 2}, new float[6], new long[]{3, 2}));
        assertTrue(shape.getMessage().contains("6 values") && shape.getMessage().contains("5"), shape.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new DataSource.InMemory(new float[6], new long[]{3, 2}, new float[4], new long[]{2, 2}));
        assertTrue(count.getMessage().contains("3 examples") && count.getMessage().contains("2"),
                count.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> DataSpec.of(inMemory(), 0));
        assertTrue(batch.getMessage().contains("batch size 0"), batch.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> DataSpec.of(inMemory(), 2).withSubsample(4, 1));
        assertTrue(tooMany.getMessage().contains("subsample 4") && tooMany.getMessage().contains("3 examples"),
                tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSpec.of(inMemory(), 2).withSubsample(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSource.ModelFile(" "));
        assertThrows(NullPointerException.class, () -> new ObjectiveSpec(null, DataSpec.of(inMemory(), 1),
                Precision.FLOAT));
    }

    @Test
    void precisionMapsToNd4jAndBack() {
        for (Precision precision : Precision.values()) {
            assertEquals(precision, Precision.of(precision.toNd4j()));
        }
        assertEquals(0x1.0p-24, Precision.FLOAT.unitRoundoff());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> Precision.of(org.nd4j.linalg.api.buffer.DataType.HALF));
        assertTrue(half.getMessage().contains("HALF"), half.getMessage());
    }

    @Test
    void pointResultsHoldPrimitives() {
        PointResult classifier = new PointResult(0.5, 0.25, 0.75, 12);
        assertEquals(0.75, classifier.total());
        assertTrue(classifier.hasAccuracy());
        PointResult regression = new PointResult(0.5, 0, Double.NaN, 12);
        assertFalse(regression.hasAccuracy());
        assertEquals(regression, new PointResult(0.5, 0, Double.NaN, 12), "records compare NaN as equal");
        assertThrows(IllegalArgumentException.class, () -> new PointResult(0.5, 0, 1.5, 12));
        assertThrows(IllegalArgumentException.class, () -> new PointResult(0.5, 0, 0.5, 0));
    }
}
