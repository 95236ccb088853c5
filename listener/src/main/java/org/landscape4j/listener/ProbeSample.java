package org.landscape4j.listener;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The default probe set of the curvature recorder: the first {@code size} examples of the minibatches training
 * sees, copied in {@code onGradientCalculation} (where a MultiLayerNetwork holds its minibatch's features and
 * labels), until {@code size} examples are held or the sample is taken. A ComputationGraph does not expose its
 * labels, and masked (time-series) minibatches are not sampled: both need a probe set given by the user.
 */
final class ProbeSample {

    private final int size;
    private final List<DataSet> batches = new ArrayList<>();
    private int examples;

    ProbeSample(int size) {
        this.size = size;
    }

    /** @return true while fewer than {@code size} examples are held */
    boolean wantsMore() {
        return examples < size;
    }

    /**
     * Copies (the needed part of) the minibatch the network is training on.
     *
     * @throws IllegalStateException if the network is not a MultiLayerNetwork, has no minibatch now, or uses masks
     */
    @SuppressWarnings("try") // the workspace scope is used for its effect, not referenced
    void add(Model model) {
        if (!(model instanceof MultiLayerNetwork net)) {
            throw new IllegalStateException("the default probe set samples a MultiLayerNetwork's minibatches; for a "
                    + model.getClass().getSimpleName() + " give one: CurvatureSettings.builder().probe(data)");
        }
        INDArray features = net.getInput();
        INDArray labels = net.getLabels();
        if (features == null || labels == null) {
            throw new IllegalStateException("the network holds no minibatch in onGradientCalculation; give a probe"
                    + " set: CurvatureSettings.builder().probe(data)");
        }
        if (net.getMask() != null) {
            throw new IllegalStateException("the minibatches carry masks, which the default probe sample does not"
                    + " copy; give a probe set: CurvatureSettings.builder().probe(data)");
        }
        long rows = Math.min(features.size(0), size - examples);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            batches.add(new DataSet(first(features, rows), first(labels, rows)));
        }
        examples += (int) rows;
    }

    /** @return a copy of the first {@code rows} examples (along dimension 0) of an array of any rank */
    private static INDArray first(INDArray array, long rows) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = NDArrayIndex.interval(0, rows);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index).dup();
    }

    /** @return the sample as one data set (the copies are merged and released here) */
    DataSet take() {
        if (batches.isEmpty()) {
            throw new IllegalStateException("no minibatch was sampled for the probe set");
        }
        DataSet merged = batches.size() == 1 ? batches.get(0) : DataSet.merge(batches);
        batches.clear();
        return merged;
    }
}
