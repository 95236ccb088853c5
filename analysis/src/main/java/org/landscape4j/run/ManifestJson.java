package org.landscape4j.run;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.landscape4j.layout.ParameterRole;

/** The JSON mapping of the manifest: snake_case keys, ISO-8601 instants, lower-case roles. */
final class ManifestJson {

    static final ObjectMapper MAPPER = create();

    private ManifestJson() {
    }

    private static ObjectMapper create() {
        SimpleModule roles = new SimpleModule("landscape4j-roles");
        roles.addSerializer(ParameterRole.class, new JsonSerializer<>() {
            @Override
            public void serialize(ParameterRole role, JsonGenerator out, SerializerProvider provider)
                    throws IOException {
                out.writeString(role.name().toLowerCase(Locale.ROOT));
            }
        });
        roles.addDeserializer(ParameterRole.class, new JsonDeserializer<>() {
            @Override
            public ParameterRole deserialize(JsonParser in, DeserializationContext context) throws IOException {
                String text = in.getValueAsString();
                try {
                    return ParameterRole.valueOf(text.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw context.weirdStringException(text, ParameterRole.class,
                            "a role is one of weight, bias, norm, state");
                }
            }
        });
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                .registerModule(roles)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
