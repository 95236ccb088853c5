package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reading one Arrow IPC stream of a run, batch by batch, with the rules of the format: the schema must be the
 * expected one (else {@link RunFormatException}); a stream that ends early (no end-of-stream marker, or a torn
 * last message) is <em>truncated</em>, which is reported, not thrown.
 */
final class ArrowStreamFile implements AutoCloseable {

    static {
        ArrowRuntime.configure();
    }

    /** The IPC stream's end-of-stream marker: continuation 0xFFFFFFFF, then a zero length. */
    private static final byte[] END_OF_STREAM = {-1, -1, -1, -1, 0, 0, 0, 0};

    private final Path file;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final ArrowStreamReader reader;
    private final VectorSchemaRoot root;
    private final boolean endsWithMarker;
    private long batches;
    private String truncation;
    private boolean finished;

    private ArrowStreamFile(Path file, BufferAllocator allocator, FileChannel channel, ArrowStreamReader reader,
                            VectorSchemaRoot root, boolean endsWithMarker, String truncation) {
        this.file = file;
        this.allocator = allocator;
        this.channel = channel;
        this.reader = reader;
        this.root = root;
        this.endsWithMarker = endsWithMarker;
        this.truncation = truncation;
        this.finished = truncation != null;
    }

    /**
     * Opens the stream and checks its schema with {@code schemaCheck}, which returns a problem or null.
     *
     * @param parent the allocator to take a child from (its limit caps what reading may hold), or null to own a
     *               root allocator
     *
     * @throws RunFormatException for a missing, foreign or corrupt file or an unexpected schema
     */
    static ArrowStreamFile open(Path file, String what, java.util.function.Function<Schema, String> schemaCheck,
                                BufferAllocator parent) throws RunFormatException {
        if (!Files.isRegularFile(file)) {
            throw new RunFormatException(file, Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        BufferAllocator allocator = parent == null ? new RootAllocator()
                : parent.newChildAllocator(what + "-reader", 0, parent.getLimit());
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            byte[] head = new byte[(int) Math.min(4, size)];
            channel.read(ByteBuffer.wrap(head), 0);
            for (byte b : head) {
                if (b != -1) {
                    throw new RunFormatException(file, "is not an Arrow IPC stream (it does not start with the "
                            + "stream's continuation marker); expected the " + what + " stream of a landscape4j run");
                }
            }
            boolean endsWithMarker = endsWithMarker(channel, size);
            if (size < 8) {
                channel.close();
                return new ArrowStreamFile(file, allocator, null, null, null, false,
                        file + ": truncated: the writer stopped before the schema was complete (" + size + " bytes)");
            }
            ArrowStreamReader reader = new ArrowStreamReader(channel, allocator);
            VectorSchemaRoot root;
            try {
                root = reader.getVectorSchemaRoot();
            } catch (IOException | RuntimeException e) {
                reader.close();
                if (!endsWithMarker) {
                    return new ArrowStreamFile(file, allocator, null, null, null, false,
                            file + ": truncated: the schema message is incomplete (" + size + " bytes)");
                }
                throw new RunFormatException(file, "has an unreadable Arrow schema: " + e.getMessage(), e);
            }
            String problem = schemaCheck.apply(root.getSchema());
            if (problem != null) {
                reader.close();
                throw new RunFormatException(file, problem + "; is this the " + what + " stream of a landscape4j "
                        + "run? Its schema is " + describe(root.getSchema()));
            }
            return new ArrowStreamFile(file, allocator, channel, reader, root, endsWithMarker, null);
        } catch (RunFormatException e) {
            closeQuietly(channel);
            allocator.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            allocator.close();
            throw new RunFormatException(file, "cannot be read as an Arrow stream: " + e, e);
        }
    }

    private static boolean endsWithMarker(FileChannel channel, long size) throws IOException {
        if (size < END_OF_STREAM.length) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate(END_OF_STREAM.length);
        channel.read(tail, size - END_OF_STREAM.length);
        return java.util.Arrays.equals(tail.array(), END_OF_STREAM);
    }

    /**
     * Loads the next record batch into {@link #root()}.
     *
     * @return false at the end of the stream, or at a torn tail (then {@link #truncation()} says so)
     */
    boolean next() {
        if (finished) {
            return false;
        }
        try {
            if (reader.loadNextBatch()) {
                batches++;
                return true;
            }
            finished = true;
            if (!endsWithMarker) {
                truncation = file + ": truncated after " + batches + " complete record batches: no end-of-stream "
                        + "marker (the writer did not close: killed, or still writing)";
            }
        } catch (IOException | RuntimeException e) {
            finished = true;
            truncation = file + ": truncated after " + batches + " complete record batches: the next one is "
                    + "incomplete or damaged (" + e.getMessage() + ")";
        }
        return false;
    }

    VectorSchemaRoot root() {
        return root;
    }

    /** @return null, or why the stream ended early */
    String truncation() {
        return truncation;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void close() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException | RuntimeException e) {
            // the channel is ours and closed below; nothing else to release
        }
        closeQuietly(channel);
        allocator.close();
    }

    /** @return a problem if {@code schema}'s columns are not exactly {@code expected}, in order; else null */
    static String checkFields(Schema schema, List<Field> expected) {
        List<Field> actual = schema.getFields();
        for (int i = 0; i < expected.size(); i++) {
            Field want = expected.get(i);
            if (i >= actual.size()) {
                return "column " + want.getName() + " is missing";
            }
            Field have = actual.get(i);
            if (!have.getName().equals(want.getName())) {
                return "column " + i + " is " + have.getName() + ", expected " + want.getName();
            }
            if (!have.getType().equals(want.getType()) || !childrenMatch(have, want)) {
                return "column " + want.getName() + " has type " + describe(have) + ", expected " + describe(want);
            }
        }
        return null;
    }

    private static boolean childrenMatch(Field have, Field want) {
        if (have.getChildren().size() != want.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < want.getChildren().size(); i++) {
            if (!have.getChildren().get(i).getType().equals(want.getChildren().get(i).getType())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Field field) {
        return field.getChildren().isEmpty() ? field.getType().toString()
                : field.getType() + "<" + field.getChildren().get(0).getType() + ">";
    }

    private static String describe(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName() + ": " + describe(f)).toList().toString();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // read-only channel: nothing was lost
        }
    }
}
