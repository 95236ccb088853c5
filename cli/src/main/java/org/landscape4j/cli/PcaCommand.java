package org.landscape4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.landscape4j.run.Results;
import org.landscape4j.run.SafeText;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.PcaTable;
import org.landscape4j.trajectory.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j pca RUN_DIR}: the exact PCA of a run's trajectory ({@link ExactPca}: the T×T Gram matrix of
 * the rows θ<sub>t</sub> − c, streamed from {@code snapshots.arrows}, memory O(T² + kP)), written to the run's
 * {@code results/} with its provenance ({@link PcaTable}: the components and the snapshots' coordinates), and a
 * summary: the explained variance ratio of each component, and a warning when the first two hold less than half.
 */
@Command(name = "pca", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Principal components of a run's trajectory (exact, from its snapshots), written with the"
                + " snapshots' coordinates to the run's results/ (or --out).",
            "Rows θ_t − c, c the final selected snapshot (Li et al. 2018) or their mean; explained variance ratio"
                + " λ_i/trace(G), the share of Σ‖θ_t − c‖²."},
        footer = {"", "Examples:",
            "  landscape4j pca runs/modular-addition          # 10 components about the final snapshot",
            "  landscape4j pca runs/r --components 3 --reference mean --json",
            "  landscape4j pca runs/r --snapshots 10::2 --standardize --out pca-late.arrows",
            "", "Snapshots: a:b:stride positions in snapshots.arrows (Python-slice style, negative from the end;"
                + " e.g. 0:50, 10:, ::5).",
            "Exit codes: 0 written, 1 bad input, 2 usage error, 3 internal error, 4 interrupted."})
final class PcaCommand implements Callable<Integer> {

