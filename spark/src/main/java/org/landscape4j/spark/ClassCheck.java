package org.landscape4j.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * A check task: can this executor load the classes a grid task needs (landscape4j's, DL4J's and ND4J's)? Returns
 * its executor id; a missing class fails the task (if this class itself is missing, Spark cannot even deserialize
 * the task).
 */
final class ClassCheck implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    /** Classes the tasks load: one per jar a grid task needs, loaded without initialization (no native code). */
    static final String[] NEEDED = {"org.landscape4j.slice.GridEvaluator",
        "org.landscape4j.dl4j.objective.NetworkObjectiveFactory", "org.deeplearning4j.nn.multilayer.MultiLayerNetwork",
        "org.nd4j.linalg.factory.Nd4j", "org.nd4j.linalg.cpu.nativecpu.CpuBackend"};

    @Override
    public String call(Integer ignored) throws ClassNotFoundException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : NEEDED) {
            Class.forName(name, false, loader == null ? ClassCheck.class.getClassLoader() : loader);
        }
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }
}
