package org.landscape4j.dl4j.objective;

import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The batches an objective passes over, in order, read through the objective's own cursor (an index): the
 * objective counts their examples on every pass and compares with {@link #exampleCount()}.
 */
interface Batches {

    /** @return the number of batches */
    int count();

    /** @return batch {@code index}, 0 ≤ index &lt; {@link #count()}; only read, never modified */
    MultiDataSet get(int index);

    /** @return N, the number of examples established when the data was read */
    long exampleCount();

    /** @return what the data is, for messages and provenance */
    String description();
}
