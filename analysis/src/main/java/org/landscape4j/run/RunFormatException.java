package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;

/** A file of a run directory that cannot be read as what it should be; the message names the file. */
public class RunFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public RunFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public RunFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file (or directory) concerned */
    public Path file() {
        return file;
    }
}
