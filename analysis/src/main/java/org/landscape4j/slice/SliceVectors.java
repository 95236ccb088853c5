package org.landscape4j.slice;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The vectors of a slice, checked once: each a vector BLAS can address (rank 1, or rank 2 with one dimension 1;
 * constant stride), FLOAT or DOUBLE, all of one length P and one type, every value finite. Their fingerprints
 * (SHA-256 of the values, read as doubles) and norms are computed here, once, for the result's provenance: a
 * resumed result must continue the very same slice, and two vectors that differ anywhere differ in fingerprint.
 *
 * <p>The arrays are referenced, not copied: the slice reads them at every point, so they must not change while
 * it is evaluated.
 */
final class SliceVectors {

    /** Values read per chunk when fingerprinting: bounds the temporary copy to 8 MiB whatever P is. */
    static final int CHUNK = 1 << 20;

    private final SliceKind kind;
    private final List<INDArray> arrays;
    private final List<String> fingerprints;
    private final List<Double> norms;
    private final long length;
    private final DataType type;

    private SliceVectors(SliceKind kind, List<INDArray> arrays, List<String> fingerprints, List<Double> norms) {
        this.kind = kind;
        this.arrays = List.copyOf(arrays);
        this.fingerprints = List.copyOf(fingerprints);
        this.norms = List.copyOf(norms);
        this.length = arrays.get(0).length();
        this.type = arrays.get(0).dataType();
    }

    static SliceVectors of(SliceKind kind, List<INDArray> arrays) {
        List<String> names = kind.vectorNames();
        String what = "a " + kind.id().replace('_', ' ') + " slice";
        for (int k = 0; k < arrays.size(); k++) {
            checkVector(arrays.get(k), names.get(k), what);
        }
        INDArray first = arrays.get(0);
        for (int k = 1; k < arrays.size(); k++) {
            INDArray other = arrays.get(k);
            if (other.length() != first.length()) {
                throw new IllegalArgumentException(names.get(k) + " has " + other.length() + " elements but "
                        + names.get(0) + " has " + first.length() + ": every vector of " + what + " must have the"
                        + " same length P, the model's number of parameters");
            }
            if (other.dataType() != first.dataType()) {
                throw new IllegalArgumentException(names.get(k) + " is " + other.dataType() + " but " + names.get(0)
                        + " is " + first.dataType() + ": give every vector of " + what + " in one type (castTo)");
            }
        }
        List<String> fingerprints = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        for (int k = 0; k < arrays.size(); k++) {
            double[] norm = new double[1];
            fingerprints.add(fingerprint(arrays.get(k), names.get(k), what, norm));
            norms.add(norm[0]);
        }
        return new SliceVectors(kind, arrays, fingerprints, norms);
    }

