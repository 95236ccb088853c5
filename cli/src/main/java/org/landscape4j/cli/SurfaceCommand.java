package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Directions;
import org.landscape4j.direction.Normalization;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j surface}: a 1-D line or 2-D plane of the loss around a recorded snapshot (or a model file),
 * along random, gradient or model-difference directions normalized as Li et al. (2018), evaluated by parallel
 * workers into the run's {@code results/} with its directions saved beside it.
 */
@Command(name = "surface", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates the loss on a line or a plane around a snapshot of a run (or a model file) and"
                + " writes it, with its directions, to the run's results/ (or --out).",
            "Direction i: random (seed + i), gradient (at the centre), another model (MODEL.zip, RUN_DIR@K: the"
                + " difference to the centre) or a saved directions file (.arrows, used as stored)."},
        footer = {"", "Examples:",
            "  landscape4j surface runs/modular-addition                      # 21x21 plane at the last snapshot",
            "  landscape4j surface runs/modular-addition --snapshot 10 --line --grid 101 --range -2,2",
            "  landscape4j surface runs/r --directions gradient,random --norm filter --grid 31x31 --workers 2",
            "  landscape4j surface --model model.zip --data eval.csv --out plane.arrows --json",
            "  landscape4j surface runs/modular-addition --grid 11 --eigen   # + |λmin/λmax| map (Li et al. Fig. 7)",
            "  landscape4j surface runs/r --grid 41 --spark local[2]         # on Apache Spark (embedded)",
            "  landscape4j surface runs/r --grid 41 --spark spark://head:7077 --spark-conf spark.executor.memory=4g",
            "", "Exit codes: 0 written, 1 bad input, 2 usage error, 3 internal error, 4 interrupted (run the same"
                + " command again to resume)."})