    /** Below this share of the variance in the first two components, the summary warns. */
    static final double LITTLE_VARIANCE = 0.5;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--components", paramLabel = "K", defaultValue = "10",
            description = "Principal components wanted, 1 to T (default: ${DEFAULT-VALUE}; fewer are returned when"
                    + " the snapshots span fewer dimensions).")
    int components;

    @Option(names = "--reference", paramLabel = "final|mean", defaultValue = "final",
            description = "c: the final selected snapshot (Li et al.; rows not centred) or their mean (centred, as"
                    + " scikit-learn's PCA) (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--snapshots", paramLabel = "A:B:STRIDE",
            description = "The snapshots used (default: all).")
    String snapshots;

    @Option(names = "--standardize",
            description = "Divide each parameter by its standard deviation across the snapshots first (PCA of the"
                    + " correlation matrix; constant parameters drop out).")
    boolean standardize;

    @Option(names = "--out", paramLabel = "FILE.arrows",
            description = "Where to write the components (the coordinates go beside it as FILE.coordinates.arrows;"
                    + " default: the run's results/pca-<reference>-k<K>...).")
    Path out;

    @Option(names = "--json", description = "Print a JSON summary on standard output instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("pca", spec.commandLine().getErr(), this::pca);
    }

    /** @return the reference named on the command line */
    static Reference reference(String text) {
        for (Reference value : Reference.values()) {
            if (value.label().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("--reference " + SafeText.quote(text) + ": give final or mean");
    }

    private int pca() throws Exception {
        if (components < 1) {
            throw new IllegalArgumentException("--components " + components + ": give at least 1");
        }
        PcaSettings settings = PcaSettings.of(components).withReference(reference(reference))
                .withStandardize(standardize);
        try (TrajectoryInputs inputs = TrajectoryInputs.open(runDirectory, snapshots)) {
            int t = inputs.count();
            if (components > t) {
                throw new IllegalArgumentException("--components " + components + ": the " + t + " selected snapshots"
                        + " have at most " + (t - 1) + " principal components; give 1 to " + t);
            }
            PcaResult result;
            try (StageProgress progress = new StageProgress("pca")) {
                result = ExactPca.compute(inputs.source(), settings, progress).orElseThrow(() ->
                        new IllegalArgumentException("the eigen-decomposition of the " + t + "x" + t + " Gram matrix"
                                + " did not converge; try another --snapshots selection"));
            }
            SliceRun target = SliceRun.target(out, Results.of(inputs.run()), defaultName(settings, inputs));
            Path file = PcaTable.write(target.results(), target.name(), result,
                    PcaTable.provenance(inputs.run().manifest().runId(), result, settings, inputs.selection()));
            Path coordinates = target.results().file(target.name() + PcaTable.COORDINATES_SUFFIX);
            report(spec.commandLine().getOut(), file, coordinates, settings, inputs, result);
        }
        return 0;
    }

    private String defaultName(PcaSettings settings, TrajectoryInputs inputs) {
        StringBuilder name = new StringBuilder("pca-").append(settings.reference().label());
        if (settings.standardize()) {
            name.append("-std");
        }
        name.append("-k").append(settings.components());
        if (snapshots != null) {
            name.append("-s").append(inputs.selection().toString().replace(':', '_'));
        }
        return name.toString();
    }

    private void report(PrintWriter printer, Path file, Path coordinates, PcaSettings settings,
                        TrajectoryInputs inputs, PcaResult result) throws Exception {
        double[] ratio = result.explainedVarianceRatio();
        double firstTwo = firstTwo(ratio);
        List<String> warnings = new ArrayList<>();
        if (result.componentCount() < settings.components()) {
            warnings.add("the snapshots span " + result.componentCount() + " dimension(s): " + result.componentCount()
                    + " of the " + settings.components() + " components asked for were found");
        }
        if (firstTwo < LITTLE_VARIANCE) {
            warnings.add(littleVariance(firstTwo));
        }
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("file", file.toString());
            summary.put("coordinates_file", coordinates.toString());
            summary.put("run_id", inputs.run().manifest().runId());
            summary.put("reference", settings.reference().label());
            summary.put("standardized", settings.standardize());
            summary.put("selection", inputs.selection().toString());
            summary.put("snapshots", result.sampleCount());
            summary.put("parameters", result.parameterCount());
            summary.put("components_requested", settings.components());
            summary.put("components", result.componentCount());
            summary.put("explained_variance_ratio", ratio);
            summary.put("explained_variance", result.explainedVariance());
            summary.put("singular_values", result.singularValues());
            summary.put("total_variance", result.totalVariance());
            summary.put("first_two_ratio", firstTwo);
            summary.put("coordinates", inputs.rows(result.coordinates()));
            summary.put("warnings", warnings);
            printer.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            printer.println("wrote        " + SafeText.escapeControls(file.toString()));
            printer.println("coordinates  " + SafeText.escapeControls(coordinates.toString()));
            long[] iterations = result.iterations();
            printer.println("snapshots    " + result.sampleCount() + " (selection " + inputs.selection()
                    + ", iterations " + iterations[0] + " to " + iterations[iterations.length - 1] + "), P = "
                    + result.parameterCount());
            printer.println("reference    " + (settings.reference() == Reference.FINAL
                    ? "final (rows θ_t − θ_T, not centred)" : "mean (rows centred)")
                    + (settings.standardize() ? ", standardized" : ""));
            StringBuilder line = new StringBuilder();
            double cumulative = 0;
            for (int i = 0; i < ratio.length; i++) {
                cumulative += ratio[i];
                line.append(String.format(Locale.ROOT, "%sPC%d %.2f%% (%.2f%%)", i == 0 ? "" : ", ", i + 1,
                        100 * ratio[i], 100 * cumulative));
            }
            printer.println("explained    " + line + "  [ratio (cumulative)]");
            printer.println(String.format(Locale.ROOT, "first two    %.2f%% of the trajectory's variance", 100 * firstTwo));
            for (String warning : warnings) {
                printer.println("warning      " + warning);
            }
        }
        printer.flush();
    }

    /** @return the share of the first two components (or of the one there is) */
    static double firstTwo(double[] ratio) {
        return ratio.length == 0 ? 0 : ratio[0] + (ratio.length > 1 ? ratio[1] : 0);
    }

    /** @return the warning for a PCA plane that explains little */
    static String littleVariance(double firstTwo) {
        return String.format(Locale.ROOT, "the first two components hold only %.1f%% of the trajectory's variance:"
                + " a PCA plane that explains little is a misleading picture; look at more components or at"
                + " landscape4j embed", 100 * firstTwo);
    }
}
