package org.landscape4j.run;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalizes free-form values (the manifest's settings) to the Java types that JSON reads back as, so that a
 * manifest equals itself after a write and a read: integers become {@link Long} (or {@link BigInteger} beyond
 * its range), floating-point numbers {@link Double}, enums and characters {@link String}, collections and
 * arrays unmodifiable {@link List}s, maps unmodifiable insertion-ordered maps with {@link String} keys.
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * @param map  a map of settings, may be null (then empty)
     * @param what the map's name for error messages
     * @return an unmodifiable, insertion-ordered copy holding normalized values
     * @throws IllegalArgumentException if a value has no JSON form (non-finite number, arbitrary object)
     */
    static Map<String, Object> normalizeMap(Map<?, ?> map, String what) {
        if (map == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(what + " has the key " + entry.getKey() + " of type "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                        + "; keys must be strings");
            }
            copy.put(key, normalize(entry.getValue(), what + "." + key));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object normalize(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(where + " is " + d + ", which JSON cannot hold; record it as a"
                        + " string or leave it out");
            }
            return d;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return normalizeMap(map, where);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            int i = 0;
            for (Object element : collection) {
                list.add(normalize(element, where + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(normalize(java.lang.reflect.Array.get(value, i), where + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        throw new IllegalArgumentException(where + " has a value of type " + value.getClass().getName()
                + "; allowed are strings, booleans, numbers, enums, lists, arrays and maps of them"
                + " (record other objects as their toString())");
    }
}
