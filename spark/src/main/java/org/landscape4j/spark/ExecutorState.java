package org.landscape4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.dl4j.runtime.BlasSettings;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.VectorSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one executor JVM keeps between the tasks of a grid: the objective factory and the slice built from a
 * {@link Shipment}, once per broadcast (the first task of a grid on an executor builds them, the others wait and
 * reuse them), so that a model and its data are loaded once per executor, not once per task or point. Only the two
 * most recent grids are kept; older ones are dropped for the garbage collector to free their off-heap memory.
 *
 * <p>The first use in a JVM logs the BLAS and OpenMP settings the executor's native libraries were loaded with
 * (DESIGN.md speed facts: one BLAS thread per worker), with a warning if they are unsafe for the executor's
 * concurrent tasks.
 */
final class ExecutorState {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorState.class);
    private static final int KEPT = 2;
    private static final Map<Long, Prepared> PREPARED = new LinkedHashMap<>();
    private static String blas;

    private ExecutorState() {
    }

    /** A grid ready to evaluate on this executor. */
    record Prepared(NetworkObjectiveFactory factory, Slice slice) {
    }

    /**
     * @param id       the broadcast's id (one per grid)
     * @param shipment the broadcast's value (read only when this executor has not prepared the grid yet)
     * @return the grid's factory and slice, built at most once per JVM
     */
    static Prepared prepared(long id, java.util.function.Supplier<Shipment> shipment) throws IOException {
        synchronized (PREPARED) {
            Prepared found = PREPARED.get(id);
            if (found != null) {
                return found;
            }
            Prepared built = build(shipment.get());
            PREPARED.put(id, built);
            while (PREPARED.size() > KEPT) {
                PREPARED.remove(PREPARED.keySet().iterator().next());
            }
            return built;
        }
    }

    /** Drops the grid of broadcast {@code id}, if this JVM holds it (the driver's JVM, for local masters). */
    static void release(long id) {
        synchronized (PREPARED) {
            PREPARED.remove(id);
        }
    }

    /** @return the BLAS/OpenMP settings of this JVM, described once and logged at the first call */
    static synchronized String blasSettings(int workerThreads) {
        if (blas == null) {
            Map<String, String> env = System.getenv();
            List<String> parts = new ArrayList<>();
            for (String name : List.of("OPENBLAS_CORETYPE", BlasSettings.OPENBLAS_NUM_THREADS,
                    BlasSettings.OMP_NUM_THREADS, BlasSettings.ND4J_SKIP_BLAS_THREADS)) {
                parts.add(name + "=" + env.getOrDefault(name, "unset"));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            parts.add(cores + " cores");
            parts.add(workerThreads + " task thread(s)");
            blas = String.join(", ", parts);
            LOG.info("landscape4j executor: BLAS settings {}", blas);
            BlasSettings.diagnose(env, cores, workerThreads).ifPresent(problem -> {
                LOG.warn("landscape4j executor: {}", problem);
                blas = blas + " (unsafe: " + problem + ")";
            });
        }
        return blas;
    }

    private static Prepared build(Shipment shipment) throws IOException {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("landscape4j-executor-");
        try {
            Path model = dir.resolve("model.zip");
            Files.write(model, shipment.model());
            DataSpec data = localData(shipment.spec().data(), shipment.data(), dir);
            ObjectiveSpec local = new ObjectiveSpec(new ModelSource.ModelFile(model.toString()), data,
                    shipment.spec().precision());
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(local);
            List<INDArray> vectors = new ArrayList<>();
            for (VectorSource source : shipment.vectors()) {
                vectors.add(source.load());
            }
            Slice slice = shipment.kind().create(vectors).castTo(shipment.spec().precision().toNd4j());
            LOG.info("landscape4j executor: prepared a {} of {} parameters on {} examples in {} ms",
                    shipment.kind().id(), slice.parameterCount(), factory.exampleCount(),
                    (System.nanoTime() - start) / 1_000_000);
            return new Prepared(factory, slice);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * @param data  the spec's data
     * @param bytes the data file's bytes when they were broadcast, else null (the spec's path is read)
     * @param dir   where to write them
     * @return the data to load here: the spec's, or the same batching and subsample on the written copy
     */
    static DataSpec localData(DataSpec data, byte[] bytes, Path dir) throws IOException {
        if (bytes == null) {
            return data;
        }
        Path csv = dir.resolve("data.csv");
        Files.write(csv, bytes);
        return new DataSpec(new DataSource.CsvFile(csv.toString()), data.batchSize(), data.subsample(),
                data.subsampleSeed());
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
