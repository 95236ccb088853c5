package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a range [from, from + n) of the P-vector of one row of a vector table straight from the file, without loading
 * the row's record batch: the batch's metadata locates the vector's float32 values in its body, and one positional
 * read fetches the 4n bytes of the range (nothing else of the body is read). A pass that reads every row in column
 * chunks therefore reads every byte of the vectors once.
 *
 * <p><b>Validation.</b> Once per record batch (then remembered), from its metadata alone, this refuses what a full
 * read of the row ({@link VectorTableReader#readInto}) refuses, as a {@link RunFormatException} naming the file, the
 * batch and its offset: a compressed body, a batch of other than one row, metadata lacking the vector's nodes or
 * buffers, a null list, values other than P in number, any null value (the null count; when it is neither 0 nor P,
 * the validity bits of all P values, read once per batch as Arrow's reader would), a data buffer shorter than 4P
 * bytes or lying outside the body. The scalar columns are not read.
 *
 * <p>When a column before the vector has a type whose number of buffers varies (Arrow's view types; never written
 * by landscape4j), the buffers cannot be counted from the schema: {@link #locatable()} is then false and the caller
 * loads the batch instead. Not thread-safe.
 */
final class VectorRangeReader {

    private final StreamInput in;
    private final TableSchema table;
    private final int vectorLength;
    private final int node;          // the list's field node; its values' is node + 1
    private final int buffer;        // the list's validity buffer; the values' validity and data follow
    private final long[] dataOffsets; // per batch: the body offset of value 0, or -1 before validation
    private ByteBuffer scratch;

    VectorRangeReader(StreamInput in, TableSchema table, int vectorLength) {
        this.in = in;
        this.table = table;
        this.vectorLength = vectorLength;
        int nodes = 0;
        int buffers = 0;
        boolean found = false;
        for (Field field : in.schema().getFields()) {
            if (field.getName().equals(table.vectorColumn())) {
                found = true;
                break;
            }
            int counted = countBuffers(field);
            if (counted < 0) {
                nodes = -1;
                break;
            }
            nodes += countNodes(field);
            buffers += counted;
        }
        this.node = found ? nodes : -1;
        this.buffer = found ? buffers : -1;
        this.dataOffsets = new long[in.batchCount()];
        Arrays.fill(dataOffsets, -1);
    }

    /** @return false if the vector's buffers cannot be located from the schema (see the class notes) */
    boolean locatable() {
        return node >= 0;
    }

    /**
     * Reads values [from, from + length) of row k's vector into {@code into[offset, offset + length)}.
     *
     * @throws RunFormatException if the batch is refused (see the class notes) or the file shrank
     */
    void read(int k, int from, float[] into, int offset, int length) throws IOException {
        long at = dataOffset(k);
        if (length == 0) {
            return;
        }
        int bytes = length * Float.BYTES;
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        scratch.clear().limit(bytes);
        in.readBody(k, at + (long) from * Float.BYTES, scratch);
        scratch.flip();
        scratch.asFloatBuffer().get(into, offset, length);
    }

    /** @return the body offset of value 0 of batch k's vector, validating the batch the first time */
    private long dataOffset(int k) throws IOException {
        long known = dataOffsets[k];
        if (known >= 0) {
            return known;
        }
        RecordBatch batch = in.recordBatchHeader(k);
        long at;
        try {
            at = validate(k, batch);
        } catch (RuntimeException e) {
            // flatbuffers reads its fields lazily: a damaged table fails here, not when it is opened
            throw in.corrupt(k, "its metadata is damaged (" + e.getClass().getSimpleName() + ")", e);
        }
        dataOffsets[k] = at;
        return at;
    }

    private long validate(int k, RecordBatch batch) throws IOException {
        String vector = "the " + table.vectorColumn() + " of row " + k;
        if (batch.compression() != null) {
            throw in.corrupt(k, "its body is compressed; landscape4j writes uncompressed streams", null);
        }
        if (batch.length() != 1) {
            throw in.corrupt(k, "it holds " + batch.length() + " rows; " + table.description()
                    + " holds exactly one row per record batch", null);
        }
        if (batch.nodesLength() < node + 2 || batch.buffersLength() < buffer + 3) {
            throw in.corrupt(k, "its metadata lacks the buffers of column " + table.vectorColumn() + " ("
                    + batch.nodesLength() + " field nodes and " + batch.buffersLength() + " buffers)", null);
        }
        FieldNode list = batch.nodes(node);
        if (list.length() != 1) {
            throw in.corrupt(k, "column " + table.vectorColumn() + " holds " + list.length() + " lists in a batch"
                    + " of one row", null);
        }
        if (nulls(k, list, batch.buffers(buffer), 1) > 0) {
            throw in.corrupt(k, vector + " is null; it never is in " + table.description(), null);
        }
        FieldNode values = batch.nodes(node + 1);
        if (values.length() != vectorLength) {
            throw in.corrupt(k, vector + " holds " + values.length() + " values, expected P = " + vectorLength, null);
        }
        long nulls = nulls(k, values, batch.buffers(buffer + 1), vectorLength);
        if (nulls > 0) {
            throw in.corrupt(k, vector + " holds " + nulls + " nulls; every value must be set (its validity bit set)",
                    null);
        }
        Buffer data = batch.buffers(buffer + 2);
        long needed = (long) vectorLength * Float.BYTES;
        if (data.length() < needed) {
            throw in.corrupt(k, "the data buffer of " + vector + " holds " + data.length() + " bytes; " + vectorLength
                    + " float32 values need " + needed, null);
        }
        in.checkInBody(k, data.offset(), needed);
        return data.offset();
    }

    /**
     * @return the nulls among a node's {@code length} values as Arrow's reader counts them: none for a null count of
     *         0, all for a null count equal to the length, else the unset validity bits (read from the body)
     */
    private long nulls(int k, FieldNode node, Buffer validity, int length) throws IOException {
        long declared = node.nullCount();
        if (declared == 0) {
            return 0;
        }
        if (declared < 0 || declared > length) {
            throw in.corrupt(k, "a field node declares " + declared + " nulls among " + length + " values", null);
        }
        if (declared == length) {
            return length;
        }
        int bytes = (length + 7) / 8;
        if (validity.length() < bytes) {
            throw in.corrupt(k, "a validity buffer holds " + validity.length() + " bytes; " + length + " values need "
                    + bytes, null);
        }
        in.checkInBody(k, validity.offset(), bytes);
        ByteBuffer bits = ByteBuffer.allocate(bytes);
        in.readBody(k, validity.offset(), bits);
        long unset = 0;
        for (int i = 0; i < bytes; i++) {
            int b = bits.get(i) & 0xFF;
            if (i == bytes - 1 && length % 8 != 0) {
                b |= 0xFF << (length % 8);       // bits past the last value do not count
            }
            unset += 8 - Integer.bitCount(b & 0xFF);
        }
        return unset;
    }

    private static int countNodes(Field field) {
        int n = 1;
        for (Field child : field.getChildren()) {
            n += countNodes(child);
        }
        return n;
    }

    /** @return the buffers of a field and its children in a record batch, or -1 if their number varies */
    private static int countBuffers(Field field) {
        if (!TypeLayout.getTypeLayout(field.getType()).isFixedBufferCount()) {
            return -1;
        }
        int n = TypeLayout.getTypeBufferCount(field.getType());
        for (Field child : field.getChildren()) {
            int c = countBuffers(child);
            if (c < 0) {
                return -1;
            }
            n += c;
        }
        return n;
    }
}
