/**
 * Grid evaluation on an Apache Spark cluster: the points of a slice's grid are cut into tasks, each executor builds
 * its objective once per partition from the same serializable description the local workers use
 * ({@link org.landscape4j.objective.ObjectiveSpec}), with the model and the slice's vectors shipped once per executor
 * by broadcast, and the evaluated points come back to the driver, which writes them to the run's {@code results/}
 * exactly as a local evaluation is written (same table, same provenance plus the Spark master and task count), one
 * record batch per completed task, so that a killed job resumes.
 *
 * <p>What a task computes at a point is a {@link org.landscape4j.slice.PointWork} (the loss, or the Hessian's
 * extreme eigenvalues for an |λmin/λmax| map), run by the local workers' own pool
 * ({@link org.landscape4j.slice.GridEvaluator}) with one worker: one seam for the local and the cluster evaluation,
 * so the numbers are the same.
 *
 * <p>Entry points: {@link org.landscape4j.spark.SparkGridEvaluator} (one grid, many tasks),
 * {@link org.landscape4j.spark.SparkSnapshotEvaluator} (the same slice around many snapshots of a run, one task per
 * snapshot), {@link org.landscape4j.spark.GridCluster} (a Spark context started for them, or one given by
 * {@code spark-submit}; for a cluster it checks that the executors can load landscape4j's classes and passes them the
 * driver's BLAS and OpenMP settings).
 */
package org.landscape4j.spark;
