package org.landscape4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveSpec;
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
 * {@code landscape4j interpolate A B [C [D]]}: the loss between models of one architecture. Two models: the linear
 * interpolation (1−α)θ_A + αθ_B (Goodfellow et al. 2015); three: the barycentric interpolation on the triangle
 * θ_A + α(θ_B − θ_A) + β(θ_C − θ_A); four: the bilinear interpolation of θ_A, θ_B, θ_C, θ_D at the corners
 * (0,0), (1,0), (0,1), (1,1) (Im et al. 2017). The objective's data and options are those of the first model.
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates the loss between 2 (linear), 3 (barycentric) or 4 (bilinear) models of one"
                + " architecture: model files or snapshots of runs.",
        footer = {"", "Examples:",
            "  landscape4j interpolate runs/r@0 runs/r@-1                       # from the first to the last snapshot",
            "  landscape4j interpolate a.zip b.zip --data eval.csv --range -0.5,1.5 --points 81 --out ab.arrows",
            "  landscape4j interpolate runs/r@10 runs/r@20 runs/r@30 --points 21   # barycentric, a triangle",
            "", "Models: MODEL.zip, RUN_DIR (its last snapshot) or RUN_DIR@K (snapshot K, negative from the end).",
            "Exit codes: 0 written, 1 bad input, 2 usage error, 3 internal error, 4 interrupted (run again to resume)."})
final class InterpolateCommand implements Callable<Integer> {

    @Parameters(arity = "2..4", paramLabel = "MODEL", description = "The models, 2 to 4.")
    List<String> models;

    @Mixin
    ObjectiveOptions objective;

    @Mixin
    SliceOutputOptions output;

    @Mixin
    SparkOptions spark;

    @Option(names = "--range", paramLabel = "MIN,MAX[,YMIN,YMAX]",
            description = "The coefficients (default: -0.5,1.5 for 2 models; 0,1 for 3 and 4).")
    String range;

    @Option(names = "--points", paramLabel = "N",
            description = "Points per axis (default: 51 for 2 models, 21 for 3 and 4).")
    Integer points;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("interpolate", spec.commandLine().getErr(), this::interpolate);
    }

    private int interpolate() throws Exception {
        List<ModelSource> sources = new ArrayList<>();
        for (String model : models) {
            sources.add(ModelReference.parse(model));
        }
        if (objective.model != null) {
            throw new IllegalArgumentException("--model does not apply: the models are the arguments");
        }
        Path firstRun = sources.get(0) instanceof ModelSource.RunSnapshot snapshot ? Path.of(snapshot.runDirectory())
                : null;
        ObjectiveSpec first = new ObjectiveSpec(sources.get(0), objective.spec(firstRun).data(), objective.precision);
        CommandInputs inputs = CommandInputs.resolve(null, sources.toArray(new ModelSource[0]));
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(first);
        List<INDArray> thetas = new ArrayList<>();
        try (Objective probe = factory.create()) {
            thetas.add(probe.parameters().dup());
            for (int m = 1; m < sources.size(); m++) {
                thetas.add(ModelReference.parameters(sources.get(m), models.get(m), probe.layout(),
                        probe.parameters().dataType()));
            }
        }
        Slice slice = switch (thetas.size()) {
            case 2 -> Slice.interpolation(thetas.get(0), thetas.get(1));
            case 3 -> Slice.barycentric(thetas.get(0), thetas.get(1), thetas.get(2));
            default -> Slice.bilinear(thetas.get(0), thetas.get(1), thetas.get(2), thetas.get(3));
        };
        boolean line = thetas.size() == 2;
        int n = points == null ? (line ? 51 : 21) : points;
        String size = line ? Integer.toString(n) : n + "x" + n;
        GridSpec grid = GridSpec.parse(size, range != null ? range : line ? "-0.5,1.5" : "0,1");
        SliceRun target = output.target(inputs.run() == null ? null : Results.of(inputs.run()),
                slice.kind().id() + "-" + String.join("-", inputs.sourceIterations().stream().map(i -> "it" + i)
                        .toList()));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("models", models);
        Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), inputs.runId(),
                inputs.sourceIterations(), Map.of(), extra);
        SliceSummary summary = spark.enabled()
                ? SparkRun.evaluate(spark, target, first, slice, grid, provenance, slice.kind().id())
                : target.evaluate(factory, output.workerCount(), slice, grid, provenance, slice.kind().id());
        output.report(spec.commandLine().getOut(), target.file(), null, grid, null, summary);
        return 0;
    }
}
