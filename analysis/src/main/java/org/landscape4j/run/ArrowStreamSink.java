package org.landscape4j.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The life cycle both stream writers share: an allocator (a child of the caller's, or an own root), the file
 * channel, one reusable {@link VectorSchemaRoot}, and Arrow's stream writer, which writes each batch straight to
 * the channel. {@link #close()} writes the end-of-stream marker and releases all of it. Not thread-safe.
 */
final class ArrowStreamSink implements AutoCloseable {

    static {
        ArrowRuntime.configure();
    }

    private final Path file;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final VectorSchemaRoot root;
    private final ArrowStreamWriter writer;
    private boolean closed;

    /** Creates (or truncates) {@code file} and writes the schema. */
    ArrowStreamSink(Path file, Schema schema, BufferAllocator parent, String name) throws IOException {
        this.file = file;
        this.allocator = parent == null ? new RootAllocator() : parent.newChildAllocator(name, 0, parent.getLimit());
        FileChannel opened = null;
        VectorSchemaRoot createdRoot = null;
        try {
            opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            createdRoot = VectorSchemaRoot.create(schema, allocator);
            ArrowStreamWriter created = new ArrowStreamWriter(createdRoot, null, opened);
            created.start();
            this.channel = opened;
            this.root = createdRoot;
            this.writer = created;
        } catch (IOException | RuntimeException e) {
            if (createdRoot != null) {
                createdRoot.close();
            }
            if (opened != null) {
                opened.close();
            }
            allocator.close();
            throw e;
        }
    }

    /** @return the root to fill before {@link #writeBatch()}; its vectors are reused between batches */
    VectorSchemaRoot root() throws IOException {
        if (closed) {
            throw new IOException(file + ": the stream is closed");
        }
        return root;
    }

    /** Writes the root's rows as one record batch and clears the vectors. */
    void writeBatch() throws IOException {
        writer.writeBatch();
        root.clear();
    }

    boolean isClosed() {
        return closed;
    }

    /** Writes the end-of-stream marker and releases every buffer. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.end();
        } finally {
            writer.close();
            root.close();
            channel.close();
            allocator.close();
        }
    }
}
