package org.landscape4j.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arrow IPC stream file opened for reading one record batch at a time. Its framing is scanned first
 * ({@link StreamScan}), then only the complete messages are decoded. Every failure becomes a
 * {@link RunFormatException} naming the file, and no Arrow memory outlives {@link #close()}.
 *
 * <p>Messages are decoded here rather than by {@code ArrowStreamReader} for two reasons found by fuzzing:
 * Arrow 19 leaks a message body whose metadata fails to decode (it releases the body only on success), and
 * a corrupt row count makes it allocate validity buffers of gigabytes. Here the body is released on every
 * path, and the allocator is capped at a few times the largest message body, so an absurd count fails fast.
 */
final class StreamInput implements AutoCloseable {

    static {
        ArrowRuntime.configure();              // before the first RootAllocator touches Netty
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamInput.class);

    /** Headroom over the message bodies for the allocator cap (schema, validity buffers Arrow rebuilds). */
    private static final long ALLOCATION_SLACK = 16L << 20;

    private final Path file;
    private final FileChannel channel;
    private final StreamScan.Result scan;
    private final BufferAllocator allocator;
    private final MessageChannelReader messages;
    private final Schema schema;
    private final VectorSchemaRoot root;
    private final VectorLoader loader;
    private int batchesLoaded;
    private boolean closed;

    private StreamInput(Path file, FileChannel channel, StreamScan.Result scan, BufferAllocator allocator,
                        MessageChannelReader messages, Schema schema) {
        this.file = file;
        this.channel = channel;
        this.scan = scan;
        this.allocator = allocator;
        this.messages = messages;
        this.schema = schema;
        this.root = schema == null ? null : VectorSchemaRoot.create(schema, allocator);
        this.loader = root == null ? null : new VectorLoader(root);
    }

    /**
     * @param file   the stream file
     * @param parent the allocator to take a child allocator of, or null for a private root allocator
     * @return the opened input; its schema is read (if complete) but not yet validated
     * @throws RunFormatException if the file is missing, unreadable or not an Arrow IPC stream
     */
    static StreamInput open(Path file, BufferAllocator parent) throws RunFormatException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "does not exist; check the path of the run directory", e);
        } catch (AccessDeniedException e) {
            throw new RunFormatException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new RunFormatException(file, "cannot be opened: " + e, e);
        }
        BufferAllocator allocator = null;
        try {
            StreamScan.Result scan = StreamScan.scan(file, channel);
            if (scan.trailingBytes() > 0) {
                LOG.warn("{}: {} bytes after the end-of-stream marker were ignored", file, scan.trailingBytes());
            }
            long cap = ALLOCATION_SLACK + 3 * scan.maxBodyLength();
            allocator = parent == null ? new RootAllocator(cap) : parent.newChildAllocator("run-reader", 0, cap);
            MessageChannelReader messages = null;
            Schema schema = null;
            if (scan.hasSchema()) {
                messages = new MessageChannelReader(
                        new ReadChannel(StreamScan.completePrefix(channel, scan.completeLength())), allocator);
                schema = readSchema(file, messages);
            }
            return new StreamInput(file, channel, scan, allocator, messages, schema);
        } catch (RunFormatException e) {
            closeQuietly(channel, allocator);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, allocator);
            throw new RunFormatException(file, "is corrupt: its schema cannot be decoded (" + e + ")", e);
        }
    }

    private static Schema readSchema(Path file, MessageChannelReader messages) throws IOException {
        MessageResult result = messages.readNext();
        try {
            if (result == null || result.getMessage().headerType() != MessageHeader.Schema) {
                throw new RunFormatException(file, "is not a valid Arrow IPC stream: it does not start with a schema");
            }
            return MessageSerializer.deserializeSchema(result.getMessage());
        } finally {
            release(result == null ? null : result.getBodyBuffer());
        }
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** @return the schema, or null if the file ends before its schema is complete */
    Schema schema() {
        return schema;
    }

    /** @return the root the batches are loaded into; null without a schema */
    VectorSchemaRoot root() {
        return root;
    }

    /**
     * @return true if a further complete record batch was loaded into {@link #root()}, false at the end
     * @throws RunFormatException if a complete batch cannot be decoded
     */
    boolean loadNextBatch() throws RunFormatException {
        if (messages == null || closed) {
            return false;
        }
        MessageResult result = null;
        try {
            result = messages.readNext();
            if (result == null) {
                return false;
            }
            if (result.getMessage().headerType() != MessageHeader.RecordBatch) {
                throw new RunFormatException(file, "holds a " + MessageHeader.name(result.getMessage().headerType())
                        + " message after " + batchesLoaded + " record batches; run files hold only record batches");
            }
            ArrowBuf body = result.getBodyBuffer() == null ? allocator.getEmpty() : result.getBodyBuffer();
            ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(result.getMessage(), body);
            result = null; // the batch now owns the body (Arrow released its reference on success)
            try (batch) {
                loader.load(batch);
            }
            // Arrow checks that buffers lie inside the body, not that they are large enough for the row
            // count the metadata claims; a corrupt count would otherwise fail later, in our own reading.
            ValueVectorUtility.validate(root);
            batchesLoaded++;
            return true;
        } catch (RunFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(file, "is corrupt: record batch " + (batchesLoaded + 1)
                    + " cannot be decoded (" + e.getMessage() + "); the " + batchesLoaded
                    + " batches before it are intact", e);
        } finally {
            if (result != null) {
                release(result.getBodyBuffer());
            }
        }
    }

    /** @return whether the stream lacks its end-of-stream marker (known from the scan, before reading) */
    boolean truncated() {
        return scan.truncated();
    }

    /** @return what is missing, naming the file, or null if the stream is complete */
    String truncationDetail() {
        return scan.truncationDetail();
    }

    /**
     * Releases the file and all Arrow memory. Closing again does nothing.
     *
     * @throws IllegalStateException if Arrow memory leaked (a bug)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (root != null) {
            root.close();
        }
        closeQuietly(channel, allocator);
    }

    /** Drops every reference to a message body that was not handed over to a record batch. */
    private static void release(ArrowBuf body) {
        if (body != null && body.getReferenceManager().getRefCount() > 0) {
            body.getReferenceManager().release(body.getReferenceManager().getRefCount());
        }
    }

    private static void closeQuietly(FileChannel channel, BufferAllocator allocator) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a channel failed", e);
        }
        if (allocator != null) {
            allocator.close();
        }
    }
}
