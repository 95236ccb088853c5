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
import org.landscape4j.curvature.DensityTables;
import org.landscape4j.curvature.Domain;
import org.landscape4j.curvature.HessianOperator;
import org.landscape4j.curvature.Hutchinson;
import org.landscape4j.curvature.Lanczos;
import org.landscape4j.curvature.LanczosResult;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.curvature.RitzPair;
import org.landscape4j.curvature.SpectralDensity;
import org.landscape4j.curvature.StochasticLanczosQuadrature;
import org.landscape4j.curvature.TraceEstimate;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionKind;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Normalization;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.SafeText;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.landscape4j.curvature.CriticalPoint;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j curvature}: the Hessian's extreme eigenvalues (Lanczos), optionally its top-k eigenvectors as a
 * directions table that {@code surface --directions} takes, its trace (Hutchinson) and its eigenvalue density
 * (stochastic Lanczos quadrature), at a snapshot of a run or a model file, on the run's {@code eval.csv} or
 * {@code --data}; restricted to some layers with {@code --layers}.
 */
@Command(name = "curvature", aliases = "hessian", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hessian of the mean loss at a snapshot of a run (or a model file): λmax, λmin and |λmin/λmax| by"
                + " Lanczos with residuals; optionally the top-k eigenpairs (eigenvectors saved as directions for"
                + " surface --directions), the trace (Hutchinson, ± standard error) and the eigenvalue density (SLQ)"
                + " written to the run's results/.",
            "Products by central differences of gradients on a DOUBLE copy of the model (unless --precision is"
                + " given)."},
        footer = {"", "Examples:",
            "  landscape4j curvature runs/modular-addition                   # λmax, λmin at the last snapshot",
            "  landscape4j curvature runs/r --snapshot 10 --top 2 --trace --density --json",
            "  landscape4j hessian runs/r --extremes --trace --probe 512   # on 512 examples of eval.csv",
            "  landscape4j curvature runs/r --layers 0,1 --steps 100        # the first two layers' block",
            "  landscape4j surface runs/r --directions runs/r/results/hessian-top2-it500.arrows --norm none",
            "", "Exit codes: 0 done, 1 bad input (or a diverged model: no finite product), 2 usage error, 3 internal"
                + " error, 4 interrupted."})
