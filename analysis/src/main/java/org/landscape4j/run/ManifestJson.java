package org.landscape4j.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;

/**
 * The JSON form of {@link RunManifest}: Jackson binds these package-private records (snake_case names, times
 * as ISO-8601 text, roles in lower case, ordering as a one-character string), and this class converts them to
 * and from the domain records, so that the layout records stay free of Jackson annotations.
 */
final class ManifestJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** A manifest is a few kilobytes (its layout grows with the number of parameter arrays); refuse absurd ones. */
    static final long MAX_BYTES = 64L << 20;

    /** Fields every manifest has (FORMAT.md); {@code end_time} and {@code failure} may be null. */
    private static final List<String> REQUIRED_V1 = List.of("format_version", "landscape4j_version", "dl4j_version",
            "java_version", "network_class", "parameter_count", "data_type", "layout", "settings", "seeds",
            "start_time", "end_time", "status");
    private static final List<String> REQUIRED_V2 = List.of("run_id", "failure");

    private ManifestJson() {
    }

    /** The manifest as JSON binds it; boxed types so that a missing field is told apart from zero. */
    @JsonPropertyOrder({"format_version", "run_id", "landscape4j_version", "dl4j_version", "java_version",
        "network_class", "parameter_count", "data_type", "layout", "settings", "seeds", "start_time", "end_time",
        "status", "failure"})
    record Manifest(Integer formatVersion, String runId, String landscape4jVersion, String dl4jVersion,
                    String javaVersion, String networkClass, Long parameterCount, String dataType, Layout layout,
                    Map<String, Object> settings, Map<String, Long> seeds, String startTime, String endTime,
                    String status, String failure) {
    }

    /** The layout: an object so that fields can be added without breaking readers. */
    record Layout(List<Array> arrays) {
    }

    /** One parameter array. */
    @JsonPropertyOrder({"name", "layer", "layer_type", "offset", "length", "shape", "ordering", "role",
        "filter_axis"})
    record Array(String name, String layer, String layerType, Long offset, Long length, long[] shape,
                 String ordering, String role, Integer filterAxis) {
    }

    static void write(RunManifest manifest, Path file) throws IOException {
        byte[] json = MAPPER.writeValueAsString(toJson(manifest)).concat("\n").getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        // Files.createTempFile would make the manifest private (0600); a plain new file gets the umask's mode.
        Path temp = dir.resolve(file.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        Files.createFile(temp);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static RunManifest read(Path file) throws RunFormatException {
        StreamInput.requireRegularFile(file);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new RunFormatException(file, "is " + size + " bytes; a manifest is at most " + MAX_BYTES
                        + " bytes: this is not a landscape4j manifest");
            }
            bytes = Files.readAllBytes(file);
        } catch (RunFormatException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "does not exist; check the path of the run directory", e);
        } catch (AccessDeniedException e) {
            throw new RunFormatException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new RunFormatException(file, "cannot be read: " + e, e);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, "is not valid JSON (" + jsonProblem(e)
                    + "); restore it from a backup or re-record the run", e);
        } catch (RuntimeException e) {
            throw new RunFormatException(file, "cannot be parsed as JSON (" + SafeText.escapeControls(e.toString())
                    + "); restore it from a backup or re-record the run", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new RunFormatException(file, "is empty, expected a JSON object with the manifest's fields;"
                    + " the run may have been stopped before its manifest was written");
        }
        if (!tree.isObject()) {
            throw new RunFormatException(file, "holds a JSON " + tree.getNodeType().toString().toLowerCase(Locale.ROOT)
                    + ", expected a JSON object with the manifest's fields");
        }
        int version = checkVersion(file, tree.get("format_version"));
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED_V1) {
            if (!tree.has(field)) {
                missing.add(field);
            }
        }
        if (version >= 2) {
            for (String field : REQUIRED_V2) {
                if (!tree.has(field)) {
                    missing.add(field);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new RunFormatException(file, "lacks the field" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (docs/FORMAT.md: every field is present, end_time and failure"
                    + " may be null); fix the file or re-record the run");
        }
        Manifest json;
        try {
            json = MAPPER.treeToValue(tree, Manifest.class);
        } catch (JsonMappingException e) {
            throw new RunFormatException(file, "field " + SafeText.escapeControls(path(e)) + " has the wrong type: "
                    + SafeText.escapeControls(jacksonReason(e)) + "; fix the value or re-record the run", e);
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, "cannot be bound: " + jsonProblem(e), e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new RunFormatException(file, e.getMessage(), e);
        }
    }

    private static int checkVersion(Path file, JsonNode version) throws RunFormatException {
        if (version == null || version.isNull()) {
            throw new RunFormatException(file, "lacks the field format_version: not a landscape4j manifest");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new RunFormatException(file, "format_version is " + SafeText.quote(version.toString())
                    + ", expected an integer");
        }
        return RunFiles.checkFormatVersion(file, version.asInt(), "format_version");
    }

    /** @return Jackson's problem and where, safe to print (its location may be absent, its text hostile) */
    private static String jsonProblem(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (reason.startsWith("Trailing token")) { // Jackson's text names its own classes and settings
            reason = "trailing content after the manifest's JSON object";
        }
        int newline = reason.indexOf('\n');
        reason = SafeText.escapeControls(newline < 0 ? reason : reason.substring(0, newline));
        if (reason.length() > 300) {
            reason = reason.substring(0, 300) + "…";
        }
        return e.getLocation() == null ? reason
                : reason + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** @return Jackson's reason without its advice about its own configuration */
    private static String jacksonReason(JsonMappingException e) {
        String reason = e.getOriginalMessage();
        int advice = reason.indexOf(" (but might if");
        return advice < 0 ? reason : reason.substring(0, advice);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static Manifest toJson(RunManifest m) {
        List<Array> arrays = new ArrayList<>();
        for (ParameterArray a : m.layout().arrays()) {
            arrays.add(new Array(a.name(), a.layer(), a.layerType(), a.offset(), a.length(), a.shape(),
                    String.valueOf(a.ordering()), a.role().name().toLowerCase(Locale.ROOT), a.filterAxis()));
        }
        return new Manifest(m.formatVersion(), m.runId(), m.landscape4jVersion(), m.dl4jVersion(), m.javaVersion(),
                m.networkClass(), m.parameterCount(), m.dataType(), new Layout(arrays), m.settings(), m.seeds(),
                m.startTime().toString(), m.endTime() == null ? null : m.endTime().toString(), m.status().jsonName(),
                m.failure());
    }

    private static RunManifest fromJson(Manifest j) {
        String[] required = {"landscape4j_version", "dl4j_version", "java_version", "network_class", "data_type",
            "start_time", "status"};
        Object[] values = {j.landscape4jVersion(), j.dl4jVersion(), j.javaVersion(), j.networkClass(), j.dataType(),
            j.startTime(), j.status()};
        for (int i = 0; i < required.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException("lacks the field " + required[i] + " (or it is null)");
            }
        }
        if (j.parameterCount() == null) {
            throw new IllegalArgumentException("lacks the field parameter_count (or it is null)");
        }
        if (j.layout() == null || j.layout().arrays() == null) {
            throw new IllegalArgumentException("lacks the field layout.arrays (or it is null)");
        }
        List<ParameterArray> arrays = new ArrayList<>();
        for (int i = 0; i < j.layout().arrays().size(); i++) {
            arrays.add(fromJson(j.layout().arrays().get(i), i));
        }
        ParameterLayout layout = new ParameterLayout(arrays);
        if (j.seeds() != null && j.seeds().containsValue(null)) {
            throw new IllegalArgumentException("seeds holds a null; every seed is an integer");
        }
        RunStatus status = RunStatus.fromJson(j.status()).orElseThrow(() -> new IllegalArgumentException(
                "status " + SafeText.quote(j.status()) + " is not one of running, complete, interrupted, failed"));
        return new RunManifest(j.formatVersion(), j.runId(), j.landscape4jVersion(), j.dl4jVersion(), j.javaVersion(),
                j.networkClass(), j.parameterCount(), j.dataType(), layout, j.settings(), j.seeds(),
                instant(j.startTime(), "start_time"), j.endTime() == null ? null : instant(j.endTime(), "end_time"),
                status, j.failure());
    }

    private static ParameterArray fromJson(Array a, int index) {
        String where = "layout.arrays[" + index + "]"
                + (a == null || a.name() == null ? "" : " (" + SafeText.quote(a.name()) + ")");
        if (a == null) {
            throw new IllegalArgumentException(where + " is null");
        }
        String[] required = {"name", "layer", "layer_type", "offset", "length", "shape", "ordering", "role",
            "filter_axis"};
        Object[] values = {a.name(), a.layer(), a.layerType(), a.offset(), a.length(), a.shape(), a.ordering(),
            a.role(), a.filterAxis()};
        for (int i = 0; i < required.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(where + " lacks the field " + required[i] + " (or it is null)");
            }
        }
        if (a.ordering().length() != 1) {
            throw new IllegalArgumentException(where + ": ordering " + SafeText.quote(a.ordering())
                    + " is not one character; expected \"c\" or \"f\"");
        }
        ParameterRole role;
        try {
            role = ParameterRole.valueOf(a.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": role " + SafeText.quote(a.role())
                    + " is not one of weight, bias, norm, state", e);
        }
        if (!a.role().equals(a.role().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + ": role " + SafeText.quote(a.role()) + " must be lower case");
        }
        try {
            return new ParameterArray(a.name(), a.layer(), a.layerType(), a.offset(), a.length(), a.shape(),
                    a.ordering().charAt(0), role, a.filterAxis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " " + SafeText.quote(text)
                    + " is not an ISO-8601 instant such as 2024-05-01T12:00:00Z", e);
        }
    }
}
