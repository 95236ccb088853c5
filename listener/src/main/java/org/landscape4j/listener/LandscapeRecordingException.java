package org.landscape4j.listener;

/**
 * Thrown into training by a listener built with {@code failFast(true)} when recording fails; without fail-fast
 * the failure is only logged and training goes on.
 */
public class LandscapeRecordingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LandscapeRecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
