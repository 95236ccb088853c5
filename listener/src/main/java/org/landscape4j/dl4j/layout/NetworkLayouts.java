package org.landscape4j.dl4j.layout;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.landscape4j.dl4j.network.Dl4jLayers;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the {@link ParameterLayout} of a {@code MultiLayerNetwork} or {@code ComputationGraph}, through the one
 * network adapter {@link Dl4jNetwork}.
 *
 * <p>Each array of the network's parameter table is a view into the flat parameter vector {@code params()};
 * its offset in θ is read from that view (not assumed from the table's iteration order, which for a
 * convolution lists the bias before the kernel only because that is where DL4J happens to put it), its
 * ordering ('c' or 'f') from the view too. The arrays are returned in θ order and must cover
 * {@code [0, numParams())} contiguously, otherwise the network is not laid out as DL4J documents and an
 * {@link IllegalStateException} says which array is out of place.
 *
 * <p>Names are the parameter-table keys ({@code "0_W"} for a {@code MultiLayerNetwork}, {@code "dense_b"} for
 * a graph vertex named {@code dense}); the layer is the layer's index as text for a {@code MultiLayerNetwork}
 * (the prefix DL4J uses in its keys) and the vertex name for a graph; the layer type is the simple class name
 * of the layer's configuration ({@code "DenseLayer"}, {@code "FrozenLayer"}, ...).
 */
public final class NetworkLayouts {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkLayouts.class);
    /** Layer types whose roles were guessed and already reported, so that the warning appears once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private NetworkLayouts() {
    }

    /**
     * @param network an initialized {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return the layout of its flat parameter vector, in {@code params()} order
     * @throws IllegalArgumentException if the model is of another kind or not initialized
     */
    public static ParameterLayout of(Model network) {
        return of(Dl4jNetwork.of(network));
    }

    /**
     * @param network an initialized network's adapter
     * @return the layout of its flat parameter vector, in {@code params()} order
     * @throws IllegalArgumentException if the network is not initialized
     */
    public static ParameterLayout of(Dl4jNetwork network) {
        network.requireInitialized("reading its layout");
        Layer[] layers = network.layers();
        INDArray params = network.params();
        long total = network.parameterCount();
        Map<String, INDArray> table = network.paramTable();
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer layer = layers[i];
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String layerName = network.layerName(i);
            String layerType = conf.getClass().getSimpleName();
            org.deeplearning4j.nn.conf.layers.Layer unwrapped = Dl4jLayers.unwrap(conf);
            List<String> guessed = new ArrayList<>();
            for (Map.Entry<String, INDArray> entry : layer.paramTable().entrySet()) {
                String key = entry.getKey();
                INDArray view = entry.getValue();
                String name = layerName + "_" + key;
                INDArray tableView = table.get(name);
                if (tableView == null) {
                    throw new IllegalStateException("layer " + layerName + " (" + layerType + ") has parameter "
                            + key + " but the network's parameter table has no " + name + "; keys are "
                            + table.keySet());
                }
                LayerRoles.Rule rule = LayerRoles.known(unwrapped, key);
                if (rule == null) {
                    rule = LayerRoles.guess(key, view.rank());
                    guessed.add(key + "->" + rule.role() + (rule.filterAxis() >= 0 ? "/axis " + rule.filterAxis()
                            : ""));
                }
                long offset = offsetIn(params, tableView, name, placed);
                placed.add(new Placed(new ParameterArray(name, layerName, layerType, offset, view.length(),
                        view.shape(), view.ordering(), rule.role(), rule.filterAxis()), tableView));
            }
            if (!guessed.isEmpty() && WARNED.add(layerType + ":" + String.join(",", guessed))) {
                LOG.warn("layer type {} ({}) is not known to landscape4j; parameter roles guessed from their keys:"
                        + " {}. Filter-wise normalization of its weights may not match its real output units.",
                        layerType, unwrapped.getClass().getName(), guessed);
            }
        }
        placed.sort(Comparator.comparingLong(p -> p.array().offset()));
        List<ParameterArray> arrays = new ArrayList<>(placed.size());
        long expected = 0;
        for (Placed p : placed) {
            ParameterArray array = p.array();
            if (array.offset() != expected) {
                throw new IllegalStateException("parameter " + array.name() + " starts at " + array.offset()
                        + " in params() but the previous array ends at " + expected
                        + ": the network's parameter views do not tile params()");
            }
            requireDenseView(p.view(), array.name());
            arrays.add(array);
            expected = array.end();
        }
        if (expected != total) {
            throw new IllegalStateException("the parameter table covers " + expected + " of the network's "
                    + total + " parameters: some parameters belong to no layer");
        }
        return new ParameterLayout(arrays);
    }

    /** An array with the view it was read from, until the layout is checked. */
    private record Placed(ParameterArray array, INDArray view) {
    }

    /**
     * The offset of a parameter view in the flat vector: the distance between the two arrays' first elements
     * in their shared buffer. If the view does not share params()'s buffer (not seen in DL4J M2.1 after
     * {@code init()}), the arrays read so far are assumed to precede it in table order.
     */
    private static long offsetIn(INDArray params, INDArray view, String name, List<Placed> placedSoFar) {
        if (params != null && view.data() != null && params.data() != null
                && view.data().sameUnderlyingData(params.data())) {
            return view.offset() - params.offset();
        }
        long offset = placedSoFar.stream().mapToLong(p -> p.array().length()).sum();
        LOG.warn("parameter {} is not a view of the network's params(); assuming offset {} from table order",
                name, offset);
        return offset;
    }

    /** The view must be dense in its own ordering, otherwise its slice of θ is not (shape, ordering). */
    private static void requireDenseView(INDArray view, String name) {
        long[] shape = view.shape();
        long[] stride = view.stride();
        long expected = 1;
        if (view.ordering() == 'c') {
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (shape[axis] != 1 && stride[axis] != expected) {
                    throw notDense(name, shape, stride, view.ordering());
                }
                expected *= shape[axis];
            }
        } else {
            for (int axis = 0; axis < shape.length; axis++) {
                if (shape[axis] != 1 && stride[axis] != expected) {
                    throw notDense(name, shape, stride, view.ordering());
                }
                expected *= shape[axis];
            }
        }
    }

    private static IllegalStateException notDense(String name, long[] shape, long[] stride, char ordering) {
        return new IllegalStateException("parameter " + name + " is not a dense '" + ordering + "' view: shape "
                + Arrays.toString(shape) + ", stride " + Arrays.toString(stride));
    }
}
