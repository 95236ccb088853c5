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
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionKind;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Normalization;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.SafeText;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.TrajectoryPath;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j trajectory RUN_DIR}: the loss on the PCA plane of the training path (Li et al. 2018, Fig. 9).
 * c = θ<sub>T</sub>, the final snapshot; d₁, d₂ the top two unit principal directions of the snapshots about it
 * ({@link ExactPca}, reference final; see {@link PcaResult} on how this differs from the mean-centred PCA of Li et
 * al.'s code); no normalization (state arrays, which never move, are zeroed). Every snapshot's coordinates
 * ((θ<sub>t</sub> − c)·d₁, (θ<sub>t</sub> − c)·d₂) are computed with the saved directions, the grid is chosen so
 * that they all fit with a relative margin ({@link TrajectoryPath#grid}), and the plane is evaluated exactly as
 * {@code surface} does. Written: the slice, its directions ({@code NAME.directions.arrows}) and the path
 * ({@code NAME.path.arrows}), for a plot that overlays the path on the contours.
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
            PcaSettings settings = PcaSettings.of(2);
            PcaResult pca = ExactPca.compute(inputs.source(), settings, progress).orElseThrow(() ->
                    new IllegalArgumentException("the eigen-decomposition of the snapshots' Gram matrix did not"
                            + " converge"));
            if (pca.componentCount() < 2) {
                throw new IllegalArgumentException("the " + inputs.count() + " snapshots span " + pca.componentCount()
                        + " dimension(s): there is no PCA plane; record more snapshots (at least 3 that differ)");
            }
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(objectiveSpec);
            INDArray centre;
            DirectionSet prepared;
            try (Objective probe = factory.create()) {
                centre = probe.parameters().dup();
                List<Direction> directions = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    directions.add(new Direction(DirectionKind.PCA_COMPONENT,
                            Nd4j.createFromArray(pca.components()[i]).castTo(centre.dataType()), null,
                            String.format(Locale.ROOT, "principal direction %d of %d snapshots about the final one"
                                    + " (explained variance ratio %.6g)", i + 1, inputs.count(),
                                    pca.explainedVarianceRatio()[i])));
                }
                prepared = DirectionSet.prepare(directions, centre, probe.layout(),
                        new DirectionSettings(Normalization.NONE, true), false);
            }
            float[] d1 = prepared.get(0).vector().castTo(DataType.FLOAT).toFloatVector();
            float[] d2 = prepared.get(1).vector().castTo(DataType.FLOAT).toFloatVector();
            double[][] path = TrajectoryPath.project(inputs.source(), pca.center(), d1, d2, progress);
            progress.close();
            GridSpec gridSpec = TrajectoryPath.grid(path, points[0], points[1], margin);
            List<Long> iterations = new ArrayList<>();
            List<TrajectoryPath.Point> pathPoints = new ArrayList<>();
            for (int t = 0; t < inputs.count(); t++) {
                long iteration = inputs.source().iteration(t);
                iterations.add(iteration);
                pathPoints.add(new TrajectoryPath.Point(inputs.source().sourceIndex(t), iteration, inputs.epoch(t),
                        path[t][0], path[t][1]));
            }
            String runId = inputs.run().manifest().runId();
            SliceRun target = output.target(Results.of(inputs.run()),
                    "trajectory-it" + iterations.get(iterations.size() - 1));
            Results results = target.results();
            String name = target.name();
            Map<String, Object> pcaSettings = new LinkedHashMap<>(settings.toMap());
            pcaSettings.put("snapshots", inputs.count());
            pcaSettings.put("explained_variance_ratio", List.of(pca.explainedVarianceRatio()[0],
                    pca.explainedVarianceRatio()[1]));
            Path directionsFile = DirectionTable.save(results, name + ".directions", prepared, Provenance.of(runId,
                    iterations, factory.provenance(), Map.of("for", name + Results.EXTENSION, "pca", pcaSettings),
                    Map.of()));
            Path pathFile = TrajectoryPath.write(results, name + ".path", pathPoints, Provenance.of(runId, iterations,
                    Map.of(), Map.of("for", name + Results.EXTENSION, "directions_file",
                            directionsFile.getFileName().toString()), Map.of()));
            Slice slice = Slice.plane(centre, prepared.get(0).vector(), prepared.get(1).vector());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("directions_file", directionsFile.getFileName().toString());
            extra.put("path_file", pathFile.getFileName().toString());
            extra.put("pca", pcaSettings);
            extra.put("margin", margin);
            Provenance provenance = SliceTable.provenance(slice, gridSpec, factory.provenance(), runId, iterations,
                    Map.of(), extra);
            SliceSummary summary = target.evaluate(factory, workers, slice, gridSpec, provenance,
                    "trajectory " + gridSpec.nx() + "x" + gridSpec.ny());
            report(spec.commandLine().getOut(), target.file(), directionsFile, pathFile, gridSpec, prepared, summary,
                    pca, pathPoints);
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
