package org.landscape4j.it;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.ScheduleUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The child JVM of {@link CrashIT}: trains with the listener (a snapshot and a metrics batch per update), printing
 * {@code SNAPSHOTS n} so the parent knows when to kill it; forever, or for {@code args[1]} steps and then it
 * returns from {@code main}. It never closes the listener.
 */
public final class EndlessTrainer {

    private EndlessTrainer() {
    }

    public static void main(String[] args) {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        DataSet data = TinyNetworks.data(16, DataType.FLOAT, 4);
        LandscapeListener listener = LandscapeListener.builder(Path.of(args[0]))
                .snapshotEvery(1, ScheduleUnit.ITERATIONS).metricsEveryIteration().metricsBatchRows(1).build();
        net.addListeners(listener);
        long steps = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        for (long step = 0; step < steps; step++) {
            net.fit(data);
            if (step % 10 == 0) {
                System.out.println("SNAPSHOTS " + listener.snapshotsWritten());
                System.out.flush();
            }
        }
    }
}