    private static void checkVector(INDArray vector, String name, String what) {
        if (vector == null) {
            throw new IllegalArgumentException(name + " is null: " + what + " needs every one of its vectors");
        }
        if (vector.wasClosed()) {
            throw new IllegalArgumentException(name + " was closed: its memory is released");
        }
        long[] shape = vector.shape();
        boolean isVector = vector.rank() == 1 || (vector.rank() == 2 && (shape[0] == 1 || shape[1] == 1));
        if (!isVector || vector.length() < 1) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + ": " + what
                    + " takes flat parameter vectors of length P ≥ 1 (rank 1, or rank 2 with one dimension 1)");
        }
        if (vector.dataType() != DataType.FLOAT && vector.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " is " + vector.dataType() + ": slice vectors must be FLOAT or"
                    + " DOUBLE");
        }
        if (vector.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " has " + vector.length() + " elements, more than BLAS's "
                    + Integer.MAX_VALUE);
        }
        if (vector.length() > 1 && vector.elementWiseStride() < 1) {
            throw new IllegalArgumentException(name + " (shape " + Arrays.toString(shape) + ", stride "
                    + Arrays.toString(vector.stride()) + ") has no constant element stride: pass a contiguous vector"
                    + " (dup() it once)");
        }
    }

    /**
     * @return the hex SHA-256 of the values as big-endian IEEE-754 doubles (so a FLOAT vector and its exact DOUBLE
     *         cast share it); {@code norm[0]} receives ‖v‖₂, accumulated in double with LAPACK's scaling (no overflow)
     * @throws IllegalArgumentException at the first non-finite value
     */
    private static String fingerprint(INDArray vector, String name, String what, double[] norm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
        INDArray flat = vector.rank() == 1 ? vector : vector.reshape(vector.length());
        long n = flat.length();
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * Double.BYTES);
        double scale = 0;
        double ssq = 1;
        for (long start = 0; start < n; start += CHUNK) {
            long end = Math.min(n, start + CHUNK);
            double[] values = (start == 0 && end == n ? flat : flat.get(NDArrayIndex.interval(start, end)))
                    .toDoubleVector();
            bytes.clear();
            for (int k = 0; k < values.length; k++) {
                double x = values[k];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(name + " holds " + x + " at index " + (start + k) + ": "
                            + what + " needs finite vectors (a diverged model or direction cannot be sliced)");
                }
                if (x != 0) {
                    double a = Math.abs(x);
                    if (scale < a) {
                        ssq = 1 + ssq * (scale / a) * (scale / a);
                        scale = a;
                    } else {
                        ssq += (a / scale) * (a / scale);
                    }
                }
                bytes.putDouble(x);
            }
            digest.update(bytes.array(), 0, values.length * Double.BYTES);
        }
        norm[0] = scale * Math.sqrt(ssq);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return the vectors in {@code target} type (a new array per vector whose type differs), fingerprints kept */
    SliceVectors castTo(DataType target) {
        if (target == type) {
            return this;
        }
        if (target != DataType.FLOAT && target != DataType.DOUBLE) {
            throw new IllegalArgumentException("slices compute in FLOAT or DOUBLE, not " + target);
        }
        List<INDArray> cast = new ArrayList<>();
        for (INDArray array : arrays) {
            cast.add(array.castTo(target));
        }
        return new SliceVectors(kind, cast, fingerprints, norms);
    }

    SliceKind kind() {
        return kind;
    }

    List<INDArray> arrays() {
        return arrays;
    }

    INDArray get(int k) {
        return arrays.get(k);
    }

    long length() {
        return length;
    }

    DataType type() {
        return type;
    }

    /** @return {name: {"sha256": hex, "norm": ‖v‖₂}} in the kind's order */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int k = 0; k < arrays.size(); k++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sha256", fingerprints.get(k));
            entry.put("norm", norms.get(k));
            settings.put(kind.vectorNames().get(k), entry);
        }
        return settings;
    }

    /** @return the fingerprint of vector k (see {@link #fingerprint}) */
    String fingerprint(int k) {
        return fingerprints.get(k);
    }

    /** Checks that {@code out} can receive a point: length P and the vectors' type. */
    void checkBuffer(INDArray out) {
        if (out == null) {
            throw new IllegalArgumentException("the buffer is null: give a vector of length " + length);
        }
        if (out.length() != length) {
            throw new IllegalArgumentException("the buffer has " + out.length() + " elements but the slice's vectors"
                    + " have " + length + ": the model and the slice must have the same number of parameters P");
        }
        if (out.dataType() != type) {
            throw new IllegalArgumentException("the buffer is " + out.dataType() + " but the slice's vectors are "
                    + type + ": cast the slice once (castTo) to the buffer's type");
        }
    }

    /**
     * out ← Σ w<sub>k</sub>·v<sub>k</sub> by one copy, one scal and one axpy per further vector, in place. Where a
     * weight is exactly 1 and the others 0 the result is that vector exactly (0·x = 0 and y + x = x for y = 0).
     */
    void weighted(INDArray out, double... weights) {
        Blas.copy(arrays.get(0), out);
        if (weights[0] != 1.0) {
            Blas.scal(weights[0], out);
        }
        for (int k = 1; k < weights.length; k++) {
            Blas.axpy(weights[k], arrays.get(k), out);
        }
    }
}
