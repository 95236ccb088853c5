package org.landscape4j.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a result comes from, carried in its schema metadata so that any Arrow reader can tell what it is and
 * whether it is current: the run it was computed from, the snapshot iterations it used, the objective and data
 * it evaluated (what was averaged over, how many examples), its settings (grid, directions and the files they
 * were saved to, normalization, ...), the seeds, and the landscape4j version.
 *
 * <p>Metadata keys (values are text; JSON where structured): {@value RunFiles#RUN_ID_KEY},
 * {@value #SOURCE_ITERATIONS_KEY} (JSON array of integers), {@value #OBJECTIVE_KEY} (JSON object of strings),
 * {@value #SETTINGS_KEY} (JSON object), {@value #SEEDS_KEY} (JSON object of integers), {@value #VERSION_KEY}, and
 * {@value #CREATED_KEY} (ISO-8601 instant, not part of a result's identity).
 *
 * @param runId            the run the result was computed from, or null for inputs outside a run (a model file)
 * @param sourceIterations the iterations of the snapshots used, in order (empty if none)
 * @param objective        the objective's description ({@code ObjectiveSpec} provenance: model, data, examples,
 *                         precision), empty if the result evaluates no objective
 * @param settings         the computation's settings, free-form JSON values
 * @param seeds            named random seeds
 * @param version          the landscape4j version that computed it
 */
public record Provenance(String runId, List<Long> sourceIterations, Map<String, String> objective,
                         Map<String, Object> settings, Map<String, Long> seeds, String version) {

    public static final String SOURCE_ITERATIONS_KEY = "landscape4j.source_iterations";
    public static final String OBJECTIVE_KEY = "landscape4j.objective";
    public static final String SETTINGS_KEY = "landscape4j.settings";
    public static final String SEEDS_KEY = "landscape4j.seeds";
    public static final String VERSION_KEY = "landscape4j.version";
    public static final String CREATED_KEY = "landscape4j.created";

    /**
     * Map entries by key, at every depth: a result's identity is compared as text, and equal settings given in
     * another order (a restart is a new JVM, where {@code Map.of} iterates differently) must give equal text.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    public Provenance {
        sourceIterations = List.copyOf(Objects.requireNonNull(sourceIterations, "sourceIterations"));
        objective = Map.copyOf(Objects.requireNonNull(objective, "objective"));
        settings = JsonValues.normalizeMap(settings, "settings");
        seeds = Map.copyOf(Objects.requireNonNull(seeds, "seeds"));
        Objects.requireNonNull(version, "version");
    }

    /** @return a provenance of this landscape4j version */
    public static Provenance of(String runId, List<Long> sourceIterations, Map<String, String> objective,
                                Map<String, Object> settings, Map<String, Long> seeds) {
        return new Provenance(runId, sourceIterations, objective, settings, seeds, Versions.landscape4j());
    }

    /** @return the schema metadata that carries this provenance, stamped with the current time */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = identity();
        metadata.put(CREATED_KEY, Instant.now().toString());
        return metadata;
    }

    /** @return the metadata without the creation time: two results of equal identity are the same computation */
    Map<String, String> identity() {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (runId != null) {
            metadata.put(RunFiles.RUN_ID_KEY, runId);
        }
        try {
            metadata.put(SOURCE_ITERATIONS_KEY, JSON.writeValueAsString(sourceIterations));
            metadata.put(OBJECTIVE_KEY, JSON.writeValueAsString(new java.util.TreeMap<>(objective)));
            metadata.put(SETTINGS_KEY, JSON.writeValueAsString(settings));
            metadata.put(SEEDS_KEY, JSON.writeValueAsString(new java.util.TreeMap<>(seeds)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("provenance cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        metadata.put(VERSION_KEY, version);
        return metadata;
    }

    /**
     * @param other   another provenance
     * @param ignored names of settings whose values do not matter for the comparison (where a computation ran,
     *                e.g. the {@code spark} setting of a result computed on a cluster: its numbers are the local ones)
     * @return true if both describe the same computation: equal run, source iterations, objective, settings (without
     *         the ignored ones), seeds and version, compared as the identity a partial result resumes under
     */
    public boolean sameComputation(Provenance other, java.util.Set<String> ignored) {
        return without(ignored).identity().equals(other.without(ignored).identity());
    }

    private Provenance without(java.util.Set<String> ignored) {
        Map<String, Object> kept = new LinkedHashMap<>(settings);
        kept.keySet().removeAll(ignored);
        return new Provenance(runId, sourceIterations, objective, kept, seeds, version);
    }

    /**
     * @param metadata a result's schema metadata
     * @return its provenance
     * @throws IllegalArgumentException if a key is missing or its value malformed
     */
    public static Provenance fromMetadata(Map<String, String> metadata) {
        try {
            List<Long> iterations = JSON.readValue(require(metadata, SOURCE_ITERATIONS_KEY), new TypeReference<>() { });
            Map<String, String> objective = JSON.readValue(require(metadata, OBJECTIVE_KEY), new TypeReference<>() { });
            Map<String, Object> settings = JSON.readValue(require(metadata, SETTINGS_KEY), new TypeReference<>() { });
            Map<String, Long> seeds = JSON.readValue(require(metadata, SEEDS_KEY), new TypeReference<>() { });
            return new Provenance(metadata.get(RunFiles.RUN_ID_KEY), iterations, objective, settings, seeds,
                    require(metadata, VERSION_KEY));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("the result's provenance metadata is malformed: "
                    + SafeText.escapeControls(e.getMessage()), e);
        }
    }

    private static String require(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("schema metadata lacks " + key);
        }
        return value;
    }
}
