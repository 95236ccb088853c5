package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading a run file needed more memory than the JVM has: the file may be intact. Never reported as
 * corruption; the message says which limit to raise.
 */
public class NotEnoughMemoryException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file  the file being read
     * @param what  what was being read, e.g. "record batch 3"
     * @param cause the JVM's or Arrow's out-of-memory failure
     */
    public NotEnoughMemoryException(Path file, String what, Throwable cause) {
        super(SafeText.escapeControls(String.valueOf(file)) + ": not enough memory to read " + what + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())) + "); the file may well be"
                + " intact: give the JVM more heap and direct memory (-Xmx, -XX:MaxDirectMemorySize)", cause);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return SafeText.escapeControls(end < 0 ? text : text.substring(0, end));
    }

    /** @return true if {@code failure} or one of its causes is the JVM running out of heap or direct memory */
    static boolean isMemoryFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