final class CurvatureCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR",
            description = "The run directory (its snapshot is the model unless --model is given).")
    Path runDirectory;

    @Mixin
    ObjectiveOptions objective;

    @Option(names = "--extremes", description = "Compute λmax, λmin, |λmin/λmax| and the critical-point class by"
            + " Lanczos (done unless only --trace or --density is asked).")
    boolean extremes;

    @Option(names = "--probe", paramLabel = "N",
            description = "Measure on N examples of the data drawn with --subsample-seed, the probe set (the same as"
                    + " --subsample N; default: all).")
    Long probe;

    @Option(names = "--top", paramLabel = "K", defaultValue = "0",
            description = "Also compute the K largest eigenpairs and save the eigenvectors as a directions table in"
                    + " results/ (default: none).")
    int top;

    @Option(names = "--trace", description = "Estimate tr(H) by Hutchinson's method (--probes Rademacher vectors).")
    boolean trace;

    @Option(names = "--density", description = "Estimate the eigenvalue density by stochastic Lanczos quadrature and"
            + " write its nodes and its smoothed curve to results/.")
    boolean density;

    @Option(names = "--steps", paramLabel = "M", defaultValue = "80",
            description = "Lanczos steps at most (and per SLQ run) (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--tolerance", paramLabel = "TAU", defaultValue = "1e-6",
            description = "Lanczos stops when every wanted Ritz pair's residual bound is below TAU·‖T‖"
                    + " (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "50",
            description = "Rademacher probes of the trace (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--density-runs", paramLabel = "R", defaultValue = "4",
            description = "Random start vectors of the density (default: ${DEFAULT-VALUE}).")
    int densityRuns;

    @Option(names = "--sigma", paramLabel = "S",
            description = "Width of the Gaussians smoothing the density, in eigenvalue units (default: 1% of the"
                    + " nodes' range).")
    Double sigma;

    @Option(names = "--layers", paramLabel = "NAMES", split = ",",
            description = "Restrict H to these layers' trainable arrays (layer names as the manifest's layout gives"
                    + " them, e.g. 0,1) (default: all trainable parameters).")
    List<String> layers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the Lanczos start (S), the trace probes (S + 1) and the density (S + 2)"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--results", paramLabel = "DIR",
            description = "Where --top and --density write (default: the run's results/; required with --model).")
    Path resultsDirectory;

    @Option(names = "--json", description = "Print a JSON summary on standard output instead of text.")
    boolean json;

    @Option(names = "--gradient-tolerance", paramLabel = "G", defaultValue = "1e-3",
            description = "The largest ‖∇L‖ at which the point counts as critical, for the classification (minimum,"
                    + " saddle, flat or undetermined; default: ${DEFAULT-VALUE}).")
    double gradientTolerance;

    @Option(names = "--saddle-tolerance", paramLabel = "T", defaultValue = "0.01",
            description = "Negative curvature is significant below −T·max|λ| (default: ${DEFAULT-VALUE}).")
    double saddleTolerance;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("curvature", spec.commandLine().getErr(), this::curvature);
    }

    private int curvature() throws Exception {
        if (runDirectory == null && objective.model == null) {
            throw new IllegalArgumentException("no model: give a run directory, or --model MODEL.zip with --data"
                    + " DATA.csv");
        }
        if (top < 0) {
            throw new IllegalArgumentException("--top " + top + ": give a number of eigenpairs ≥ 1, or leave it out");
        }
        if (probes < 1 || densityRuns < 1) {
            throw new IllegalArgumentException("--probes " + probes + ", --density-runs " + densityRuns
                    + ": both must be at least 1");
        }
        if (sigma != null && !(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("--sigma " + sigma + ": give a positive width in eigenvalue units");
        }
        if (probe != null) {
            if (probe < 1) {
                throw new IllegalArgumentException("--probe " + probe + ": give a number of examples ≥ 1");
            }
            if (objective.subsample != 0 && objective.subsample != probe) {
                throw new IllegalArgumentException("--probe " + probe + " and --subsample " + objective.subsample
                        + " disagree: they name the same thing, give one");
            }
            objective.subsample = probe;
        }
        boolean lanczosWanted = extremes || top > 0 || !(trace || density);
        LanczosSettings lanczos = new LanczosSettings(steps, tolerance, seed, Math.max(1, top), 1, top > 0, true, 0.1);
        ObjectiveSpec objectiveSpec = objective.spec(runDirectory);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--precision")) {
            objectiveSpec = objectiveSpec.withPrecision(Precision.DOUBLE);
        }
        CommandInputs inputs = CommandInputs.resolve(runDirectory, objectiveSpec.model());
        Results results = results(inputs);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(objectiveSpec);
        long start = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        try (Objective model = factory.create()) {
            Domain domain = layers == null ? Domain.trainable(model.layout()) : Domain.layers(model.layout(), layers);
            try (HessianOperator hessian = HessianOperator.builder(model).domain(domain).build()) {
                long planned = (lanczosWanted ? steps + lanczos.largest() + lanczos.smallest() : 0)
                        + (trace ? probes : 0)
                        + (density ? (long) Math.min(steps, domain.size()) * densityRuns : 0);
                report.put("parameters", model.parameterCount());
                report.put("domain_size", domain.size());
                report.put("layers", layers == null ? null : List.copyOf(layers));
                report.put("examples", model.exampleCount());
                report.put("precision", hessian.precision().name());
                report.put("epsilon", hessian.epsilon());
                report.put("source_iterations", inputs.sourceIterations());
                double gradientNorm = gradientNorm(model, domain);
                report.put("gradient_norm", gradientNorm);
                try (Progress bar = Progress.start("curvature", planned, 0, System.err)) {
                    long[] before = {0};
                    if (lanczosWanted) {
                        extremes(report, hessian, lanczos, gradientNorm, results, inputs, factory, model, bar);
                        before[0] = hessian.productCount();
                    }
                    if (trace) {
                        TraceEstimate estimate = Hutchinson.trace(hessian, probes, seed + 1,
                                (done, total) -> bar.update(before[0] + done));
                        Map<String, Object> t = new LinkedHashMap<>();
                        t.put("estimate", estimate.trace());
                        t.put("standard_error", Double.isNaN(estimate.standardError()) ? null
                                : estimate.standardError());
                        t.put("probes", estimate.probes());
                        report.put("trace", t);
                        before[0] = hessian.productCount();
                    }
                    if (density) {
                        SpectralDensity d = StochasticLanczosQuadrature.density(hessian, steps, densityRuns,
                                seed + 2, (done, total) -> bar.update(before[0] + done)).orElseThrow(() ->
                                new IllegalArgumentException("no density: a Hessian product was not finite"));
                        report.put("density", writeDensity(results, inputs, factory, d));
                    }
                    bar.update(hessian.productCount());
                }
                report.put("products", hessian.productCount());
                report.put("kink_shrinks", hessian.kinkShrinks());
                report.put("unresolved_kinks", hessian.unresolvedKinks());
            }
        }
        report.put("seconds", (System.nanoTime() - start) / 1e9);
        print(report);
        return 0;
    }

    /** Lanczos's extreme eigenpairs, the critical-point class and, with --top, the saved eigenvectors. */
    private void extremes(Map<String, Object> report, HessianOperator hessian, LanczosSettings lanczos,
                          double gradientNorm, Results results, CommandInputs inputs, NetworkObjectiveFactory factory,
                          Objective model, Progress bar) throws java.io.IOException {
        LanczosResult result = Lanczos.run(hessian, lanczos, null, (done, total) -> bar.update(done))
                .orElseThrow(() -> new IllegalArgumentException("no eigenvalues: the Hessian products"
                        + " were not finite (a diverged model?) or the domain is empty"));
        spectrum(report, result);
        CriticalPoint point = CriticalPoint.classify(gradientNorm, result.lambdaMax(),
                result.lambdaMin(), result.lambdaMaxResidual(), result.lambdaMinResidual(),
                gradientTolerance, saddleTolerance);
        Map<String, Object> critical = new LinkedHashMap<>();
        critical.put("kind", point.kind().name().toLowerCase(Locale.ROOT));
        critical.put("explanation", point.explanation());
        critical.put("gradient_tolerance", gradientTolerance);
        critical.put("saddle_tolerance", saddleTolerance);
        report.put("critical_point", critical);
        if (top > 0) {
            report.put("directions_file", saveEigenvectors(results, inputs, factory, model, result)
                    .toString());
        }
        closeVectors(result);
    }

    private Results results(CommandInputs inputs) {
        if (resultsDirectory != null) {
            return Results.at(resultsDirectory.toAbsolutePath());
        }
        if (inputs.run() != null) {
            return Results.of(inputs.run());
        }
        if (top > 0 || density) {
            throw new IllegalArgumentException("--top and --density write results, but the model is a file: give"
                    + " --results DIR");
        }
        return null;
    }

    private static void spectrum(Map<String, Object> report, LanczosResult result) {
        report.put("lambda_max", result.lambdaMax());
        report.put("lambda_min", result.lambdaMin());
        report.put("ratio", Double.isNaN(result.ratio()) ? null : result.ratio());
        RitzPair max = result.largest().get(0);
        RitzPair min = result.smallest().get(0);
        report.put("lambda_max_residual", max.bestResidual());
        report.put("lambda_min_residual", min.bestResidual());
        report.put("lambda_max_residual_bound", max.residualBound());
        report.put("lambda_min_residual_bound", min.residualBound());
        report.put("lanczos_steps", result.steps());
        report.put("lanczos_stop", result.stop().name().toLowerCase(Locale.ROOT));
        report.put("converged", result.converged());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (RitzPair pair : result.largest()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", pair.value());
            entry.put("residual", pair.bestResidual());
            pairs.add(entry);
        }
        report.put("top", pairs);
    }

    private Path saveEigenvectors(Results results, CommandInputs inputs, NetworkObjectiveFactory factory,
                                  Objective model, LanczosResult result) throws java.io.IOException {
        List<Direction> directions = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < Math.min(top, result.largest().size()); k++) {
            RitzPair pair = result.largest().get(k);
            INDArray vector = pair.vector().orElseThrow().dup();
            directions.add(new Direction(DirectionKind.HESSIAN_EIGENVECTOR, vector, null, String.format(Locale.ROOT,
                    "Hessian eigenvector %d (λ = %.6g, residual %.2g)", k + 1, pair.value(), pair.bestResidual())));
            values.add(pair.value());
        }
        DirectionSet set = DirectionSet.prepare(directions, model.parameters(), model.layout(),
                new DirectionSettings(Normalization.NONE, true), false);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("eigenvalues", values);
        settings.put("layers", layers == null ? null : List.copyOf(layers));
        settings.put("lanczos_steps", result.steps());
        settings.put("tolerance", tolerance);
        Provenance provenance = Provenance.of(inputs.runId(), inputs.sourceIterations(), factory.provenance(),
                Map.of("hessian", settings), Map.of("lanczos", seed));
        return DirectionTable.save(results, name(inputs, "hessian-top" + top), set, provenance);
    }

    private Map<String, Object> writeDensity(Results results, CommandInputs inputs, NetworkObjectiveFactory factory,
                                             SpectralDensity density) throws java.io.IOException {
        double low = density.minNode();
        double high = density.maxNode();
        double width = sigma != null ? sigma : high > low ? 0.01 * (high - low) : 1e-3 * Math.max(1, Math.abs(high));
        double[] grid = SpectralDensity.linearGrid(low - 5 * width, high + 5 * width, 401);
        double[] values = density.evaluate(grid, width);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("steps", steps);
        settings.put("runs", densityRuns);
        settings.put("sigma", width);
        settings.put("grid", Map.of("from", grid[0], "to", grid[grid.length - 1], "points", grid.length));
        settings.put("layers", layers == null ? null : List.copyOf(layers));
        settings.put("domain_size", density.domainSize());
        Provenance provenance = Provenance.of(inputs.runId(), inputs.sourceIterations(), factory.provenance(),
                Map.of("hessian_density", settings), Map.of("density", seed + 2));
        String base = name(inputs, "hessian-density");
        Path nodes = DensityTables.writeNodes(results, base + "-nodes", density, provenance);
        Path curve = DensityTables.writeCurve(results, base, grid, values, provenance);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("curve_file", curve.toString());
        report.put("nodes_file", nodes.toString());
        report.put("sigma", width);
        report.put("runs", densityRuns);
        report.put("min_node", low);
        report.put("max_node", high);
        report.put("trace_estimate", density.moment(1) * density.domainSize());
        return report;
    }

    private String name(CommandInputs inputs, String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        inputs.sourceIterations().stream().findFirst().ifPresent(iteration -> name.append("-it").append(iteration));
        if (layers != null) {
            name.append("-layers-").append(String.join("_", layers).replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        return name.toString();
    }

    private static void closeVectors(LanczosResult result) {
        for (List<RitzPair> pairs : List.of(result.largest(), result.smallest())) {
            for (RitzPair pair : pairs) {
                pair.vector().ifPresent(INDArray::close);
            }
        }
    }

    /** @return ‖∇L‖ over the domain at the objective's buffer (one gradient pass) */
    private static double gradientNorm(Objective model, Domain domain) {
        INDArray gradient = Nd4j.create(model.precision().toNd4j(), model.parameterCount());
        model.gradient(gradient);
        domain.project(gradient);
        double norm = Blas.nrm2(gradient);
        gradient.close();
        return norm;
    }

    private void print(Map<String, Object> report) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.println(String.format(Locale.ROOT, "parameters   %d (Hessian on %d of them, %s, ε = %.3g), %d examples",
                    report.get("parameters"), report.get("domain_size"), report.get("precision"), report.get("epsilon"),
                    report.get("examples")));
            if (report.containsKey("lambda_max")) {
                out.println(String.format(Locale.ROOT, "λmax         %.6g (residual %.2g)", report.get("lambda_max"),
                        report.get("lambda_max_residual")));
                out.println(String.format(Locale.ROOT, "λmin         %.6g (residual %.2g)", report.get("lambda_min"),
                        report.get("lambda_min_residual")));
                out.println(String.format(Locale.ROOT, "|λmin/λmax|  %s", report.get("ratio") == null ? "n/a"
                        : String.format(Locale.ROOT, "%.4g", report.get("ratio"))));
                out.println("lanczos      " + report.get("lanczos_steps") + " steps, " + report.get("lanczos_stop"));
            }
            if (report.get("critical_point") instanceof Map<?, ?> c) {
                out.println(String.format(Locale.ROOT, "point        %s (‖∇L‖ = %.3g): %s", c.get("kind"),
                        report.get("gradient_norm"), c.get("explanation")));
            }
            if (top > 0) {
                StringBuilder values = new StringBuilder();
                for (Object pair : (List<?>) report.get("top")) {
                    values.append(values.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g",
                            ((Map<?, ?>) pair).get("value")));
                }
                out.println("top " + top + "        " + values);
                out.println("directions   " + SafeText.escapeControls(String.valueOf(report.get("directions_file"))));
            }
            if (report.get("trace") instanceof Map<?, ?> t) {
                out.println(String.format(Locale.ROOT, "trace        %.6g ± %s (%s probes)", t.get("estimate"),
                        t.get("standard_error") == null ? "n/a"
                                : String.format(Locale.ROOT, "%.2g", t.get("standard_error")), t.get("probes")));
            }
            if (report.get("density") instanceof Map<?, ?> d) {
                out.println(String.format(Locale.ROOT, "density      σ = %.3g over [%.4g, %.4g]: %s", d.get("sigma"),
                        d.get("min_node"), d.get("max_node"), SafeText.escapeControls(String.valueOf(
                                d.get("curve_file")))));
            }
            out.println(String.format(Locale.ROOT, "time         %.1f s, %d Hessian-vector products",
                    report.get("seconds"), report.get("products")));
            if (report.get("kink_shrinks") instanceof Long shrinks && shrinks > 0) {
                out.println(String.format(Locale.ROOT, "kinks        %d products straddled a kink at ε and were"
                        + " recomputed with a smaller step; %s unresolved at ε/1000", shrinks,
                        report.get("unresolved_kinks")));
            }
        }
        out.flush();
    }
}
