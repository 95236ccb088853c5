package org.landscape4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.landscape4j.run.SafeText;
import org.landscape4j.trajectory.ClassicalMds;
import org.landscape4j.trajectory.Embedding;
import org.landscape4j.trajectory.Isomap;
import org.landscape4j.trajectory.TrajectoryEmbedding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j embed RUN_DIR}: a low-dimensional picture of a run's snapshots from their pairwise distances
 * (streamed through the T×T Gram matrix, {@link TrajectoryEmbedding#squaredDistances}): classical MDS (the PCA
 * coordinates of the centred snapshots, up to signs) or Isomap (geodesic distances along the k-nearest-neighbour
 * graph, which unrolls a curved path). Prints the coordinates; nothing is written to the run.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embeds a run's snapshots in 2 (or --dimensions) dimensions by classical MDS or Isomap, from"
                + " their pairwise Euclidean distances, and prints the coordinates.",
            "PHATE is not available (not implemented): use mds or isomap."},
        footer = {"", "Examples:",
            "  landscape4j embed runs/modular-addition                      # classical MDS, 2-D",
            "  landscape4j embed runs/r --method isomap --neighbours 8 --json",
            "  landscape4j embed runs/r --snapshots 0:100:2 --dimensions 3",
            "", "Exit codes: 0 done, 1 bad input, 2 usage error, 3 internal error, 4 interrupted."})
final class EmbedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--method", paramLabel = "mds|isomap", defaultValue = "mds",
            description = "Classical MDS or Isomap (default: ${DEFAULT-VALUE}). PHATE is not available.")
    String method;

    @Option(names = "--neighbours", paramLabel = "K",
            description = "Isomap only: neighbours of each snapshot in the graph, 1 to T − 1 (default: min(5, T − 1);"
                    + " raise it if the graph is not connected).")
    Integer neighbours;

    @Option(names = "--dimensions", paramLabel = "D", defaultValue = "2",
            description = "Dimensions of the embedding, 1 to T (default: ${DEFAULT-VALUE}).")
    int dimensions;

    @Option(names = "--snapshots", paramLabel = "A:B:STRIDE",
            description = "The snapshots used (default: all; positions in snapshots.arrows, negative from the end).")
    String snapshots;

    @Option(names = "--json", description = "Print JSON on standard output instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("embed", spec.commandLine().getErr(), this::embed);
    }

    private int embed() throws Exception {
        boolean isomap = isomap(method);
        if (!isomap && neighbours != null) {
            throw new IllegalArgumentException("--neighbours applies to --method isomap only, not mds");
        }
        try (TrajectoryInputs inputs = TrajectoryInputs.open(runDirectory, snapshots)) {
            int t = inputs.count();
            if (dimensions < 1 || dimensions > t) {
                throw new IllegalArgumentException("--dimensions " + dimensions + ": give 1 to " + t + " (the number"
                        + " of snapshots selected)");
            }
            int k = neighbours == null ? Math.min(5, t - 1) : neighbours;
            if (isomap && (k < 1 || k >= t)) {
                throw new IllegalArgumentException("--neighbours " + k + ": give 1 to " + (t - 1) + " (the "
                        + t + " snapshots selected, less one)");
            }
            double[][] distances;
            try (StageProgress progress = new StageProgress("embed")) {
                distances = TrajectoryEmbedding.squaredDistances(inputs.source(),
                        org.landscape4j.trajectory.GramMatrix.DEFAULT_BLOCK_ROWS, progress);
            }
            Optional<Embedding> embedding = isomap ? Isomap.embed(distances, k, dimensions)
                    : ClassicalMds.embed(distances, dimensions);
            Embedding result = embedding.orElseThrow(() -> new IllegalArgumentException("the eigen-decomposition of"
                    + " the " + t + "x" + t + " distance matrix did not converge; try another --snapshots selection"));
            report(spec.commandLine().getOut(), inputs, result, isomap ? k : null);
        }
        return 0;
    }

    /** @return true for isomap, false for mds */
    static boolean isomap(String method) {
        String name = method.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "mds", "classical_mds", "classical-mds" -> false;
            case "isomap" -> true;
            case "phate" -> throw new IllegalArgumentException("--method phate: PHATE is not implemented; use mds or"
                    + " isomap");
            default -> throw new IllegalArgumentException("--method " + SafeText.quote(method) + ": give mds or"
                    + " isomap");
        };
    }

    private void report(PrintWriter printer, TrajectoryInputs inputs, Embedding result, Integer k) throws Exception {
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("run_id", inputs.run().manifest().runId());
            summary.put("method", result.method());
            summary.put("neighbours", k);
            summary.put("dimensions", result.dimensions());
            summary.put("selection", inputs.selection().toString());
            summary.put("snapshots", result.size());
            summary.put("eigenvalues", result.eigenvalues());
            summary.put("coordinates", inputs.rows(result.coordinates()));
            printer.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            printer.println("method       " + result.method() + (k == null ? "" : " (" + k + " neighbours)"));
            printer.println("snapshots    " + result.size() + " (selection " + inputs.selection() + ")");
            StringBuilder values = new StringBuilder();
            for (double v : result.eigenvalues()) {
                values.append(values.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v));
            }
            printer.println("eigenvalues  " + values);
            StringBuilder header = new StringBuilder("snapshot  iteration  epoch");
            for (int j = 0; j < result.dimensions(); j++) {
                header.append(String.format(Locale.ROOT, "  %14s", "x" + (j + 1)));
            }
            printer.println(header);
            for (int t = 0; t < result.size(); t++) {
                int index = inputs.source().sourceIndex(t);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%8d  %9d  %5d", index,
                        inputs.source().iteration(t), inputs.epoch(t)));
                for (double x : result.coordinates()[t]) {
                    row.append(String.format(Locale.ROOT, "  %14.6g", x));
                }
                printer.println(row);
            }
        }
        printer.flush();
    }
}
