package org.landscape4j.report.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.landscape4j.report.html.LiveUpdates;

/**
 * What the live view serves and where.
 *
 * @param runDirectory the run directory to serve
 * @param host         the address to listen on: a host name or literal ({@value #DEFAULT_HOST} by default)
 * @param port         the TCP port, 0 to 65535 (0: any free port)
 * @param interval     how often the page asks for newer data
 */
public record LiveSettings(Path runDirectory, String host, int port, Duration interval) {

    /** The loopback address: only this machine can connect. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** The default polling interval of the page. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

    public LiveSettings {
        Objects.requireNonNull(runDirectory, "runDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(interval, "interval");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is empty: give an address to listen on, such as "
                    + DEFAULT_HOST);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port: give 1 to 65535, or 0 for any"
                    + " free port");
        }
        if (interval.compareTo(LiveUpdates.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the refresh interval " + interval.toMillis() + " ms is too short:"
                    + " give at least " + LiveUpdates.MIN_INTERVAL.toMillis() + " ms");
        }
    }

    /** @return the settings for {@code runDirectory} on 127.0.0.1:8080, refreshed every 3 s */
    public static LiveSettings of(Path runDirectory) {
        return new LiveSettings(runDirectory, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_INTERVAL);
    }

    /** @return these settings with another port */
    public LiveSettings withPort(int newPort) {
        return new LiveSettings(runDirectory, host, newPort, interval);
    }

    /** @return these settings with another host */
    public LiveSettings withHost(String newHost) {
        return new LiveSettings(runDirectory, newHost, port, interval);
    }

    /** @return these settings with another polling interval */
    public LiveSettings withInterval(Duration newInterval) {
        return new LiveSettings(runDirectory, host, port, newInterval);
    }
}
