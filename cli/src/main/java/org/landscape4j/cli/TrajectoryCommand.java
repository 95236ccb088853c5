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
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.dl4j.trajectory.PcaPlane;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.Results;
import org.landscape4j.run.SafeText;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.TrajectoryPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j trajectory RUN_DIR}: the loss on the PCA plane of the training path (Li et al. 2018, Fig. 9),
 * planned by {@link PcaPlane} (c = the final snapshot, d₁, d₂ its top two principal directions, the path's
 * coordinates and a grid that holds them) and evaluated exactly as {@code surface} does. Written: the slice, its
 * directions ({@code NAME.directions.arrows}) and the path ({@code NAME.path.arrows}), for a plot that overlays the
 * path on the contours. The listener's {@code pcaPlaneAtEnd} runs the same plan when training ends.
 */
@Command(name = "trajectory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates the loss on the plane of a run's top two principal directions through its final"
                + " snapshot (Li et al. 2018, Fig. 9), over a grid that holds the whole training path, and writes the"
                + " slice, its directions and the path's coordinates to the run's results/ (or beside --out).",
            "The network is rebuilt from the run's network.json; the data are the run's eval.csv unless --data."},
        footer = {"", "Examples:",
            "  landscape4j trajectory runs/modular-addition                 # 21x21, 20% margin around the path",
            "  landscape4j trajectory runs/r --grid 41 --margin 0.5 --workers 2 --json",
            "  landscape4j trajectory runs/r --data eval.csv --grid 31x21 --out plane.arrows",
            "", "Exit codes: 0 written, 1 bad input, 2 usage error, 3 internal error, 4 interrupted (run the same"
                + " command again to resume)."})
final class TrajectoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory (at least 2 snapshots).")
    Path runDirectory;

    @Mixin
    ObjectiveOptions objective;

    @Mixin
    SliceOutputOptions output;

    @Option(names = "--grid", paramLabel = "N|NXxNY", defaultValue = "21",
            description = "Points: N (an NxN plane) or NXxNY (default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--margin", paramLabel = "M", defaultValue = "0.2",
            description = "Room around the path on each side, as a fraction of its extent along each axis"
                    + " (default: ${DEFAULT-VALUE}).")
    double margin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("trajectory", spec.commandLine().getErr(), this::trajectory);
    }

    private int trajectory() throws Exception {
        if (objective.model != null) {
            throw new IllegalArgumentException("--model does not apply: the plane's centre is the run's final"
                    + " snapshot");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--snapshot")) {
            throw new IllegalArgumentException("--snapshot does not apply: the plane's centre is the run's final"
                    + " snapshot");
        }
        String size = grid.trim().matches(".*[xX×].*") ? grid.trim() : grid.trim() + "x" + grid.trim();
        int[] points = GridSpec.parseSize(size);
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("--margin " + margin + ": give a number >= 0, e.g. 0.2");
        }
        ObjectiveSpec objectiveSpec = objective.spec(runDirectory);
        int workers = output.workerCount();
        try (TrajectoryInputs inputs = TrajectoryInputs.open(runDirectory, null);
             StageProgress progress = new StageProgress("trajectory")) {
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(objectiveSpec);
            PcaPlane plane = PcaPlane.plan(inputs.reader(), inputs.source(), factory, points[0], points[1], margin,
                    progress);
            progress.close();
            List<Long> iterations = plane.iterations();
            SliceRun target = output.target(Results.of(inputs.run()),
                    "trajectory-it" + iterations.get(iterations.size() - 1));
            PcaPlane.Written written = plane.write(target.results(), target.name(), inputs.run().manifest().runId(),
                    factory.provenance(), margin);
            GridSpec gridSpec = plane.grid();
            SliceSummary summary = target.evaluate(factory, workers, plane.slice(), gridSpec, written.provenance(),
                    "trajectory " + gridSpec.nx() + "x" + gridSpec.ny());
            report(spec.commandLine().getOut(), target.file(), written.directionsFile(), written.pathFile(), gridSpec,
                    plane.directions(), summary, plane.pca(), plane.path());
        }
        return 0;
    }

    private void report(PrintWriter printer, Path file, Path directionsFile, Path pathFile, GridSpec gridSpec,
                        DirectionSet directions, SliceSummary summary, PcaResult pca,
                        List<TrajectoryPath.Point> path) throws Exception {
        double[] ratio = {pca.explainedVarianceRatio()[0], pca.explainedVarianceRatio()[1]};
        double firstTwo = ratio[0] + ratio[1];
        String warning = firstTwo < PcaCommand.LITTLE_VARIANCE ? PcaCommand.littleVariance(firstTwo) : null;
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>(SurfaceReport.json(file, directionsFile, gridSpec,
                    directions, summary));
            json.put("path_file", pathFile.toString());
            json.put("explained_variance_ratio", ratio);
            json.put("first_two_ratio", firstTwo);
            json.put("margin", margin);
            List<Map<String, Object>> points = new ArrayList<>();
            for (TrajectoryPath.Point point : path) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("snapshot", point.snapshot());
                row.put("iteration", point.iteration());
                row.put("epoch", point.epoch());
                row.put("alpha", point.alpha());
                row.put("beta", point.beta());
                points.add(row);
            }
            json.put("path", points);
            json.put("warnings", warning == null ? List.of() : List.of(warning));
            printer.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } else {
            SurfaceReport.print(printer, file, directionsFile, gridSpec, directions, summary);
            printer.println("path         " + SafeText.escapeControls(pathFile.toString()) + " (" + path.size()
                    + " snapshots)");
            printer.println(String.format(Locale.ROOT, "pca          PC1 %.2f%%, PC2 %.2f%%: %.2f%% of Σ‖θ_t − θ_T‖²",
                    100 * ratio[0], 100 * ratio[1], 100 * firstTwo));
            if (warning != null) {
                printer.println("warning      " + warning);
            }
        }
        printer.flush();
    }
}
