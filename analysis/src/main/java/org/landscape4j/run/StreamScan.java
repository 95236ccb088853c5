package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.Message;

/**
 * Walks the message framing of an Arrow IPC stream without decoding bodies, to find where the last complete
 * message ends and whether the stream was closed with its end-of-stream marker.
 *
 * <p>A stream is a sequence of messages, each {@code 0xFFFFFFFF}, an int32 metadata length m, m bytes of
 * flatbuffer metadata (which holds the body length b) and b body bytes; the end-of-stream marker is
 * {@code 0xFFFFFFFF 0x00000000} (or the pre-1.0 {@code 0x00000000}). A file cut at any byte is a prefix of
 * such a sequence: everything up to the last complete message is intact. Arrow's own reader cannot say
 * whether a stream ended cleanly, and fails deep inside when a message is cut; reading only complete
 * messages (by their offsets, {@link BatchIndex}) avoids both.
 */
final class StreamScan {

    /** The int32 that starts every message of the current (post-0.15) IPC format. */
    static final int CONTINUATION = 0xFFFFFFFF;

    /** Metadata above this size cannot come from a run file (its metadata is a few hundred bytes). */
    static final int MAX_METADATA_BYTES = 1 << 24;

    /**
     * The outcome of a scan.
     *
     * @param size             the file's size in bytes when scanned
     * @param completeLength   the offset just past the last complete message (0 if none)
     * @param hasSchema        whether the first message, the schema, is complete
     * @param recordBatches    the number of complete record-batch messages
     * @param endMarker        whether the end-of-stream marker follows the last complete message
     * @param trailingBytes    bytes after the end-of-stream marker (ignored, but reported as truncation)
     * @param truncationDetail null if the stream is complete, else what is missing (or what follows its marker),
     *                         naming the file
     * @param maxBodyLength    the largest body of a complete message, in bytes
     * @param batches          where each complete record batch lies, in file order
     * @param damage           for a stream without its marker, what a damaged length field would explain (the
     *                         message that runs past the end, and whether the file ends in an end-of-stream
     *                         marker), for readers that know the writer closed the stream; null otherwise
     */
    record Result(long size, long completeLength, boolean hasSchema, int recordBatches, boolean endMarker,
                  long trailingBytes, String truncationDetail, long maxBodyLength, BatchIndex batches,
                  String damage) {

        boolean truncated() {
            return truncationDetail != null;
        }
    }

    /**
     * Where the complete record batches of a stream lie: for batch k, the offset of its message, the length of
     * its metadata (the body follows at {@code offset + 8 + metadataLength}) and of its body.
     */
    static final class BatchIndex {
        private long[] offsets = new long[16];
        private int[] metadataLengths = new int[16];
        private long[] bodyLengths = new long[16];
        private int count;

        void add(long offset, int metadataLength, long bodyLength) {
            if (count == offsets.length) {
                int grown = count * 2;
                offsets = java.util.Arrays.copyOf(offsets, grown);
                metadataLengths = java.util.Arrays.copyOf(metadataLengths, grown);
                bodyLengths = java.util.Arrays.copyOf(bodyLengths, grown);
            }
            offsets[count] = offset;
            metadataLengths[count] = metadataLength;
            bodyLengths[count] = bodyLength;
            count++;
        }

        int count() {
            return count;
        }

        long offset(int k) {
            return offsets[check(k)];
        }

        int metadataLength(int k) {
            return metadataLengths[check(k)];
        }

        long bodyOffset(int k) {
            return offsets[check(k)] + 8L + metadataLengths[k];
        }

        long bodyLength(int k) {
            return bodyLengths[check(k)];
        }

        private int check(int k) {
            if (k < 0 || k >= count) {
                throw new IndexOutOfBoundsException("record batch " + k + " of " + count);
            }
            return k;
        }
    }

    private StreamScan() {
    }

