package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The one-class probe-set check behind the curvature recorder's warning. */
class CurvatureProbeClassesTest {

    private static DataSet labelled(double[][] labels) {
        return new DataSet(Nd4j.zeros(labels.length, 2), Nd4j.createFromArray(labels));
    }

    @Test
    void oneClassIsFoundAndAnythingElseIsNot() {
        assertEquals(OptionalLong.of(1), CurvatureRecorder.onlyClass(labelled(new double[][] {{0, 1, 0}, {0, 1, 0}})));
        assertEquals(OptionalLong.empty(), CurvatureRecorder.onlyClass(labelled(new double[][] {{0, 1, 0}, {1, 0, 0}})));
        assertEquals(OptionalLong.empty(), CurvatureRecorder.onlyClass(labelled(new double[][] {{0.5}, {0.5}})),
                "regression targets have no classes");
        assertEquals(OptionalLong.empty(), CurvatureRecorder.onlyClass(labelled(new double[][] {{0, 1}})),
                "one example is not a class imbalance");
    }
}
