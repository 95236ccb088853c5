package org.landscape4j.run;

import java.util.Locale;
import java.util.Optional;

/** The status of a run, as its manifest records it ({@code status}, lower case in JSON). */
public enum RunStatus {
    /** Being recorded, or the recorder died without saying so (killed): its streams may lack their end marker. */
    RUNNING,
    /** The program closed the listener: every stream was closed with its end-of-stream marker. */
    COMPLETE,
    /** The JVM shutdown hook closed the listener (the program ended without closing it): streams closed. */
    INTERRUPTED,
    /** Recording stopped on an error (the manifest's {@code failure} says which); streams may lack their marker. */
    FAILED;

    /** @return the name written to the manifest: running, complete, interrupted, failed */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the status of a manifest's text, if it is one of the four names (lower case) */
    public static Optional<RunStatus> fromJson(String text) {
        for (RunStatus status : values()) {
            if (status.jsonName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * @return true if a recorder with this final status wrote the end-of-stream marker of every stream it
     *         opened, so that a stream without one is corrupt rather than cut
     */
    public boolean streamsClosed() {
        return this == COMPLETE || this == INTERRUPTED;
    }
}
