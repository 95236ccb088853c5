package org.landscape4j.dl4j.layout;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.landscape4j.layout.ParameterRole;

import java.util.Map;
import java.util.Set;

/**
 * The role and filter axis of one parameter array, from its layer's configuration class and its key.
 *
 * <p>Known layer classes are matched exactly (not by {@code instanceof}): a subclass may lay its weights out
 * differently (DL4J's {@code Deconvolution2D} extends {@code ConvolutionLayer} but its kernel is
 * {@code [nIn, nOut, kH, kW]}), so it falls to the guess, which warns.
 */
final class LayerRoles {

    /** How one array of a known layer type is read. */
    record Rule(ParameterRole role, int filterAxis) {
    }

    private static final Rule WEIGHT_COLUMNS = new Rule(ParameterRole.WEIGHT, 1);
    private static final Rule WEIGHT_FIRST_AXIS = new Rule(ParameterRole.WEIGHT, 0);
    private static final Rule BIAS = new Rule(ParameterRole.BIAS, -1);
    private static final Rule NORM = new Rule(ParameterRole.NORM, -1);
    private static final Rule STATE = new Rule(ParameterRole.STATE, -1);

    /** Dense-like layers: {@code W} is {@code [nIn, nOut]} ('f'), a column produces one output unit. */
    private static final Map<String, Rule> DENSE_LIKE = Map.of("W", WEIGHT_COLUMNS, "b", BIAS, "g", NORM);
    /** Convolutions: {@code W} is {@code [nOut, nIn, kH, kW]} ('c'), {@code W[o]} produces output channel o. */
    private static final Map<String, Rule> CONVOLUTION = Map.of("W", WEIGHT_FIRST_AXIS, "b", BIAS);
    /**
     * Recurrent layers: input weights {@code W} [nIn, k·nOut] and recurrent weights {@code RW} [nOut, k·nOut]
     * ('f'); a column feeds one gate of one unit (k = 4 for LSTM, 1 for SimpleRnn).
     */
    private static final Map<String, Rule> RECURRENT =
            Map.of("W", WEIGHT_COLUMNS, "RW", WEIGHT_COLUMNS, "b", BIAS, "g", NORM);
    /** Batch normalization: γ and β are trained; the running mean and variance (or log10 std) are state. */
    private static final Map<String, Rule> BATCH_NORM =
            Map.of("gamma", NORM, "beta", NORM, "mean", STATE, "var", STATE, "log10stdev", STATE);

    private static final Map<Class<? extends Layer>, Map<String, Rule>> KNOWN = Map.of(
            DenseLayer.class, DENSE_LIKE,
            OutputLayer.class, DENSE_LIKE,
            RnnOutputLayer.class, DENSE_LIKE,
            EmbeddingLayer.class, DENSE_LIKE,
            EmbeddingSequenceLayer.class, DENSE_LIKE,
            ConvolutionLayer.class, CONVOLUTION,
            Convolution1DLayer.class, CONVOLUTION,
            LSTM.class, RECURRENT,
            SimpleRnn.class, RECURRENT,
            BatchNormalization.class, BATCH_NORM);

    private static final Set<String> NORM_KEYS = Set.of("gamma", "beta", "g");
    private static final Set<String> STATE_KEYS = Set.of("mean", "var", "log10stdev");

    private LayerRoles() {
    }

    /** @return the rule for this key of a known layer type, or null if the type or the key is unknown */
    static Rule known(Layer unwrapped, String key) {
        Map<String, Rule> rules = KNOWN.get(unwrapped.getClass());
        return rules == null ? null : rules.get(key);
    }

    /**
     * The guess for an array of an unknown layer: a key ending in {@code W} is a weight, one ending in
     * {@code b} a bias, batch-norm-like names are normalization parameters or state; anything else is a
     * weight if it has two or more axes, a bias otherwise. A 2-D weight's filters are its columns (the DL4J
     * {@code [nIn, nOut]} convention), a weight of higher rank has its filters on axis 0 (the DL4J
     * {@code [nOut, nIn, ...]} kernel convention), a 1-D weight has none.
     */
    static Rule guess(String key, int rank) {
        if (STATE_KEYS.contains(key)) {
            return STATE;
        }
        if (NORM_KEYS.contains(key)) {
            return NORM;
        }
        boolean weight = key.endsWith("W") || (!key.endsWith("b") && rank >= 2);
        if (!weight) {
            return BIAS;
        }
        int axis = rank == 2 ? 1 : rank > 2 ? 0 : -1;
        return new Rule(ParameterRole.WEIGHT, axis);
    }
}
