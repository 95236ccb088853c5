package org.landscape4j.examples;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.listener.CurvatureSettings;
import org.landscape4j.listener.TrajectoryPcaSettings;
import org.landscape4j.listener.LandscapeListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default example: modular addition with the listener attached. Writes into the output directory the run
 * (manifest, metrics, per-layer norms, snapshots, curvature along training at the default schedule), the final model {@code model.zip} and the data as {@code train.csv} and
 * {@code eval.csv}, so that later commands can work post hoc. An existing run there is overwritten.
 */
final class ModularAdditionExample implements Example {

    private static final Logger log = LoggerFactory.getLogger(ModularAdditionExample.class);

    /** How many progress lines a run prints. */
    private static final int PROGRESS_LINES = 10;

    @Override
    public String name() {
        return "modular-addition";
    }

    @Override
    public String description() {
        return "(a + b) mod p with an MLP and weight decay (grokking-style), the README demo";
    }

    @Override
    public void run(Path out, Integer epochs, Long seed) throws Exception {
        ModularAddition.Config config = ModularAddition.Config.defaults();
        if (epochs != null) {
            config = config.withEpochs(epochs);
        }
        if (seed != null) {
            config = config.withSeed(seed);
        }
        ModularAddition.Data data = ModularAddition.data(config);
        MultiLayerNetwork net = ModularAddition.network(config);
        log.info("modular addition p={}: {} training pairs, {} evaluation pairs, {} parameters, {} epochs",
                config.modulus(), data.train().numExamples(), data.evaluation().numExamples(), net.numParams(),
                config.epochs());

        DataSetIterator train = data.trainIterator(config.batchSize());
        long start = System.nanoTime();
        try (LandscapeListener listener = LandscapeListener.builder(out)
                .snapshotEveryEpoch()
                .metricsEveryIteration()                    // with per-layer norms (layers.arrows)
                // the default schedule (every 10 updates on 256 training examples, λ every 10th), without the
                // default 5 % time budget, which would leave this 5-second training one or two rows
                .curvature(CurvatureSettings.builder().maxOverhead(1).build())
                .trajectoryPca(TrajectoryPcaSettings.builder().build()) // online PCA: results/ipca.arrows
                .overwriteExisting()
                .seed("data", config.seed())
                .build()) {
            net.addListeners(listener);                       // the one line
            int step = Math.max(1, config.epochs() / PROGRESS_LINES);
            for (int done = 0; done < config.epochs(); ) {
                int now = Math.min(step, config.epochs() - done);
                net.fit(train, now);
                done += now;
                log.info("epoch {}/{}: training score {}, accuracy train {} / eval {} ({} s)", done,
                        config.epochs(), String.format(java.util.Locale.ROOT, "%.4f", net.score()),
                        String.format(java.util.Locale.ROOT, "%.3f", ModularAddition.accuracy(net, data.train())),
                        String.format(java.util.Locale.ROOT, "%.3f", ModularAddition.accuracy(net, data.evaluation())),
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            }
        }
        ModularAddition.writeModel(net, out.resolve("model.zip"));
        ModularAddition.writeCsv(data.train(), out.resolve("train.csv"));
        ModularAddition.writeCsv(data.evaluation(), out.resolve("eval.csv"));
        log.info("wrote the run, model.zip, train.csv and eval.csv to {}", out.toAbsolutePath());
    }
}
