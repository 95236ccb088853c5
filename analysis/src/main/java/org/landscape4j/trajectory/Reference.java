package org.landscape4j.trajectory;

/** The point c the rows θ<sub>t</sub> − c of an exact PCA are taken from. */
public enum Reference {
    /**
     * The last selected snapshot (Li et al. 2018, "Visualizing the loss landscape of neural nets", §7): the rows
     * are θ<sub>t</sub> − θ<sub>T</sub>, not centred, and the components are the principal axes of the second
     * moment about the final point; the last row is 0 and sits at the origin of the plot.
     */
    FINAL,
    /** The mean of the selected snapshots: the rows are centred, as scikit-learn's {@code PCA}. */
    MEAN;

    /** @return the name used in files and on the command line */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