final class SurfaceCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR",
            description = "The run directory (its snapshot is the centre unless --model is given).")
    Path runDirectory;

    @Mixin
    ObjectiveOptions objective;

    @Mixin
    SliceOutputOptions output;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--line", description = "A 1-D line along the first direction instead of a plane.")
    boolean line;

    @Option(names = "--grid", paramLabel = "N|NXxNY",
            description = "Points: N (a square NxN plane, or N points of a --line) or NXxNY (default: 21x21, a line 51).")
    String grid;

    @Option(names = "--range", paramLabel = "MIN,MAX[,YMIN,YMAX]", defaultValue = "-1,1",
            description = "The coefficients α (and β) of the directions (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--directions", paramLabel = "D", split = ",", defaultValue = "random",
            description = "random, gradient, MODEL.zip, RUN_DIR@K or DIRS.arrows; one per axis, comma-separated;"
                    + " a missing second one is random (default: ${DEFAULT-VALUE}).")
    List<String> directions;

    @Option(names = "--norm", paramLabel = "N", defaultValue = "filter",
            description = "Normalization: filter, layer, model, weight or none (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--include-bias", description = "Move biases and batch-norm γ/β too (default: they stay).")
    boolean includeBias;

    @Option(names = "--orthogonalize", description = "Gram-Schmidt the second direction against the first.")
    boolean orthogonalize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of random direction i: S + i (default: ${DEFAULT-VALUE}; the same seed gives the same"
                    + " raw directions at every snapshot, so slices over training are comparable).")
    long seed;

    @Option(names = "--eigen", description = "Also map the Hessian's λmax, λmin and |λmin/λmax| at every grid point"
            + " (Lanczos on a DOUBLE copy, explicit residuals) into NAME.eigen.arrows; costly: use a coarse grid.")
    boolean eigen;

    @Option(names = "--eigen-steps", paramLabel = "M", defaultValue = "20",
            description = "Most Lanczos steps per point of --eigen (default: ${DEFAULT-VALUE}).")
    int eigenSteps;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("surface", spec.commandLine().getErr(), this::surface);
    }

    private int surface() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runDirectory == null && objective.model == null) {
            throw new IllegalArgumentException("no model: give a run directory, or --model MODEL.zip with --data"
                    + " DATA.csv and --out FILE.arrows");
        }
        ObjectiveSpec objectiveSpec = objective.spec(runDirectory);
        if (eigen && sparkOptions.enabled()) {
            throw new IllegalArgumentException("--eigen runs on the local workers only: drop --spark, or map the"
                    + " eigenvalues in a second, local run of the same command with --eigen");
        }
        Normalization normalization = Normalization.fromName(norm);
        GridSpec gridSpec = GridSpec.parse(gridSize(), range);
        int dimensions = line ? 1 : 2;
        if (directions.size() > dimensions) {
            throw new IllegalArgumentException(directions.size() + " directions given (" + String.join(",", directions)
                    + ") for a " + (line ? "line, which takes 1" : "plane, which takes 2"));
        }
        int workerCount = output.workerCount();
        CommandInputs inputs = CommandInputs.resolve(runDirectory, objectiveSpec.model());
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(objectiveSpec);
        INDArray centre;
        try (Objective probe = factory.create()) {
            centre = probe.parameters().dup();
            List<Direction> made = new ArrayList<>();
            DirectionSet prepared = null;
            for (int axis = 0; axis < dimensions; axis++) {
                String source = axis < directions.size() ? directions.get(axis) : "random";
                if (source.endsWith(".arrows")) {
                    if (axis > 0 || directions.size() > 1) {
                        throw new IllegalArgumentException("a directions file gives every direction: give it alone,"
                                + " not with " + String.join(",", directions));
                    }
                    prepared = DirectionTable.load(Path.of(source), probe.parameterCount()).directions();
                    if (prepared.size() < dimensions) {
                        throw new IllegalArgumentException(source + " holds " + prepared.size() + " direction(s); a "
                                + (line ? "line" : "plane") + " needs " + dimensions);
                    }
                    break;
                }
                made.add(direction(source, axis, probe, centre));
            }
            if (prepared == null) {
                prepared = DirectionSet.prepare(made, centre, probe.layout(),
                        new DirectionSettings(normalization, includeBias), orthogonalize);
            }
            Slice slice = line ? Slice.line(centre, prepared.get(0).vector())
                    : Slice.plane(centre, prepared.get(0).vector(), prepared.get(1).vector());
            return evaluate(slice, gridSpec, prepared, factory, inputs, workerCount, out);
        }
    }

    private Direction direction(String source, int axis, Objective probe, INDArray centre) throws Exception {
        switch (source.toLowerCase(Locale.ROOT)) {
            case "random":
                return Directions.random(seed + axis, probe.parameterCount(), centre.dataType());
            case "gradient":
                return Directions.gradient(probe, centre, "the gradient of the loss at the centre");
            default:
                ModelSource other = ModelReference.parse(source);
                INDArray target = ModelReference.parameters(other, source, probe.layout(), centre.dataType());
                return Directions.difference(centre, target, other.describe() + " minus the centre");
        }
    }

    private int evaluate(Slice slice, GridSpec gridSpec, DirectionSet prepared, NetworkObjectiveFactory factory,
                         CommandInputs inputs, int workerCount, PrintWriter out) throws Exception {
        SliceRun target = output.target(inputs.run() == null ? null : Results.of(inputs.run()),
                defaultName(inputs, prepared));
        Results results = target.results();
        String name = target.name();
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (int k = 0; k < prepared.size(); k++) {
            if (prepared.get(k).seed() != null) {
                seeds.put("direction_" + k, prepared.get(k).seed());
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("directions_file", results.file(name + ".directions").getFileName().toString());
        Provenance directionsProvenance = Provenance.of(inputs.runId(), inputs.sourceIterations(),
                factory.provenance(), Map.of("for", name + Results.EXTENSION), Map.of());
        Path directionsFile = DirectionTable.save(results, name + ".directions", prepared, directionsProvenance);
        Provenance provenance = SliceTable.provenance(slice, gridSpec, factory.provenance(), inputs.runId(),
                inputs.sourceIterations(), seeds, extra);
        String task = "surface " + gridSpec.nx() + "x" + gridSpec.ny();
        SliceSummary summary = sparkOptions.enabled()
                ? SparkRun.evaluate(sparkOptions, target, factory.spec().orElseThrow(), slice, gridSpec, provenance,
                task)
                : target.evaluate(factory, workerCount, slice, gridSpec, provenance, task);
        Path file = results.file(name);
        output.report(out, file, directionsFile, gridSpec, prepared, summary);
        if (eigen) {
            eigenMap(slice, gridSpec, factory, results, name, provenance, workerCount, out);
        }
        return 0;
    }

    /** The |λmin/λmax| map of the same slice and grid, on the DOUBLE twin of the objective. */
    private void eigenMap(Slice slice, GridSpec gridSpec, NetworkObjectiveFactory factory, Results results, String name,
                          Provenance sliceProvenance, int workerCount, PrintWriter out) throws Exception {
        if (eigenSteps < 2) {
            throw new IllegalArgumentException("--eigen-steps " + eigenSteps + ": give at least 2");
        }
        ObjectiveFactory doubles = factory.withPrecision(Precision.DOUBLE);
        LanczosSettings lanczos = LanczosSettings.defaults().withMaxSteps(eigenSteps);
        Map<String, Object> settings = new LinkedHashMap<>(sliceProvenance.settings());
        settings.put("slice_file", results.file(name).getFileName().toString());
        settings.put("lanczos", Map.of("max_steps", lanczos.maxSteps(), "tolerance", lanczos.tolerance(),
                "seed", lanczos.seed()));
        Provenance provenance = Provenance.of(sliceProvenance.runId(), sliceProvenance.sourceIterations(),
                doubles.provenance(), settings, sliceProvenance.seeds());
        String eigenName = name + ".eigen";
        List<CurvatureMap.Point> points;
        int total = slice.domainPoints(gridSpec).length;
        try (PendingResult pending = results.startRows(eigenName, CurvatureMap.TABLE, provenance, 1024);
             Progress progress = Progress.start("eigenvalues " + gridSpec.nx() + "x" + gridSpec.ny(), total, 0,
                     System.err)) {
            points = CurvatureMap.evaluate(slice, gridSpec, doubles, lanczos, workerCount, pending,
                    (done, all) -> progress.update(done));
            pending.commit();
        }
        double largest = Double.NEGATIVE_INFINITY;
        double smallest = Double.POSITIVE_INFINITY;
        double ratio = 0;
        for (CurvatureMap.Point point : points) {
            if (point.lambdaMax() != null) {
                largest = Math.max(largest, point.lambdaMax());
                smallest = Math.min(smallest, point.lambdaMin());
                ratio = Math.max(ratio, point.ratio());
            }
        }
        if (!output.json) {
            out.printf(Locale.ROOT, "eigen map   %s: λmax up to %.6g, λmin down to %.6g, max |λmin/λmax| %.4g%n",
                    results.file(eigenName), largest, smallest, ratio);
            out.flush();
        }
    }

    private String gridSize() {
        if (grid == null) {
            return line ? "51" : "21x21";
        }
        if (!line && !grid.trim().matches(".*[xX×].*")) {
            return grid.trim() + "x" + grid.trim();
        }
        if (line && grid.trim().matches(".*[xX×].*")) {
            throw new IllegalArgumentException("--grid " + grid + " is 2-D, but --line evaluates a line: give a number"
                    + " of points, e.g. --grid 51");
        }
        return grid;
    }

    private String defaultName(CommandInputs inputs, DirectionSet prepared) {
        StringBuilder name = new StringBuilder(line ? "line" : "surface");
        inputs.sourceIterations().stream().findFirst().ifPresent(iteration -> name.append("-it").append(iteration));
        name.append('-').append(prepared.settings().normalization().jsonName());
        for (String source : directions) {
            name.append('-').append(source.equalsIgnoreCase("random") ? "s" + seed
                    : source.equalsIgnoreCase("gradient") ? "grad" : "model");
        }
        return name.toString();
    }
}
