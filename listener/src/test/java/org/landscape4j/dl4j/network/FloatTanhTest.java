package org.landscape4j.dl4j.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FloatTanh} against the double-precision {@link Math#tanh} (the reference; ≤ 7 float ulps over [−10, 10],
 * measured 6.6 near |x| = 5.8 and 4.4 within [−3, 3]),
 * against DL4J's own tanh (|difference| ≤ 1e-6: libnd4j's float tanh is itself only that close to tanh near 0), its
 * derivative, its fallbacks (bit-identical to DL4J's) and its JSON round trip.
 */
class FloatTanhTest {

    private static float[] grid() {
        int n = 400_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -10f + 20f * i / (n - 1);
        }
        return x;
    }

    @Test
    void withinSevenUlpsOfTheDoublePrecisionTanh() {
        float[] x = grid();
        float[] y = x.clone();
        FloatTanh.tanh(y, y.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = Math.tanh(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
        }
        assertTrue(worst <= 7, "max error " + worst + " ulps");
        float[] special = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 1e-4f, 9f, -9f, 1e30f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] t = special.clone();
        FloatTanh.tanh(t, t.length);
        for (int i = 0; i < special.length - 1; i++) {
            double exact = Math.tanh(special[i]);
            assertTrue(Math.abs(t[i] - exact) <= 2 * Math.ulp((float) exact), special[i] + " -> " + t[i]);
        }
        assertTrue(Float.isNaN(t[special.length - 1]), "NaN stays NaN (a divergent point is recorded as NaN)");
        assertEquals(1f, t[9]);
        assertEquals(-1f, t[10]);
    }

    @Test
    void agreesWithDl4jsTanhAndFallsBackBitForBitWhereItDoesNotApply() {
        INDArray x = Nd4j.createFromArray(java.util.Arrays.copyOf(grid(), 400_000)).reshape(1000, 400);
        INDArray ours = new FloatTanh().getActivation(x.dup(), false);
        INDArray theirs = new ActivationTanH().getActivation(x.dup(), false);
        assertTrue(ours.sub(theirs).amaxNumber().doubleValue() <= 1e-6, "max |difference| with libnd4j's tanh");

        INDArray view = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 400));   // every other column
        INDArray viewCopy = view.dup();
        new FloatTanh().getActivation(view, false);
        assertArrayEquals(new ActivationTanH().getActivation(viewCopy, false).ravel().toFloatVector(),
                view.dup().ravel().toFloatVector(), "a strided view goes to libnd4j");

        INDArray doubles = x.castTo(DataType.DOUBLE);
        assertArrayEquals(new ActivationTanH().getActivation(doubles.dup(), false).ravel().toDoubleVector(),
                new FloatTanh().getActivation(doubles.dup(), false).ravel().toDoubleVector(), "DOUBLE goes to libnd4j");

        INDArray row = x.getRow(7);                                                 // a contiguous view at an offset
        float[] values = row.dup().toFloatVector();
        FloatTanh.tanh(values, values.length);
        new FloatTanh().getActivation(row, false);
        assertArrayEquals(values, row.toFloatVector(), "the view's own span, not the buffer's start");
        assertArrayEquals(values, x.getRow(7).toFloatVector(), "written through to the parent");
    }

    @Test
    void theDerivativeIsOneMinusTanhSquaredTimesEpsilon() {
        INDArray z = Nd4j.rand(DataType.FLOAT, 50, 40).subi(0.5).muli(8);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 50, 40);
        INDArray ours = new FloatTanh().backprop(z.dup(), epsilon.dup()).getFirst();
        INDArray theirs = new ActivationTanH().backprop(z.dup(), epsilon.dup()).getFirst();
        assertTrue(ours.sub(theirs).amaxNumber().doubleValue() <= 2e-6, "against DL4J's backprop");
        double[] zs = z.ravel().toDoubleVector();
        double[] es = epsilon.ravel().toDoubleVector();
        float[] os = ours.ravel().toFloatVector();
        for (int i = 0; i < zs.length; i++) {
            double t = Math.tanh(zs[i]);
            assertEquals((1 - t * t) * es[i], os[i], 1e-6);
        }
    }

    @Test
    void aConfigurationHoldingItRoundTripsThroughJson() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(new FloatTanh()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertInstanceOf(FloatTanh.class, ((BaseLayer) back.getConf(0).getLayer()).getActivationFn());
    }
}
