package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Directions;
import org.landscape4j.direction.Normalization;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceKind;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.SnapshotSelection;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j surface}: a 1-D line or 2-D plane of the loss around a recorded snapshot (or a model file),
 * along random, gradient or model-difference directions normalized as Li et al. (2018), evaluated by parallel
 * workers (or on Spark) into the run's {@code results/} with its directions saved beside it; optionally the
 * |λmin/λmax| map of the same grid ({@code --eigen}); around many snapshots with {@code --snapshots}
 * ({@link SnapshotSurfaces}).
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
            "  landscape4j surface runs/r --snapshots 0::5 --grid 11         # the same plane around every 5th snapshot",
            "  landscape4j surface runs/r --grid 41 --spark local[2]         # on Apache Spark (embedded)",
            "  landscape4j surface runs/r --grid 41 --spark spark://head:7077 --spark-conf spark.executor.memory=4g",
            "  landscape4j surface runs/r --snapshots ::2 --grid 21 --spark local[2]   # one Spark task per snapshot",
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

    @Option(names = "--snapshots", paramLabel = "A:B[:STRIDE]",
            description = "Slice each of these snapshots of the run instead of one (positions a, a+stride, ... below"
                    + " b, as pca --snapshots: e.g. 0::5, -10:): the same grid, the same seeded raw directions, each"
                    + " normalized against its snapshot; one result per snapshot in the run's results/, named after its"
                    + " iteration; completed ones are skipped when run again. Not with --snapshot, --model or --out.")
    String snapshots;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("surface", spec.commandLine().getErr(), this::surface);
    }

    private int surface() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (snapshots != null) {
            checkSnapshotsUsage();
        }
        if (runDirectory == null && objective.model == null) {
            throw new IllegalArgumentException("no model: give a run directory, or --model MODEL.zip with --data"
                    + " DATA.csv and --out FILE.arrows");
        }
        if (eigen && eigenSteps < 2) {
            throw new IllegalArgumentException("--eigen-steps " + eigenSteps + ": give at least 2");
        }
        ObjectiveSpec objectiveSpec = objective.spec(runDirectory);
        Normalization.fromName(norm);
        GridSpec gridSpec = GridSpec.parse(gridSize(), range);
        int dimensions = line ? 1 : 2;
        if (directions.size() > dimensions) {
            throw new IllegalArgumentException(directions.size() + " directions given (" + String.join(",", directions)
                    + ") for a " + (line ? "line, which takes 1" : "plane, which takes 2"));
        }
        int workerCount = output.workerCount();
        SnapshotSurfaces many = snapshots == null ? null
                : SnapshotSurfaces.select(this, objectiveSpec, SnapshotSelection.parse(snapshots));
        try (SparkRun spark = sparkOptions.enabled() ? SparkRun.start(sparkOptions) : null) {
            if (many != null) {
                return many.run(gridSpec, workerCount, spark, out);
            }
            CommandInputs inputs = CommandInputs.resolve(runDirectory, objectiveSpec.model());
            SurfacePlan plan = plan(objectiveSpec, inputs, gridSpec, prepared -> output.target(
                    inputs.run() == null ? null : Results.of(inputs.run()), defaultName(inputs, prepared)));
            Path directionsFile = plan.saveDirections();
            String task = "surface " + gridSpec.nx() + "x" + gridSpec.ny();
            SliceSummary summary = spark != null
                    ? spark.slice(plan.target(), plan.factory().spec().orElseThrow(), plan.slice(), gridSpec,
                    plan.provenance(), task)
                    : plan.target().evaluate(plan.factory(), workerCount, plan.slice(), gridSpec, plan.provenance(),
                    task);
            output.report(out, plan.target().file(), directionsFile, gridSpec, plan.directions(), summary);
            if (eigen) {
                List<CurvatureMap.Point> points = eigenMap(plan, gridSpec, workerCount, spark, "eigenvalues");
                if (!output.json) {
                    printEigen(out, plan.eigenFile(), points);
                }
            }
            return 0;
        }
    }

    /** {@code --snapshots} excludes the options that name one model or one file: a usage error (exit code 2). */
    private void checkSnapshotsUsage() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        String clash = parsed.hasMatchedOption("--snapshot") ? "--snapshot"
                : parsed.hasMatchedOption("--model") ? "--model" : parsed.hasMatchedOption("--out") ? "--out" : null;
        if (clash != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshots and " + clash + " are mutually"
                    + " exclusive: " + (clash.equals("--out") ? "--snapshots writes one result per snapshot to the"
                    + " run's results/, named after its iteration; drop --out"
                    : "--snapshot K slices one snapshot, --snapshots A:B:STRIDE many of the run; give one of them"));
        }
        if (runDirectory == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshots slices snapshots of a run: give"
                    + " the RUN_DIR");
        }
    }

    /**
     * What a slice around one model needs, made as every surface makes it: the objective factory, the centre (the
     * model's θ), the directions (random ones seeded {@code --seed + axis}, then normalized against this centre), the
     * slice, where it goes and its provenance (and the eigenvalue map's, with {@code --eigen}).
     *
     * @param target where the slice goes, given its directions (their normalization names the default file)
     */
    SurfacePlan plan(ObjectiveSpec objectiveSpec, CommandInputs inputs, GridSpec gridSpec,
                     java.util.function.Function<DirectionSet, SliceRun> target) throws Exception {
        Normalization normalization = Normalization.fromName(norm);
        int dimensions = line ? 1 : 2;
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(objectiveSpec);
        INDArray centre;
        DirectionSet prepared = null;
        try (Objective probe = factory.create()) {
            centre = probe.parameters().dup();
            List<Direction> made = new ArrayList<>();
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
        }
        Slice slice = line ? Slice.line(centre, prepared.get(0).vector())
                : Slice.plane(centre, prepared.get(0).vector(), prepared.get(1).vector());
        SliceRun where = target.apply(prepared);
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (int k = 0; k < prepared.size(); k++) {
            if (prepared.get(k).seed() != null) {
                seeds.put("direction_" + k, prepared.get(k).seed());
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("directions_file", where.results().file(where.name() + ".directions").getFileName().toString());
        Provenance provenance = SliceTable.provenance(slice, gridSpec, factory.provenance(), inputs.runId(),
                inputs.sourceIterations(), seeds, extra);
        Provenance eigenProvenance = null;
        if (eigen) {
            Map<String, Object> settings = new LinkedHashMap<>(provenance.settings());
            settings.put("slice_file", where.file().getFileName().toString());
            LanczosSettings lanczos = lanczos();
            settings.put("lanczos", Map.of("max_steps", lanczos.maxSteps(), "tolerance", lanczos.tolerance(),
                    "seed", lanczos.seed()));
            eigenProvenance = Provenance.of(provenance.runId(), provenance.sourceIterations(),
                    factory.withPrecision(Precision.DOUBLE).provenance(), settings, provenance.seeds());
        }
        return new SurfacePlan(factory, inputs, prepared, slice, where, provenance, eigenProvenance);
    }

    /** @return the Lanczos settings of {@code --eigen}: {@code --eigen-steps} steps at most */
    LanczosSettings lanczos() {
        return LanczosSettings.defaults().withMaxSteps(eigenSteps);
    }

    /** @return true if {@code --eigen} was given */
    boolean eigen() {
        return eigen;
    }

    /** @return the slice and report options */
    SliceOutputOptions output() {
        return output;
    }

    /** @return the run directory named on the command line */
    Path runDirectory() {
        return runDirectory;
    }

    /** @return the kind of the slices: a line or a plane */
    SliceKind kind() {
        return line ? SliceKind.LINE : SliceKind.PLANE;
    }

    /** @return {@code "surface"} or {@code "line"} and the grid, for progress bars */
    String task(GridSpec gridSpec) {
        return (line ? "line " + gridSpec.nx() : "surface " + gridSpec.nx() + "x" + gridSpec.ny());
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

    /**
     * The |λmin/λmax| map of the plan's slice and grid, on the DOUBLE twin of the objective: with the local workers
     * or on Spark ({@link EigenWork} either way, so the same numbers), resuming a partial map.
     *
     * @return every point of the map
     */
    List<CurvatureMap.Point> eigenMap(SurfacePlan plan, GridSpec gridSpec, int workerCount, SparkRun spark,
                                      String task) throws Exception {
        String label = task + " " + gridSpec.nx() + "x" + gridSpec.ny();
        Results results = plan.target().results();
        if (spark != null) {
            return spark.eigen(results, plan.eigenName(), plan.factory().spec().orElseThrow()
                            .withPrecision(Precision.DOUBLE), new EigenWork(lanczos()), plan.slice(), gridSpec,
                    plan.eigenProvenance(), label);
        }
        ObjectiveFactory doubles = plan.factory().withPrecision(Precision.DOUBLE);
        int total = plan.slice().domainPoints(gridSpec).length;
        try (PendingResult pending = results.startRows(plan.eigenName(), CurvatureMap.TABLE, plan.eigenProvenance(),
                1024)) {
            List<CurvatureMap.Point> points;
            try (Progress progress = Progress.start(label, total, pending.resumedRows().size(), System.err)) {
                points = CurvatureMap.evaluate(plan.slice(), gridSpec, doubles, lanczos(), workerCount, pending,
                        (done, all) -> progress.update(done));
            }
            pending.commit();
            return points;
        }
    }

    /** Prints the eigenvalue map's extremes, one line. */
    static void printEigen(PrintWriter out, Path file, List<CurvatureMap.Point> points) {
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
        out.printf(Locale.ROOT, "eigen map   %s: λmax up to %.6g, λmin down to %.6g, max |λmin/λmax| %.4g%n",
                file, largest, smallest, ratio);
        out.flush();
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

    String defaultName(CommandInputs inputs, DirectionSet prepared) {
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
