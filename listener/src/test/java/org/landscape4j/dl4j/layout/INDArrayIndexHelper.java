package org.landscape4j.dl4j.layout;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Test helper: the sub-array at one index of one axis (a filter of a weight array, a unit of activations). */
final class INDArrayIndexHelper {

    private INDArrayIndexHelper() {
    }

    static INDArray filterOf(INDArray array, int axis, long index) {
        INDArrayIndex[] indices = new INDArrayIndex[array.rank()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i == axis ? NDArrayIndex.point(index) : NDArrayIndex.all();
        }
        return array.get(indices);
    }
}
