package org.landscape4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W3: the listener's cost. The default example is trained from the same seed without and with the listener
 * (snapshot every epoch, metrics every iteration), alternating so that drifts of the machine hit both alike,
 * after one discarded warm-up of each. The ratio is median(with) / median(without); the target is ≤ 1.03.
 */
final class ListenerOverhead {

    private static final Logger log = LoggerFactory.getLogger(ListenerOverhead.class);
    static final double TARGET_RATIO = 1.03;

    private final int repeats;
    private final ModularAddition.Config config;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    ListenerOverhead(int repeats, Integer epochs, PrintStream out) {
        this.repeats = repeats;
        ModularAddition.Config defaults = ModularAddition.Config.defaults();
        this.config = epochs == null ? defaults : defaults.withEpochs(epochs);
        this.out = out;
    }

    void run() throws IOException {
        ModularAddition.Data data = ModularAddition.data(config);
        Path scratch = Files.createTempDirectory("landscape4j-bench-w3");
        try {
            log.info("W3: warm-up");
            train(data, null);
            train(data, scratch.resolve("warmup"));
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                without.add(train(data, null));
                with.add(train(data, scratch.resolve("run-" + r)));
                Map<String, Object> line = base();
                line.put("repeat", r);
                line.put("without_listener_s", without.get(r));
                line.put("with_listener_s", with.get(r));
                line.put("ratio", with.get(r) / without.get(r));
                emit(line);
            }
            double medianWithout = median(without);
            double medianWith = median(with);
            Map<String, Object> summary = base();
            summary.put("summary", true);
            summary.put("repeats", repeats);
            summary.put("without_listener_s", without);
            summary.put("with_listener_s", with);
            summary.put("median_without_s", medianWithout);
            summary.put("median_with_s", medianWith);
            summary.put("ratio", medianWith / medianWithout);
            summary.put("target_ratio", TARGET_RATIO);
            summary.put("within_target", medianWith / medianWithout <= TARGET_RATIO);
            emit(summary);
        } finally {
            deleteRecursively(scratch);
        }
    }

    /** @return the seconds spent in fit (and, with a listener, in closing the run) */
    private double train(ModularAddition.Data data, Path runDir) {
        MultiLayerNetwork net = ModularAddition.network(config);
        DataSetIterator iterator = data.trainIterator(config.batchSize());
        LandscapeListener listener = runDir == null ? null
                : LandscapeListener.builder(runDir).snapshotEveryEpoch().metricsEveryIteration().build();
        long start = System.nanoTime();
        if (listener != null) {
            net.addListeners(listener);
        }
        net.fit(iterator, config.epochs());
        if (listener != null) {
            listener.close();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private Map<String, Object> base() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", "W3");
        line.put("example", "modular-addition");
        line.put("epochs", config.epochs());
        line.put("batch_size", config.batchSize());
        line.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
