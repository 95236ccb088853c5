package org.landscape4j.it;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.run.ArrowJsCheck;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsReader;
import org.landscape4j.run.Snapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A run recorded by the listener during real training is read by Apache Arrow JS under Node, and every value
 * (each parameter float, each metric, nulls and NaNs) must equal what the Java readers return; those in turn
 * are checked against the network itself in {@link ListenerRecordingIT}.
 */
class ArrowJsReadsListenerRunIT {

    @TempDir
    Path tmp;

    @Test
    void arrowJsReadsTheListenersRunValueForValue() throws Exception {
        ArrowJsCheck.assumeEnabled();
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 21);
        DataSet data = TinyNetworks.data(10, DataType.FLOAT, 8);
        Path run = tmp.resolve("run");
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch()
                .metricsEveryIteration().metricsBatchRows(4).build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 4), 3);
        }
        List<MetricRow> rows = MetricsReader.read(run.resolve("metrics.arrows")).rows();
        List<Snapshot> snapshots = ListenerRecordingIT.readSnapshots(run);
        ArrowJsCheck.assertAgrees(run, ArrowJsCheck.expected(rows, snapshots, TinyNetworks.PARAMS), tmp);
    }
}