    /**
     * @param file    the file, for messages
     * @param channel the file's channel; only positional reads are used
     * @return what the framing says
     * @throws RunFormatException if the bytes are not an Arrow IPC stream
     * @throws IOException        if reading fails
     */
    static Result scan(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        long pos = 0;
        int messages = 0;
        long maxBody = 0;
        BatchIndex index = new BatchIndex();
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
            long remaining = size - pos;
            if (remaining == 0) {
                return end(channel, file, size, pos, messages, index, maxBody, false, 0, null);
            }
            prefix.clear().limit((int) Math.min(8, remaining));
            StreamInput.readFully(channel, prefix, pos);
            if (remaining >= 4 && prefix.getInt(0) == 0 && messages > 0) {
                return end(channel, file, size, pos, messages, index, maxBody, true, remaining - 4, null);
            }
            if (!isContinuationPrefix(prefix, (int) Math.min(4, remaining))) {
                byte[] start = new byte[prefix.limit()];
                prefix.get(0, start);
                throw new RunFormatException(file, (messages == 0
                        ? "is not an Arrow IPC stream (it starts with " + SafeText.hex(start, start.length)
                        + ", not the continuation marker FF FF FF FF)"
                        : "is corrupt: the bytes at offset " + pos + " after " + messages
                        + " messages do not start an Arrow IPC message")
                        + "; if it was copied or edited, restore the original");
            }
            if (remaining < 8) {
                return end(channel, file, size, pos, messages, index, maxBody, false, 0, "a message prefix");
            }
            int metadataLength = prefix.getInt(4);
            if (metadataLength == 0) {
                if (messages == 0) {
                    return end(channel, file, size, pos, messages, index, maxBody, false, 0,
                            "the schema (the stream is empty)");
                }
                return end(channel, file, size, pos, messages, index, maxBody, true, remaining - 8, null);
            }
            if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
                throw new RunFormatException(file, "is corrupt: message " + (messages + 1) + " at offset " + pos
                        + " declares " + metadataLength + " bytes of metadata (expected 1 to " + MAX_METADATA_BYTES
                        + "); if it was copied or edited, restore the original");
            }
            if (remaining < 8L + metadataLength) {
                return end(channel, file, size, pos, messages, index, maxBody, false, 0,
                        "the metadata of message " + (messages + 1));
            }
            ByteBuffer metadata = ByteBuffer.allocate(metadataLength).order(ByteOrder.LITTLE_ENDIAN);
            StreamInput.readFully(channel, metadata, pos + 8);
            metadata.flip();
            long bodyLength;
            byte headerType;
            try {
                Message message = Message.getRootAsMessage(metadata);
                headerType = message.headerType();
                bodyLength = message.bodyLength();
                short version = message.version();
                if (version != MetadataVersion.V4 && version != MetadataVersion.V5) {
                    throw new IllegalArgumentException("metadata version " + version + " is not V4 or V5");
                }
            } catch (RuntimeException e) {
                throw new RunFormatException(file, "is corrupt: the metadata of message " + (messages + 1)
                        + " at offset " + pos + " cannot be decoded (" + SafeText.escapeControls(e.getMessage())
                        + ")", e);
            }
            if (messages == 0 && headerType != MessageHeader.Schema) {
                throw new RunFormatException(file, "is not a valid Arrow IPC stream: its first message is a "
                        + headerName(headerType) + ", not the schema");
            }
            if (messages > 0 && headerType != MessageHeader.RecordBatch && headerType != MessageHeader.DictionaryBatch) {
                throw new RunFormatException(file, "is corrupt: message " + (messages + 1) + " at offset " + pos
                        + " is a " + headerName(headerType) + "; after the schema only record batches may follow");
            }
            if (bodyLength < 0) {
                throw new RunFormatException(file, "is corrupt: message " + (messages + 1) + " at offset " + pos
                        + " declares a negative body length " + bodyLength);
            }
            if (remaining < 8L + metadataLength + bodyLength) {
                return end(channel, file, size, pos, messages, index, maxBody, false, 0,
                        "the body of message " + (messages + 1));
            }
            if (headerType == MessageHeader.RecordBatch) {
                index.add(pos, metadataLength, bodyLength);
            }
            pos += 8L + metadataLength + bodyLength;
            maxBody = Math.max(maxBody, bodyLength);
            messages++;
        }
    }

    private static Result end(FileChannel channel, Path file, long size, long completeLength, int messages,
                              BatchIndex index, long maxBody, boolean endMarker, long trailing, String incomplete)
            throws IOException {
        int batches = index.count();
        String detail = null;
        String damage = null;
        if (endMarker && trailing > 0) {
            // A writer never writes past its marker: an early "marker" read where a damaged length field pointed,
            // or bytes appended. The batches before it are read, but never as if the stream were whole.
            detail = SafeText.escapeControls(file.toString()) + ": has " + trailing + " bytes after an end-of-stream marker at offset " + completeLength
                    + "; they were ignored and the " + batches + " complete record batches before it were read (a"
                    + " length field before it may be damaged, or bytes were appended)";
            damage = "an end-of-stream marker at offset " + completeLength + " is followed by " + trailing
                    + " bytes: a length field before it is damaged, or bytes were appended";
        }
        if (!endMarker) {
            StringBuilder text = new StringBuilder().append(SafeText.escapeControls(file.toString())).append(": ");
            if (size == 0) {
                text.append("is empty: the writer stopped before writing the schema");
            } else if (messages == 0) {
                text.append("ends inside ").append(incomplete).append(" after ").append(size)
                        .append(" bytes: the writer stopped before the schema was complete");
            } else {
                text.append("ends without the end-of-stream marker after ").append(batches)
                        .append(" complete record batch").append(batches == 1 ? "" : "es");
                if (incomplete != null) {
                    text.append("; ").append(size - completeLength).append(" bytes of ").append(incomplete)
                            .append(" at offset ").append(completeLength).append(" are incomplete and were ignored");
                }
                text.append(": the writer was not closed (killed, or still running); the complete batches were read");
            }
            detail = text.toString();
            damage = incomplete == null
                    ? "it ends after " + batches + " complete record batches at offset " + completeLength
                    + " without the end-of-stream marker"
                    : incomplete + " at offset " + completeLength + " runs past the end of the file (" + size
                    + " bytes): its length field is damaged";
            if (incomplete != null && endsWithEndMarker(channel, size)) {
                damage += ", and the file's last 8 bytes are an end-of-stream marker, so the writer did finish it";
            }
        }
        return new Result(size, completeLength, messages > 0, batches, endMarker, trailing, detail, maxBody, index,
                damage);
    }

    private static boolean endsWithEndMarker(FileChannel channel, long size) throws IOException {
        if (size < 8) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        StreamInput.readFully(channel, last, size - 8);
        return last.getInt(0) == CONTINUATION && last.getInt(4) == 0;
    }

    private static boolean isContinuationPrefix(ByteBuffer prefix, int length) {
        for (int i = 0; i < length; i++) {
            if (prefix.get(i) != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static String headerName(byte type) {
        return type >= 0 && type < MessageHeader.names.length ? MessageHeader.name(type) : "message of type " + type;
    }
}
