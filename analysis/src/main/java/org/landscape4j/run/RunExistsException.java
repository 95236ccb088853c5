package org.landscape4j.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A directory asked for as a new run already holds one, or is being recorded into by another recorder. The
 * message names the directory and what is there; callers that know their own API (the listener's builder)
 * add which of their options changes the outcome.
 */
public class RunExistsException extends RunFormatException {

    private static final long serialVersionUID = 1L;

    /** The run files present, or empty when the directory is claimed by a live recorder. */
    private final List<String> presentFiles;
    private final boolean claimedByLiveRecorder;

    RunExistsException(Path dir, String problem, List<String> presentFiles, boolean claimedByLiveRecorder) {
        super(dir, problem);
        this.presentFiles = List.copyOf(presentFiles);
        this.claimedByLiveRecorder = claimedByLiveRecorder;
    }

    /** @return the run files found in the directory */
    public List<String> presentFiles() {
        return presentFiles;
    }

    /** @return true if another recorder (in this JVM or another process) is recording into the directory now */
    public boolean claimedByLiveRecorder() {
        return claimedByLiveRecorder;
    }
}
