package org.landscape4j.objective;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete, serializable description of an objective: which model, which data, which precision. It holds no
 * live object (no network, no array, no {@code java.nio.file.Path}), so it crosses threads and processes; a
 * framework's factory builds independent objectives from it (in DL4J: {@code NetworkObjectiveFactory.fromSpec}).
 *
 * @param model     where the model comes from
 * @param data      the examples the loss averages over and how they are batched
 * @param precision the floating-point type to compute in
 */
public record ObjectiveSpec(ModelSource model, DataSpec data, Precision precision) implements Serializable {

    /** Provenance key: the model source, e.g. {@code "model file /a/model.zip"}. */
    public static final String KEY_MODEL = "objective.model";
    /** Provenance key: the data source, e.g. {@code "csv /a/train.csv"}. */
    public static final String KEY_DATA = "objective.data";
    /** Provenance key: N, the number of examples the loss averages over, when known. */
    public static final String KEY_EXAMPLES = "objective.examples";
    /** Provenance key: the batch size. */
    public static final String KEY_BATCH_SIZE = "objective.batch_size";
    /** Provenance key: the subsample size, or {@code "all"}. */
    public static final String KEY_SUBSAMPLE = "objective.subsample";
    /** Provenance key: the subsample seed (present only with a subsample). */
    public static final String KEY_SUBSAMPLE_SEED = "objective.subsample_seed";
    /** Provenance key: {@code FLOAT} or {@code DOUBLE}. */
    public static final String KEY_PRECISION = "objective.precision";

    public ObjectiveSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(precision, "precision");
    }

    /** @return the same model and data in another precision (e.g. the DOUBLE twin for Hessian-vector products) */
    public ObjectiveSpec withPrecision(Precision other) {
        return new ObjectiveSpec(model, data, other);
    }

    /**
     * @return the description as ordered text entries for the metadata of results: model source, data source,
     *         example count (when known without reading the data: the subsample size, or the in-memory count),
     *         batch size, subsample and seed, precision
     */
    public Map<String, String> toProvenance() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(KEY_MODEL, model.describe());
        entries.put(KEY_DATA, data.source().describe());
        if (data.isSubsampled()) {
            entries.put(KEY_EXAMPLES, Long.toString(data.subsample()));
        } else {
            data.source().knownExampleCount().ifPresent(n -> entries.put(KEY_EXAMPLES, Long.toString(n)));
        }
        entries.put(KEY_BATCH_SIZE, Integer.toString(data.batchSize()));
        entries.put(KEY_SUBSAMPLE, data.isSubsampled() ? Long.toString(data.subsample()) : "all");
        if (data.isSubsampled()) {
            entries.put(KEY_SUBSAMPLE_SEED, Long.toString(data.subsampleSeed()));
        }
        entries.put(KEY_PRECISION, precision.name());
        return Collections.unmodifiableMap(entries);
    }
}
