package org.landscape4j.listener;

import java.io.IOException;
import org.landscape4j.run.RunStream;

/**
 * A recorder that writes one Arrow stream of the run: the stream is created on the writer thread when the run
 * opens ({@link #createStream}), closed with its end-of-stream marker when the run finishes, abandoned after a
 * failure.
 *
 * @param <W> the stream's writer
 */
abstract class StreamRecorder<W extends RunStream> implements Recorder {

    /** The stream; written on the writer thread only, null until the run opens. */
    protected W stream;

    /** @return the recorder's stream, created in the run directory (writer thread) */
    protected abstract W createStream(RunContext run) throws IOException;

    @Override
    public final void open(RunContext run) throws IOException {
        stream = createStream(run);
    }

    @Override
    public final void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public final void abandon() {
        if (stream != null) {
            stream.abandon();
        }
    }

    /** @return the rows written so far (exact once the run is closed) */
    final long rowsWritten() {
        return stream == null ? 0 : stream.rowsWritten();
    }
}
