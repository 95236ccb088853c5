package org.landscape4j.listener;

import org.deeplearning4j.nn.api.Model;

/**
 * Reacts to a curvature alert of the listener's curvature recorder, e.g. by lowering the learning rate:
 *
 * <pre>{@code
 * CurvatureSettings.builder().onAlert((alert, model) -> {
 *     MultiLayerNetwork net = (MultiLayerNetwork) model;
 *     if (alert.kinds().contains(CurvatureAlert.Kind.EDGE_OF_STABILITY)) {
 *         net.setLearningRate(0.5 * alert.row().learningRate());
 *     }
 * }).build();
 * }</pre>
 *
 * <p><b>Thread.</b> Called on the training thread, between two updates: at the first listener callback (gradient,
 * update or epoch end) after the background measurement that raised the alert finished, or at the listener's
 * {@code close()} for an alert still pending then. The network may therefore be changed here: DL4J reads the
 * learning rate from the layers' configuration at every update, so {@code setLearningRate} takes effect from the
 * next update. The alert is about the update {@code alert.row().iteration()}, usually a few updates before the
 * call (how many depends on how long the measurement took). Keep it quick; an exception is logged and ignored.
 * Not called at JVM shutdown.
 */
@FunctionalInterface
public interface CurvatureAlertListener {

    /**
     * @param alert what was flagged, with the measured row
     * @param model the network being trained (the one the listener records)
     */
    void onAlert(CurvatureAlert alert, Model model);
}
