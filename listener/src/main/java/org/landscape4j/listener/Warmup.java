package org.landscape4j.listener;

import java.util.List;
import java.util.UUID;
import org.landscape4j.run.ArrowMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off costs of the first recording event paid ahead, on the writer thread, while the program still builds
 * its network and data: loading and initializing the classes the training thread needs at the first event
 * (measured on the default example: the DL4J adapter's class graph about 160 ms, seeding the run id's
 * {@code SecureRandom} about 30 ms) and Arrow's allocator. Class initialization is thread-safe: if training
 * starts first, the training thread waits for the initialization already under way instead of repeating it.
 * Never fails: a class that cannot load here fails where it is used, with its real message.
 */
final class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    private static final List<String> CLASSES = List.of(
            "org.landscape4j.dl4j.network.Dl4jNetwork",
            "org.landscape4j.dl4j.network.MultiLayerAdapter",
            "org.landscape4j.dl4j.network.GraphAdapter",
            "org.landscape4j.dl4j.layout.NetworkLayouts",
            "org.landscape4j.dl4j.layout.LayerRoles",
            "org.landscape4j.run.RunManifest",
            "org.landscape4j.run.ManifestJson",
            "org.landscape4j.run.VectorCopy",
            "org.landscape4j.listener.ArrayNorms",
            "org.landscape4j.listener.TrainingEvent");

    private Warmup() {
    }

    static void run() {
        long start = System.nanoTime();
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("landscape4j: warm-up of {} failed", name, e);
            }
        }
        try {
            UUID.randomUUID();
            ArrowMemory.child(null, "warm-up", 0).close();
        } catch (RuntimeException | LinkageError e) {
            log.debug("landscape4j: warm-up of the run id and Arrow failed", e);
        }
        log.debug("landscape4j: warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
