package org.landscape4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.objective.ModelSources;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.run.SafeText;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model named on the command line: a file saved by DL4J's {@code ModelSerializer} ({@code model.zip}), or a
 * recorded run's snapshot written {@code RUN_DIR@K} (K from 0; negative counts from the end; {@code RUN_DIR}
 * alone is its last snapshot).
 */
final class ModelReference {

    private ModelReference() {
    }

    /**
     * @param text the argument
     * @return the model source it names
     * @throws IllegalArgumentException naming the argument and the accepted forms
     */
    static ModelSource parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty model argument: give MODEL.zip, RUN_DIR or RUN_DIR@K");
        }
        int at = text.lastIndexOf('@');
        if (at > 0 && !Files.exists(Path.of(text))) {
            String index = text.substring(at + 1);
            Path run = Path.of(text.substring(0, at));
            try {
                return new ModelSource.RunSnapshot(run.toString(), Integer.parseInt(index));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model " + SafeText.quote(text) + ": " + SafeText.quote(index)
                        + " after '@' is not a snapshot index; give RUN_DIR@K with K an integer (0 the first, -1 the"
                        + " last)", e);
            }
        }
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            return new ModelSource.RunSnapshot(path.toString(), -1);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model " + SafeText.quote(text) + " does not exist: give MODEL.zip, a"
                    + " run directory (its last snapshot) or RUN_DIR@K");
        }
        return new ModelSource.ModelFile(path.toString());
    }

    /**
     * Loads a model's parameters alone (no objective, no data), checked to be of the expected architecture.
     *
     * @param source the model
     * @param name   how the user named it, for messages
     * @param layout the layout the parameters must have (the first model's)
     * @param type   the type to return them in
     * @return a new vector of the model's θ, of length P
     * @throws IllegalArgumentException if the model has another layout
     */
    static INDArray parameters(ModelSource source, String name, ParameterLayout layout, DataType type)
            throws IOException {
        try (Dl4jNetwork network = ModelSources.load(source)) {
            if (!NetworkLayouts.of(network).equals(layout)) {
                throw new IllegalArgumentException("model " + SafeText.quote(name) + " (" + network.parameterCount()
                        + " parameters) is not of the architecture of the first model (" + layout.parameterCount()
                        + " parameters): they are different networks");
            }
            INDArray theta = network.params();
            return theta.dataType() == type ? theta.dup() : theta.castTo(type);
        }
    }
}
