package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a run directory cannot be used as it is: missing, truncated beyond use, corrupt, foreign or written
 * by a newer format version. The message names the file, says what is wrong and what to do.
 */
public class RunFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The offending file (or directory). */
    private final transient Path file;

    /**
     * @param file    the offending file or directory
     * @param problem what is wrong with it and what to do, as a sentence without the file name; text taken from
     *                the file must already be made safe ({@link SafeText}); the file name is escaped here
     */
    public RunFormatException(Path file, String problem) {
        super(message(file, problem));
        this.file = file;
    }

    /**
     * @param file    the offending file or directory
     * @param problem what is wrong with it and what to do, as a sentence without the file name
     * @param cause   the underlying failure
     */
    public RunFormatException(Path file, String problem, Throwable cause) {
        super(message(file, problem), cause);
        this.file = file;
    }

    /** @return the offending file or directory */
    public Path file() {
        return file;
    }

    private static String message(Path file, String problem) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
        return SafeText.escapeControls(file.toString()) + ": " + problem; // a path is untrusted text too
    }
}
