package org.landscape4j.report.html;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the live view's page keeps itself current: it asks {@code dataPath} (relative to the page) for the run's data
 * every {@code interval}, sending {@code version} as {@code If-None-Match}, and redraws when the answer is newer.
 *
 * @param dataPath where the data is, a relative URL path such as {@code data.json}
 * @param interval how often the page asks, at least {@link #MIN_INTERVAL}
 * @param version  the version (entity tag, without quotes) of the data the page embeds
 */
public record LiveUpdates(String dataPath, Duration interval, String version) {

    /** The shortest polling interval a page accepts. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(200);

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public LiveUpdates {
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(version, "version");
        // both go into attributes of the page: only characters that need no escaping anywhere are admitted
        if (!PATH.matcher(dataPath).matches() || dataPath.contains("..")) {
            throw new IllegalArgumentException("the data path " + dataPath + " is not a plain relative path"
                    + " (letters, digits, . _ - and /)");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("the data version " + version + " must be 1 to 64 letters, digits,"
                    + " _ or -");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the polling interval " + interval.toMillis() + " ms is below "
                    + MIN_INTERVAL.toMillis() + " ms");
        }
    }
}
