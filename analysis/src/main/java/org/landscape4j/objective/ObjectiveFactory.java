package org.landscape4j.objective;

import java.util.Map;

/**
 * Makes independent objectives of one model on one data set: one per worker, each with its own model copy and
 * data cursor, so that workers evaluate in parallel without sharing mutable state. All objectives of a factory
 * compute the same function: at the same θ they return bit-identical results.
 */
public interface ObjectiveFactory {

    /** @return a new independent objective; the caller closes it */
    Objective create();

    /**
     * @param precision the precision wanted
     * @return a factory of the same model and data in {@code precision} (this factory if it already computes
     *         in it); the DOUBLE twin of a FLOAT model is what finite-difference Hessian-vector products need
     */
    ObjectiveFactory withPrecision(Precision precision);

    /** @return the precision of the objectives this factory creates */
    Precision precision();

    /**
     * @return text entries describing the model, the data (with the counted number of examples), the batching
     *         and the precision, for the metadata of results
     */
    Map<String, String> provenance();

    /**
     * Called by pool code before it starts {@code workers} threads, each evaluating its own objective: a chance
     * for the framework to check that its runtime is safe with that many concurrent workers (for ND4J the BLAS
     * threading settings). Never throws for a bad setting; it warns. The default does nothing.
     *
     * @param workers the number of worker threads about to start
     */
    default void prepareForWorkers(int workers) {
    }
}
