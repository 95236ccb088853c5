package org.landscape4j.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC stream being written to a file: a child allocator, the vectors of one schema, and the message
 * serializer. The one Arrow output stack of landscape4j: run streams and results alike.
 *
 * <p>A new stream gets its schema at once, so that a run killed before its first batch still leaves a
 * readable (empty, truncated) stream. A stream can also be <em>continued</em>: an existing file is cut after
 * its last complete message and further batches are appended (how a result killed half-way resumes).
 * Arrow's small writes are gathered by a {@link GatheringChannel} flushed after the schema and after every
 * batch: a few system calls per batch, no copy of large buffers, and a written batch is in the operating
 * system's hands (it survives the JVM) when {@link #writeBatch} returns. Not thread-safe.
 */
final class StreamOutput implements AutoCloseable {

    /** Bytes gathered before a write; larger pieces go to the file directly. */
    private static final int GATHER_BYTES = 1 << 16;

    /**
     * The least time between two forces of a stream's new batches to disk while it is written (see
     * {@link #writeBatch}).
     */
    static final long FORCE_INTERVAL_NANOS = 250_000_000L;

    private final Path file;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final GatheringChannel gathering;
    private final WriteChannel out;
    private final VectorSchemaRoot root;
    private final VectorUnloader unloader;
    private boolean closed;
    private long lastForce = System.nanoTime();

    private StreamOutput(Path file, Schema schema, BufferAllocator parent, String name, long continueAt)
            throws IOException {
        this.file = file;
        this.allocator = ArrowMemory.child(parent, name, Long.MAX_VALUE);
        FileChannel opened = null;
        VectorSchemaRoot created = null;
        try {
            if (continueAt < 0) {
                opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                opened = FileChannel.open(file, StandardOpenOption.WRITE);
                opened.truncate(continueAt);
                opened.position(continueAt);
            }
            this.gathering = new GatheringChannel(opened, GATHER_BYTES);
            this.out = new WriteChannel(gathering);
            created = VectorSchemaRoot.create(schema, allocator);
            this.unloader = new VectorUnloader(created);
            if (continueAt < 0) {
                MessageSerializer.serialize(out, schema, IpcOption.DEFAULT);
                gathering.flush();
            }
        } catch (IOException | RuntimeException e) {
            if (created != null) {
                created.close();
            }
            if (opened != null) {
                opened.close();
            }
            allocator.close();
            throw e;
        }
        this.channel = opened;
        this.root = created;
    }

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param parent the allocator to take a child of, or null for a child of the process's root
     * @param name   the child allocator's name
     */
    static StreamOutput create(Path file, Schema schema, BufferAllocator parent, String name) throws IOException {
        ArrowMemory.requireJvmSetup();
        return new StreamOutput(file, schema, parent, name, -1);
    }

    /**
     * Continues an existing stream whose schema equals {@code schema}: cuts it after {@code completeLength}
     * bytes (the end of its last complete message, from a scan) and appends from there.
     */
    static StreamOutput continueAfter(Path file, Schema schema, long completeLength, BufferAllocator parent,
                                      String name) throws IOException {
        ArrowMemory.requireJvmSetup();
        if (completeLength <= 0) {
            throw new IllegalArgumentException("a stream is continued after its schema: completeLength "
                    + completeLength + " must be positive");
        }
        return new StreamOutput(file, schema, parent, name, completeLength);
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

    /**
     * Writes the root's first {@code rows} rows as one record batch and hands it to the operating system. At most
     * every 250 ms ({@link #FORCE_INTERVAL_NANOS}) the batches written since the last force are forced to disk (on
     * the writing thread, which waits for the disk): {@link #close()} then has at most that long's batches left to
     * force, instead of a whole run's (the force at close was most of the listener's {@code close()} on short
     * trainings).
     */
    void writeBatch(int rows) throws IOException {
        root.setRowCount(rows);
        try (ArrowRecordBatch batch = unloader.getRecordBatch()) {
            MessageSerializer.serialize(out, batch, IpcOption.DEFAULT);
        }
        gathering.flush();
        long now = System.nanoTime();
        if (now - lastForce >= FORCE_INTERVAL_NANOS) {
            channel.force(false);
            lastForce = now;
        }
    }

    /**
     * Writes the end-of-stream marker, forces the file to disk, and releases all Arrow memory.
     *
     * @throws IOException           if writing fails (the memory is released all the same)
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
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
            gathering.flush();
            channel.force(false);
        } catch (IOException e) {
            failure = e;
        } finally {
            failure = release(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Releases the file and the memory without writing the end-of-stream marker (after a failure). */
    void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        release(null);
    }

    private IOException release(IOException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        } finally {
            root.close();
            allocator.close();
        }
        return failure;
    }
}
