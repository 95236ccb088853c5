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
import org.landscape4j.trajectory.GramMatrix;
import org.landscape4j.trajectory.Isomap;
import org.landscape4j.trajectory.Phate;
import org.landscape4j.trajectory.PhateResult;
import org.landscape4j.trajectory.PhateSettings;
import org.landscape4j.trajectory.TrajectoryEmbedding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j embed RUN_DIR}: a low-dimensional picture of a run's snapshots from their pairwise distances
 * (streamed through the T×T Gram matrix, {@link TrajectoryEmbedding#squaredDistances}): classical MDS (the PCA
 * coordinates of the centred snapshots, up to signs), Isomap (geodesic distances along the k-nearest-neighbour
 * graph, which unrolls a curved path) or PHATE ({@link Phate}: diffusion potential distances of an α-decay kernel,
 * then metric MDS). Prints the coordinates; nothing is written to the run.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embeds a run's snapshots in 2 (or --dimensions) dimensions by classical MDS, Isomap or PHATE,"
                + " from their pairwise Euclidean distances, and prints the coordinates.",
            "PHATE (Moon et al. 2019): an alpha-decay kernel on the k-nearest-neighbour distances, a random walk of t"
                + " steps on it (t at the knee of its von Neumann entropy unless given), the distances between the"
                + " walks' log-probabilities, then metric MDS (SMACOF from classical MDS). O(T^3): about a minute"
                + " for T = 2000."},
        footer = {"", "Examples:",
            "  landscape4j embed runs/modular-addition                      # classical MDS, 2-D",
            "  landscape4j embed runs/r --method isomap --neighbours 8 --json",
            "  landscape4j embed runs/r --method phate                      # k = 5, alpha = 40, t automatic",
            "  landscape4j embed runs/r --method phate --neighbours 10 --alpha 20 --diffusion-time 12 --json",
            "  landscape4j embed runs/r --snapshots 0:100:2 --dimensions 3",
            "", "Exit codes: 0 done, 1 bad input, 2 usage error, 3 internal error, 4 interrupted."})
final class EmbedCommand implements Callable<Integer> {

    /** The methods of {@code --method}. */
    enum Method {
        MDS, ISOMAP, PHATE;

