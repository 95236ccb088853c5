package org.landscape4j.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC stream being written to a file: its own allocator (a child of the caller's, or a root), the
 * vectors of one schema, and the stream writer. The schema is written at once, so that a run killed before
 * its first batch still leaves a readable (empty, truncated) stream. Arrow's small writes are gathered by a
 * {@link GatheringChannel} that is flushed after the schema and after every batch: a few system calls per batch,
 * no copy of large buffers, and a written batch is in the operating system's hands (it survives the JVM) when
 * {@link #writeBatch} returns. Not thread-safe; the public writers synchronize.
 */
final class StreamOutput implements AutoCloseable {

    static {
        ArrowRuntime.configure();              // before the first RootAllocator touches Netty
    }

    private final Path file;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final GatheringChannel gathering;
    private final VectorSchemaRoot root;
    private final ArrowStreamWriter writer;
    private boolean closed;

    /** Bytes gathered before a write; larger pieces go to the file directly. */
    private static final int GATHER_BYTES = 1 << 16;

    /**
     * @param file   the file to create (an existing one is truncated)
     * @param schema the schema, with its metadata
     * @param parent the allocator to take a child of, or null to own a root allocator
     * @param name   the child allocator's name
     */
    StreamOutput(Path file, Schema schema, BufferAllocator parent, String name) throws IOException {
        this.file = file;
        this.allocator = parent == null ? new RootAllocator() : parent.newChildAllocator(name, 0, Long.MAX_VALUE);
        FileChannel openedChannel = null;
        VectorSchemaRoot createdRoot = null;
        try {
            openedChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.gathering = new GatheringChannel(openedChannel, GATHER_BYTES);
            createdRoot = VectorSchemaRoot.create(schema, allocator);
            this.writer = new ArrowStreamWriter(createdRoot, new DictionaryProvider.MapDictionaryProvider(),
                    gathering);
            this.writer.start();
            gathering.flush();
        } catch (IOException | RuntimeException e) {
            if (createdRoot != null) {
                createdRoot.close();
            }
            if (openedChannel != null) {
                openedChannel.close();
            }
            allocator.close();
            throw e;
        }
        this.channel = openedChannel;
        this.root = createdRoot;
    }

    Path file() {
        return file;
    }

    VectorSchemaRoot root() {
        return root;
    }

    boolean isClosed() {
        return closed;
    }

    /** Writes the root's current rows as one record batch. */
    void writeBatch(int rows) throws IOException {
        root.setRowCount(rows);
        writer.writeBatch();
        gathering.flush();
    }

    /**
     * Writes the end-of-stream marker, forces the file to disk, and releases all Arrow memory.
     *
     * @throws IllegalStateException if Arrow memory leaked (a bug)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            writer.end();
            gathering.flush();
            channel.force(false);
        } catch (IOException e) {
            failure = e;
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            // writer.close() would only repeat end() and close the channel; it owns nothing else (no dictionaries)
            root.close();
            allocator.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
