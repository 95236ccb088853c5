/**
 * The DL4J adapter of {@link org.landscape4j.objective.Objective}: {@link NetworkObjective} evaluates a
 * {@code MultiLayerNetwork} or {@code ComputationGraph} at arbitrary flat parameter vectors θ on a fixed data
 * set (in memory or streamed from a resettable iterator), on a private copy of the network so that the user's
 * network, its listeners and its training state are never touched.
 */
package org.landscape4j.dl4j.objective;