        /** @return the method named (mds, classical_mds, classical-mds, isomap, phate; any case) */
        static Method parse(String text) {
            String name = text.trim().toLowerCase(Locale.ROOT);
            return switch (name) {
                case "mds", "classical_mds", "classical-mds" -> MDS;
                case "isomap" -> ISOMAP;
                case "phate" -> PHATE;
                default -> throw new IllegalArgumentException("--method " + SafeText.quote(text) + ": give mds,"
                        + " isomap or phate");
            };
        }
    }

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--method", paramLabel = "mds|isomap|phate", defaultValue = "mds",
            description = "Classical MDS, Isomap or PHATE (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--neighbours", paramLabel = "K",
            description = "Isomap: neighbours of each snapshot in the graph; PHATE: the neighbour whose distance is"
                    + " each snapshot's kernel bandwidth. 1 to T - 1 (default: min(5, T - 1); for Isomap raise it if"
                    + " the graph is not connected).")
    Integer neighbours;

    @Option(names = "--alpha", paramLabel = "A",
            description = "PHATE only: the kernel's decay exponent, > 0 (default: 40, as the phate package; lower"
                    + " values connect more distant snapshots).")
    Double alpha;

    @Option(names = "--diffusion-time", paramLabel = "t|auto",
            description = "PHATE only: steps of the random walk, 1 or more, or auto for the knee of the von Neumann"
                    + " entropy over t = 1..100 (default: auto).")
    String diffusionTime;

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
        Method chosen = Method.parse(method);
        if (chosen == Method.MDS && neighbours != null) {
            throw new IllegalArgumentException("--neighbours applies to --method isomap or phate, not mds");
        }
        if (chosen != Method.PHATE && alpha != null) {
            throw new IllegalArgumentException("--alpha applies to --method phate only, not " + name(chosen));
        }
        if (chosen != Method.PHATE && diffusionTime != null) {
            throw new IllegalArgumentException("--diffusion-time applies to --method phate only, not "
                    + name(chosen));
        }
        int time = chosen == Method.PHATE ? diffusionTime(diffusionTime) : PhateSettings.AUTOMATIC;
        if (alpha != null && (!(alpha > 0) || !Double.isFinite(alpha))) {
            throw new IllegalArgumentException("--alpha " + alpha + ": give a positive number (default 40)");
        }
        try (TrajectoryInputs inputs = TrajectoryInputs.open(runDirectory, snapshots)) {
            int t = inputs.count();
            if (dimensions < 1 || dimensions > t) {
                throw new IllegalArgumentException("--dimensions " + dimensions + ": give 1 to " + t + " (the number"
                        + " of snapshots selected)");
            }
            if (chosen == Method.PHATE && t < Phate.MIN_SNAPSHOTS) {
                throw new IllegalArgumentException("PHATE needs at least " + Phate.MIN_SNAPSHOTS + " snapshots, but "
                        + "the selection " + inputs.selection() + " holds " + t + ": select more, or use mds");
            }
            int k = neighbours == null ? Math.min(PhateSettings.DEFAULT_NEIGHBOURS, t - 1) : neighbours;
            if (chosen != Method.MDS && (k < 1 || k >= t)) {
                throw new IllegalArgumentException("--neighbours " + k + ": give 1 to " + (t - 1) + " (the "
                        + t + " snapshots selected, less one)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (StageProgress progress = new StageProgress("embed")) {
                double[][] distances = TrajectoryEmbedding.squaredDistances(inputs.source(),
                        GramMatrix.AUTOMATIC_CHUNK, progress);
                String failed = "the eigen-decomposition of the " + t + "x" + t + " distance matrix did not"
                        + " converge; try another --snapshots selection";
                if (chosen == Method.PHATE) {
                    PhateSettings settings = PhateSettings.defaults().withNeighbours(k).withDimensions(dimensions)
                            .withAlpha(alpha == null ? PhateSettings.DEFAULT_ALPHA : alpha).withDiffusionTime(time);
                    Optional<PhateResult> result = Phate.embed(distances, settings, progress);
                    progress.close();
                    PhateResult phate = result.orElseThrow(() -> new IllegalArgumentException(failed));
                    report(out, inputs, phate.embedding(), k, phate);
                } else {
                    Optional<Embedding> embedding = chosen == Method.ISOMAP ? Isomap.embed(distances, k, dimensions)
                            : ClassicalMds.embed(distances, dimensions);
                    progress.close();
                    report(out, inputs, embedding.orElseThrow(() -> new IllegalArgumentException(failed)),
                            chosen == Method.ISOMAP ? k : null, null);
                }
            }
        }
        return 0;
    }

    private static String name(Method method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** @return t ≥ 1, or {@link PhateSettings#AUTOMATIC} for null or "auto" */
    static int diffusionTime(String text) {
        if (text == null || text.trim().equalsIgnoreCase("auto")) {
            return PhateSettings.AUTOMATIC;
        }
        try {
            int t = Integer.parseInt(text.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--diffusion-time " + SafeText.quote(text) + ": give a whole number of"
                + " steps, 1 or more, or auto");
    }

    private void report(PrintWriter printer, TrajectoryInputs inputs, Embedding result, Integer k, PhateResult phate)
            throws Exception {
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("run_id", inputs.run().manifest().runId());
            summary.put("method", result.method());
            summary.put("neighbours", k);
            summary.put("dimensions", result.dimensions());
            summary.put("selection", inputs.selection().toString());
            summary.put("snapshots", result.size());
            if (phate != null) {
                summary.put("alpha", phate.settings().alpha());
                summary.put("diffusion_time", phate.diffusionTime());
                summary.put("diffusion_time_automatic", phate.automaticDiffusionTime());
                summary.put("normalised_stress", phate.normalisedStress());
                summary.put("smacof_iterations", phate.iterations());
                summary.put("smacof_converged", phate.converged());
            }
            summary.put("eigenvalues", result.eigenvalues());
            summary.put("coordinates", inputs.rows(result.coordinates()));
            printer.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            printer.println("method       " + result.method() + (k == null ? "" : " (" + k + " neighbours"
                    + (phate == null ? ")" : String.format(Locale.ROOT, ", alpha %s, t = %d%s)",
                    number(phate.settings().alpha()), phate.diffusionTime(),
                    phate.automaticDiffusionTime() ? " chosen by the entropy's knee" : ""))));
            printer.println("snapshots    " + result.size() + " (selection " + inputs.selection() + ")");
            if (phate != null) {
                printer.println(String.format(Locale.ROOT, "stress       %.6g normalised, after %d SMACOF iterations%s",
                        phate.normalisedStress(), phate.iterations(), phate.converged() ? ""
                                : " (not converged: the iteration cap)"));
            }
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

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
