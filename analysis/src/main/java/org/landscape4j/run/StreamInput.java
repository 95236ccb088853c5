package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arrow IPC stream file opened for reading record batches, in order or by index. Its framing is scanned
 * first ({@link StreamScan}): only complete messages are ever decoded, and the position of every record batch
 * is known, so batch k is read without reading batches 0..k-1. Every failure due to the file becomes a
 * {@link RunFormatException} naming the file; a failure due to the JVM's memory a
 * {@link NotEnoughMemoryException}; no Arrow memory outlives {@link #close()}.
 *
 * <p>Messages are decoded here rather than by {@code ArrowStreamReader} for reasons found by fuzzing: Arrow 19
 * leaks a message body whose metadata fails to decode, and a corrupt row count makes it allocate validity
 * buffers of gigabytes. Here the body is released on every path, and the allocator is capped at a few times
 * the largest message body, so an absurd count fails fast.
 */
final class StreamInput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamInput.class);

    /** Headroom over the message bodies for the allocator cap (schema, validity buffers Arrow rebuilds). */
    private static final long ALLOCATION_SLACK = 16L << 20;

    private final Path file;
    private final FileChannel channel;
    private final StreamScan.Result scan;
    private final BufferAllocator allocator;
    private final Schema schema;
    private final VectorSchemaRoot root;
    private final VectorLoader loader;
    private int next;
    private int loaded = -1;
    private boolean closed;

    private StreamInput(Path file, FileChannel channel, StreamScan.Result scan, BufferAllocator allocator,
                        Schema schema) {
        this.file = file;
        this.channel = channel;
        this.scan = scan;
        this.allocator = allocator;
        this.schema = schema;
        this.root = schema == null ? null : VectorSchemaRoot.create(schema, allocator);
        this.loader = root == null ? null : new VectorLoader(root);
    }

    /**
     * @param file           the stream file
     * @param parent         the allocator to take a child allocator of, or null for a child of the process root
     * @param closedByWriter true if the run's manifest says its streams were closed (status complete or
     *                       interrupted): then a missing end-of-stream marker is corruption, not a cut
     * @return the opened input; its schema is read (if complete) but not yet validated
     * @throws RunFormatException       if the file is missing, not a regular file, unreadable, not an Arrow IPC
     *                                  stream, or (with {@code closedByWriter}) lacks its end-of-stream marker
     * @throws NotEnoughMemoryException if the JVM's memory does not suffice
     */
    static StreamInput open(Path file, BufferAllocator parent, boolean closedByWriter) throws IOException {
        ArrowMemory.requireJvmSetup();
        requireRegularFile(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "does not exist; check the path of the run directory", e);
        } catch (AccessDeniedException e) {
            throw new RunFormatException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new RunFormatException(file, "cannot be opened: " + e.getMessage(), e);
        }
        BufferAllocator allocator = null;
        try {
            StreamScan.Result scan = StreamScan.scan(file, channel);
            if (closedByWriter && scan.truncated()) {
                throw new RunFormatException(file, "is corrupt: the run's manifest says its streams were closed,"
                        + " but " + scan.damage() + "; the " + scan.recordBatches() + " record batches before"
                        + " offset " + scan.completeLength() + " are intact; restore the file from a copy");
            }
            if (scan.trailingBytes() > 0) {
                LOG.warn("{}: {} bytes after the end-of-stream marker were ignored", file, scan.trailingBytes());
            }
            long cap = ALLOCATION_SLACK + 3 * scan.maxBodyLength();
            allocator = ArrowMemory.child(parent, "run-reader", cap);
            Schema schema = scan.hasSchema() ? readSchema(file, channel, allocator) : null;
            return new StreamInput(file, channel, scan, allocator, schema);
        } catch (IOException e) {
            closeQuietly(channel, allocator);
            throw e;
        } catch (OutOfMemoryError | RuntimeException e) {
            closeQuietly(channel, allocator);
            if (NotEnoughMemoryException.isMemoryFailure(e)) {
                throw new NotEnoughMemoryException(file, "its schema", e);
            }
            throw new RunFormatException(file, "is corrupt: its schema cannot be decoded ("
                    + SafeText.escapeControls(e.toString()) + ")", e);
        }
    }

    /** Refuses anything but a regular file (following links) before opening it: a FIFO would block, a device never end. */
    static void requireRegularFile(Path file) throws RunFormatException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "does not exist; check the path of the run directory", e);
        } catch (IOException e) {
            throw new RunFormatException(file, "cannot be examined: " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            String kind = attributes.isDirectory() ? "a directory"
                    : "not a regular file (" + (Files.isSymbolicLink(file) ? "a link to " : "")
                    + "a FIFO, socket or device)";
            throw new RunFormatException(file, "is " + kind + "; run files are regular files: remove or replace it");
        }
        if (Files.isSymbolicLink(file) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("{} is a symbolic link to a regular file; reading its target", file);
        }
    }

    private static Schema readSchema(Path file, FileChannel channel, BufferAllocator allocator) throws IOException {
        MessageChannelReader messages = new MessageChannelReader(new ReadChannel(window(channel, 0,
                firstMessageEnd(channel))), allocator);
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

    /** @return the end of the schema message (the scan has checked that it is complete) */
    private static long firstMessageEnd(FileChannel channel) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        return 8L + prefix.getInt(4);
    }

    Path file() {
        return file;
    }

    /** @return the schema, or null if the file ends before its schema is complete */
    Schema schema() {
        return schema;
    }

    /** @return the root batches are loaded into; null without a schema */
    VectorSchemaRoot root() {
        return root;
    }

    /** @return the number of complete record batches, known from the scan without decoding any */
    int batchCount() {
        return scan.recordBatches();
    }

    /**
     * @return true if the next complete record batch (in file order) was loaded into {@link #root()}, false at
     *         the end
     */
    boolean loadNextBatch() throws IOException {
        if (root == null || closed || next >= scan.recordBatches()) {
            return false;
        }
        loadBatch(next);
        return true;
    }

    /**
     * Loads complete record batch k (0-based) into {@link #root()}, reading only its bytes.
     *
     * @throws RunFormatException       if the batch cannot be decoded
     * @throws NotEnoughMemoryException if the JVM's memory does not suffice
     */
    void loadBatch(int k) throws IOException {
        if (closed) {
            throw new IllegalStateException("the reader of " + file + " is closed");
        }
        if (root == null || k < 0 || k >= scan.recordBatches()) {
            throw new IndexOutOfBoundsException(file + " holds " + scan.recordBatches() + " complete record batches;"
                    + " there is no batch " + k);
        }
        StreamScan.BatchIndex index = scan.batches();
        long start = index.offset(k);
        long end = index.bodyOffset(k) + index.bodyLength(k);
        ArrowBuf pending = null;
        try {
            ReadChannel in = new ReadChannel(window(channel, start, end));
            MessageMetadataResult metadata = MessageSerializer.readMessage(in);
            if (metadata == null || metadata.getMessage().headerType() != MessageHeader.RecordBatch) {
                throw new RunFormatException(file, "record batch " + (k + 1) + " at offset " + start
                        + " cannot be read back as a record batch");
            }
            long bodyLength = metadata.getMessageBodyLength();
            // The body is allocated here, not inside Arrow's reader, so that a failure to allocate it (the JVM's
            // direct memory, Netty's arenas, a caller's allocator limit) is known to be about memory, whatever
            // Arrow makes of it: the scan has checked that the file holds all of these bytes.
            try {
                pending = bodyLength == 0 ? allocator.getEmpty() : allocator.buffer(bodyLength);
            } catch (OutOfMemoryError | RuntimeException e) {
                throw new NotEnoughMemoryException(file, "record batch " + (k + 1) + " (" + bodyLength + " bytes)", e);
            }
            if (in.readFully(pending, bodyLength) != bodyLength) {
                throw new IOException("the file shrank while record batch " + (k + 1) + " was read");
            }
            ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(metadata, pending);
            pending = null; // the batch now owns the body (Arrow released its reference on success)
            try (batch) {
                loader.load(batch);
            }
            // Arrow checks that buffers lie inside the body, not that they are large enough for the row
            // count the metadata claims; a corrupt count would otherwise fail later, in our own reading.
            org.apache.arrow.vector.util.ValueVectorUtility.validate(root);
            loaded = k;
            next = k + 1;
        } catch (RunFormatException | NotEnoughMemoryException e) {
            loaded = -1;
            throw e;
        } catch (IOException | OutOfMemoryError | RuntimeException e) {
            loaded = -1;
            if (NotEnoughMemoryException.isMemoryFailure(e) || beyondOwnLimit(e)) {
                throw new NotEnoughMemoryException(file, "record batch " + (k + 1), e);
            }
            String reason = e instanceof OutOfMemoryException
                    ? "it declares more data than its " + index.bodyLength(k) + " bytes can hold"
                    : SafeText.escapeControls(String.valueOf(e.getMessage()));
            throw new RunFormatException(file, "is corrupt: record batch " + (k + 1) + " at offset " + start
                    + " cannot be decoded (" + reason + "); the other " + (scan.recordBatches() - 1)
                    + " batches may be intact", e);
        } finally {
            release(pending);
        }
    }

    /**
     * @return true for Arrow's allocation failure at a limit other than this reader's own cap (which is derived
     *         from the file, so exceeding it means the file declares absurd sizes): a caller's allocator limit
     */
    private boolean beyondOwnLimit(Throwable failure) {
        return failure instanceof OutOfMemoryException oom && oom.getOutcomeDetails()
                .map(details -> details.getFailedAllocator())
                .filter(failed -> failed != allocator)
                .isPresent();
    }

    /** @return the index of the batch now in {@link #root()}, or -1 */
    int loadedBatch() {
        return loaded;
    }

    /**
     * Reads the scalar cells of the first row of record batch k without decoding the batch: the batch's
     * metadata locates each column's buffers in its body, and only those bytes are read (a snapshot's θ is not
     * touched). Requires the named columns to be flat fixed-width columns (int32, int64, float64, bool) that
     * come before any nested column in the file, and the batch to hold exactly one row (a vector table's).
     *
     * @param k       the batch
     * @param columns the wanted columns
     * @return their cells (Integer, Long, Double, Boolean or null), in the order asked
     * @throws RunFormatException if the batch's metadata is inconsistent
     */
    Object[] readFirstRowCells(int k, java.util.List<Column> columns) throws IOException {
        StreamScan.BatchIndex index = scan.batches();
        RecordBatch batch = recordBatchHeader(k);
        try {
            return firstRowCells(k, batch, columns, index);
        } catch (RuntimeException e) {
            // flatbuffers reads its fields lazily: a damaged table fails here, not when it is opened
            throw corrupt(k, "its metadata is damaged (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private Object[] firstRowCells(int k, RecordBatch batch, java.util.List<Column> columns,
                                   StreamScan.BatchIndex index) throws IOException {
        if (batch.compression() != null) {
            throw corrupt(k, "its body is compressed; landscape4j writes uncompressed streams", null);
        }
        if (batch.length() != 1) { // more would be rows that rowCount() does not count and scalars(k) skips
            throw corrupt(k, "it holds " + batch.length() + " rows; a vector table holds one per batch", null);
        }
        Object[] cells = new Object[columns.size()];
        for (int c = 0; c < cells.length; c++) {
            Column column = columns.get(c);
            int field = flatFieldIndex(column.name());
            if (field < 0 || batch.nodesLength() <= field || batch.buffersLength() <= 2 * field + 1) {
                throw corrupt(k, "its metadata lacks the buffers of column " + column.name(), null);
            }
            FieldNode node = batch.nodes(field);
            Buffer validity = batch.buffers(2 * field);
            Buffer data = batch.buffers(2 * field + 1);
            boolean valid = node.nullCount() == 0 || validity.length() == 0
                    || (readBytes(k, validity.offset(), 1, index)[0] & 1) != 0;
            if (!valid) {
                cells[c] = null;
                continue;
            }
            int width = switch (column.type()) {
                case INT32 -> 4;
                case INT64, FLOAT64 -> 8;
                case BOOL -> 1;
            };
            if (data.length() < width) {
                throw corrupt(k, "column " + column.name() + "'s data buffer holds " + data.length() + " bytes", null);
            }
            ByteBuffer bytes = ByteBuffer.wrap(readBytes(k, data.offset(), width, index)).order(ByteOrder.LITTLE_ENDIAN);
            cells[c] = switch (column.type()) {
                case INT32 -> bytes.getInt(0);
                case INT64 -> bytes.getLong(0);
                case FLOAT64 -> bytes.getDouble(0);
                case BOOL -> (bytes.get(0) & 1) != 0;
            };
        }
        return cells;
    }

    /**
     * @return the number of rows of all complete record batches, from their metadata alone (no body is read)
     * @throws RunFormatException if a batch's metadata cannot be decoded or declares a negative row count
     */
    long rowCount() throws IOException {
        long rows = 0;
        for (int k = 0; k < scan.recordBatches(); k++) {
            long length;
            try {
                length = recordBatchHeader(k).length();
            } catch (RuntimeException e) {                 // read lazily: damage shows here
                throw corrupt(k, "its metadata is damaged (" + e.getClass().getSimpleName() + ")", e);
            }
            if (length < 0) {
                throw corrupt(k, "it declares " + length + " rows", null);
            }
            rows += length;
        }
        return rows;
    }

    /** @return the record-batch header of batch k's metadata, read without its body */
    RecordBatch recordBatchHeader(int k) throws IOException {
        StreamScan.BatchIndex index = scan.batches();
        ByteBuffer metadata = ByteBuffer.allocate(index.metadataLength(k)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, metadata, index.offset(k) + 8);
        metadata.flip();
        try {
            Message message = Message.getRootAsMessage(metadata);
            RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
            if (batch == null) {
                throw new IllegalArgumentException("no record batch header");
            }
            return batch;
        } catch (RuntimeException e) {
            throw corrupt(k, "its metadata cannot be decoded (" + SafeText.escapeControls(e.getMessage()) + ")", e);
        }
    }

    /** @return the position of a flat fixed-width field among the file's fields, if all before it are flat too */
    private int flatFieldIndex(String name) {
        java.util.List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            ArrowType type = field.getType();
            boolean flat = field.getChildren().isEmpty() && (type instanceof ArrowType.Int
                    || type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Bool);
            if (!flat) {
                return -1;
            }
            if (field.getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private byte[] readBytes(int k, long offsetInBody, int length, StreamScan.BatchIndex index) throws IOException {
        if (offsetInBody < 0 || offsetInBody + length > index.bodyLength(k)) {
            throw corrupt(k, "a buffer at body offset " + offsetInBody + " lies outside its " + index.bodyLength(k)
                    + "-byte body", null);
        }
        ByteBuffer bytes = ByteBuffer.allocate(length);
        readFully(channel, bytes, index.bodyOffset(k) + offsetInBody);
        return bytes.array();
    }

    /**
     * @throws RunFormatException if bytes [offsetInBody, offsetInBody + length) are not all inside batch k's body
     */
    void checkInBody(int k, long offsetInBody, long length) throws RunFormatException {
        long body = scan.batches().bodyLength(k);
        if (offsetInBody < 0 || length < 0 || offsetInBody > body - length) {
            throw corrupt(k, "a buffer at body offset " + offsetInBody + " of " + length + " bytes lies outside its "
                    + body + "-byte body", null);
        }
    }

    /**
     * Fills {@code into} (its remaining bytes) from batch k's body at {@code offsetInBody}, with a positional read of
     * those bytes only.
     *
     * @throws RunFormatException if the bytes lie outside the body or the file shrank while they were read
     */
    void readBody(int k, long offsetInBody, ByteBuffer into) throws IOException {
        if (closed) {
            throw new IllegalStateException("the reader of " + file + " is closed");
        }
        checkInBody(k, offsetInBody, into.remaining());
        try {
            readFully(channel, into, scan.batches().bodyOffset(k) + offsetInBody);
        } catch (IOException e) {
            throw corrupt(k, "its body cannot be read (" + SafeText.escapeControls(String.valueOf(e.getMessage()))
                    + ")", e);
        }
    }

    RunFormatException corrupt(int k, String problem, Throwable cause) {
        String text = "is corrupt: record batch " + (k + 1) + " at offset " + scan.batches().offset(k) + ": " + problem;
        return cause == null ? new RunFormatException(file, text) : new RunFormatException(file, text, cause);
    }

    /** @return whether the stream lacks its end-of-stream marker (known from the scan, before reading) */
    boolean truncated() {
        return scan.truncated();
    }

    /** @return what is missing, naming the file, or null if the stream is complete */
    String truncationDetail() {
        return scan.truncationDetail();
    }

    /** @return the offset just past the last complete message (where a continued stream resumes) */
    long completeLength() {
        return scan.completeLength();
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

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file shrank while being read (at offset " + at + ")");
            }
            at += n;
        }
    }

    /** @return a channel reading bytes [start, end) of the file, then reporting its end */
    static ReadableByteChannel window(FileChannel channel, long start, long end) {
        return new ReadableByteChannel() {
            private long position = start;
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int want = (int) Math.min(dst.remaining(), end - position);
                ByteBuffer view = dst.slice();
                view.limit(want);
                int n = channel.read(view, position);
                if (n < 0) {
                    return -1;
                }
                dst.position(dst.position() + n);
                position += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }
}
