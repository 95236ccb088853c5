package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Gathers the many small writes Arrow's stream writer makes (metadata, padding, small buffers: about 44 for a
 * metrics batch, measured with strace) into one direct buffer, and hands large buffers (a snapshot's parameters)
 * straight to the file channel without copying them. {@link #flush()} empties the gathered bytes into the file.
 * Not thread-safe.
 */
final class GatheringChannel implements WritableByteChannel {

    private final FileChannel file;
    private final ByteBuffer gathered;

    GatheringChannel(FileChannel file, int capacity) {
        this.file = file;
        this.gathered = ByteBuffer.allocateDirect(capacity);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (length > gathered.remaining()) {
            flush();
        }
        if (length > gathered.capacity()) {
            while (source.hasRemaining()) {
                file.write(source);
            }
        } else {
            gathered.put(source);
        }
        return length;
    }

    /** Writes the gathered bytes to the file (nothing if none). */
    void flush() throws IOException {
        gathered.flip();
        while (gathered.hasRemaining()) {
            file.write(gathered);
        }
        gathered.clear();
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    /** Flushes and closes the file channel. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            file.close();
        }
    }
}
