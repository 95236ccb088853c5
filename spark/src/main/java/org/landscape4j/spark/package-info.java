/**
 * Grid evaluation on an Apache Spark cluster: the points of a slice's grid are cut into tasks, each executor builds
 * its objective once per partition from the same serializable description the local workers use
 * ({@link org.landscape4j.objective.ObjectiveSpec}), with the model and the slice's vectors shipped once per executor
 * by broadcast, and the evaluated points come back to the driver, which writes them to the run's {@code results/}
 * exactly as a local slice is written (same table, same provenance plus the Spark master and task count), one record
 * batch per completed task, so that a killed job resumes.
 *
 * <p>Entry points: {@link org.landscape4j.spark.SparkGridEvaluator} (the evaluator),
 * {@link org.landscape4j.spark.GridCluster} (a Spark context started for it, or one given by {@code spark-submit}).
 */
package org.landscape4j.spark;
