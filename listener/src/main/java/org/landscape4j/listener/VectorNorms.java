package org.landscape4j.listener;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ‖v‖₂ on the training thread, cheaply. ND4J's {@code norm2Number()} costs about 45 µs on a 25k-float vector,
 * almost all of it per-op overhead, and sums in the vector's precision; BLAS {@code snrm2}/{@code dnrm2} costs
 * about 4 µs and scales its sum to avoid overflow (measured on this project's W3 network; see the bench). The
 * listener takes two norms per recorded iteration, so this is most of its per-iteration cost.
 */
final class VectorNorms {

    private VectorNorms() {
    }

    /** @return the Euclidean norm of {@code v} */
    static double l2(INDArray v) {
        DataType type = v.dataType();
        if ((type == DataType.FLOAT || type == DataType.DOUBLE) && v.isVector() && v.length() > 0) {
            return Nd4j.getBlasWrapper().nrm2(v);
        }
        return v.norm2Number().doubleValue();
    }
}
