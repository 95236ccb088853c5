package org.landscape4j.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.objective.ModelSources;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.VectorSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link Shipment} of a grid on the driver, checking before any grid task runs what would otherwise fail
 * on every executor: that the model loads and has as many parameters as the slice's vectors, that the data file can
 * be read (by the driver when it is broadcast, by every executor when they read it themselves: a small check job, one
 * task per task slot, that evaluates nothing).
 */
final class Shipments {

    private static final Logger LOG = LoggerFactory.getLogger(Shipments.class);

    private Shipments() {
    }

    static Shipment make(JavaSparkContext context, ObjectiveSpec spec, Slice slice, GridSpec grid, PointWork<?> work,
                         DataShipping shipping, long broadcastLimit, int workerThreads) throws IOException {
        byte[] model = modelBytes(spec.model(), slice.parameterCount());
        byte[] data = dataBytes(context, spec, shipping, broadcastLimit);
        List<VectorSource> vectors = new ArrayList<>();
        for (INDArray vector : slice.vectors()) {
            vectors.add(VectorSource.inline(vector));
        }
        return new Shipment(spec, model, data, slice.kind(), vectors, grid, work, workerThreads);
    }

    /**
     * Decides how a CSV data file reaches the executors and checks that they will have it, before any grid task.
     *
     * @return the file's bytes to broadcast, or null when the executors read the spec's path themselves (checked
     *         readable by each) or the data is in memory (inside the spec)
     * @throws NoSuchFileException if a file to broadcast does not exist on the driver, or (local masters) cannot be
     *                             read here
     * @throws SparkGridException  if an executor of a cluster cannot read the path
     */
    static byte[] dataBytes(JavaSparkContext context, ObjectiveSpec spec, DataShipping shipping, long broadcastLimit)
            throws IOException {
        if (!(spec.data().source() instanceof DataSource.CsvFile csv)) {
            return null;
        }
        Path file = Path.of(csv.path());
        boolean broadcast = switch (shipping) {
            case BROADCAST -> true;
            case PATH -> false;
            case AUTO -> Files.isRegularFile(file) && Files.size(file) <= broadcastLimit;
        };
        if (!broadcast) {
            checkExecutorsRead(context, csv.path());
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(csv.path(), null, "the data file to broadcast to the executors"
                    + " does not exist on the driver");
        }
        byte[] data = Files.readAllBytes(file);
        LOG.info("landscape4j: broadcasting the data {} ({} bytes) to the executors", csv.path(), data.length);
        return data;
    }

    /**
     * @return the model as a ModelSerializer zip: a model file's own bytes, or a run snapshot's network serialized
     * @throws IllegalArgumentException if its parameter count is not the slice's
     */
    static byte[] modelBytes(ModelSource source, long sliceParameters) throws IOException {
        try (Dl4jNetwork network = ModelSources.load(source)) {
            if (network.parameterCount() != sliceParameters) {
                throw new IllegalArgumentException("the model (" + source.describe() + ") has "
                        + network.parameterCount() + " parameters but the slice's vectors have " + sliceParameters
                        + ": the directions were made for another model; slice the model they were made for, or"
                        + " make new directions");
            }
            if (source instanceof ModelSource.ModelFile file) {
                return Files.readAllBytes(Path.of(file.path()));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network.model(), bytes, false);
            return bytes.toByteArray();
        }
    }

    /**
     * Checks that the executors can read {@code path}: on the driver for a local master (its tasks run here), else
     * in a check job with one tiny task per task slot.
     *
     * @throws SparkGridException naming the executors that cannot read it
     */
    static void checkExecutorsRead(JavaSparkContext context, String path) throws IOException {
        checkExecutorsRead(context, path, false);
    }

    /** As {@link #checkExecutorsRead(JavaSparkContext, String)}; {@code job} runs the check job for any master. */
    static void checkExecutorsRead(JavaSparkContext context, String path, boolean job) throws IOException {
        if (!job && new SparkMaster(context.sc().master()).isLocal()) {
            String problem = ReadCheck.problem(path);
            if (problem != null) {
                throw new NoSuchFileException(path, null, problem + " (the executors of " + context.sc().master()
                        + " run on this machine)");
            }
            return;
        }
        int slots = Math.max(1, context.defaultParallelism());
        List<Integer> seeds = new ArrayList<>();
        for (int k = 0; k < slots; k++) {
            seeds.add(k);
        }
        context.setJobDescription("landscape4j: can the executors read " + path + "?");
        List<String> problems = context.parallelize(seeds, slots).map(new ReadCheck(path))
                .filter(problem -> !problem.isEmpty()).distinct().collect();
        context.setJobDescription(null);
        if (!problems.isEmpty()) {
            throw new SparkGridException("the data file " + path + " cannot be read by every executor: "
                    + String.join("; ", problems) + ". Put it on a file system every executor mounts at the same"
                    + " path, or broadcast it (--spark-data broadcast)");
        }
    }
}
