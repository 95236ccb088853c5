package org.landscape4j.report.html;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.report.data.PcaData;
import org.landscape4j.report.data.RunData;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunSummary;
import org.landscape4j.trajectory.AndrewsCurves;

/**
 * The report's data as a JSON tree (maps, lists, numbers, text): the run summary, every result's provenance,
 * metrics, curvature, slices and PCAs. A number that is not finite becomes null (plotly draws a gap); the text
 * is passed as it is read (the page shows it with {@code textContent}, never as markup).
 */
final class ReportModel {

    /** Andrews curves are sampled at this many points of t. */
    static final int ANDREWS_POINTS = 101;

    private ReportModel() {
    }

    static Map<String, Object> of(RunData data, String version, Instant generated) {
        RunSummary s = data.summary();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("generator", "landscape4j " + version);
        model.put("generated", generated.toString());
        model.put("run", run(s));
        model.put("problems", data.problems());
        List<Object> results = new ArrayList<>();
        for (Results.ResultInfo result : s.results()) {
            results.add(result(result, s.manifest().runId()));
        }
        model.put("results", results);
        model.put("metrics", data.metrics().isEmpty() ? null : metrics(data.metrics()));
        model.put("curvature", data.curvature().isEmpty() ? null : curvature(data.curvature()));
        List<Object> slices = new ArrayList<>();
        for (SliceData slice : data.slices()) {
            slices.add(slice(slice));
        }
        model.put("slices", slices);
        List<Object> pcas = new ArrayList<>();
        for (PcaData pca : data.pcas()) {
            pcas.add(pca(pca, data.epochOfIteration()));
        }
        model.put("pca", pcas);
        return model;
    }

    private static Map<String, Object> run(RunSummary s) {
        RunManifest m = s.manifest();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("path", s.path().toString());
        run.put("name", s.path().toAbsolutePath().normalize().getFileName() == null ? s.path().toString()
                : s.path().toAbsolutePath().normalize().getFileName().toString());
        run.put("run_id", m.runId());
        run.put("status", m.status().jsonName());
        run.put("failure", m.failure());
        run.put("recorder_alive", s.recorderAlive());
        run.put("format_version", m.formatVersion());
        run.put("network_class", m.networkClass());
        run.put("parameter_count", m.parameterCount());
        run.put("data_type", m.dataType());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("landscape4j", m.landscape4jVersion());
        versions.put("dl4j", m.dl4jVersion());
        versions.put("java", m.javaVersion());
        run.put("versions", versions);
        run.put("start_time", String.valueOf(m.startTime()));
        run.put("end_time", m.endTime() == null ? null : m.endTime().toString());
        run.put("updates", s.updates());
        run.put("epochs_completed", s.epochsCompleted() < 0 ? null : s.epochsCompleted());
        run.put("snapshots", s.snapshots());
        run.put("first_snapshot", s.firstSnapshot() < 0 ? null : s.firstSnapshot());
        run.put("last_snapshot", s.lastSnapshot() < 0 ? null : s.lastSnapshot());
        run.put("metric_rows", s.metricRows());
        run.put("curvature_rows", s.curvatureRows());
        run.put("diverged_at", s.divergedAt() < 0 ? null : s.divergedAt());
        run.put("seeds", m.seeds());
        run.put("settings", m.settings());
        List<Object> layout = new ArrayList<>();
        for (ParameterArray a : m.layout().arrays()) {
            Map<String, Object> array = new LinkedHashMap<>();
            array.put("name", a.name());
            array.put("layer", a.layer());
            array.put("layer_type", a.layerType());
            array.put("shape", Arrays.stream(a.shape()).boxed().toList());
            array.put("offset", a.offset());
            array.put("length", a.length());
            array.put("role", a.role().name().toLowerCase(java.util.Locale.ROOT));
            layout.add(array);
        }
        run.put("layout", layout);
        run.put("files", s.files());
        run.put("warnings", s.warnings());
        return run;
    }

    private static Map<String, Object> result(Results.ResultInfo result, String runId) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", result.name());
        r.put("kind", result.kind());
        r.put("rows", result.rows());
        r.put("problem", result.problem());
        Provenance p = result.provenance();
        if (p != null) {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("run_id", p.runId());
            provenance.put("current", p.runId() == null || runId == null ? null : p.runId().equals(runId));
            provenance.put("source_iterations", p.sourceIterations());
            provenance.put("objective", p.objective());
            provenance.put("settings", p.settings());
            provenance.put("seeds", p.seeds());
            provenance.put("version", p.version());
            r.put("provenance", provenance);
        }
        return r;
    }

    private static Map<String, Object> metrics(List<MetricRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iteration", column(rows, r -> (double) r.iteration()));
        m.put("epoch", column(rows, r -> (double) r.epoch()));
        m.put("score", column(rows, MetricRow::score));
        m.put("grad_norm", column(rows, MetricRow::gradientNorm));
        m.put("update_norm", column(rows, MetricRow::updateNorm));
        m.put("learning_rate", column(rows, MetricRow::learningRate));
        return m;
    }

    private static Map<String, Object> curvature(List<CurvatureRow> rows) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iteration", column(rows, r -> (double) r.iteration()));
        c.put("curvature_g", column(rows, CurvatureRow::curvatureGrad));
        c.put("curvature_u", column(rows, CurvatureRow::curvatureStep));
        c.put("lambda_max", column(rows, CurvatureRow::lambdaMax));
        c.put("lambda_min", column(rows, CurvatureRow::lambdaMin));
        c.put("stability_threshold", column(rows, CurvatureRow::stabilityThreshold));
        c.put("predicted_change", column(rows, CurvatureRow::predictedChange));
        c.put("observed_change", column(rows, CurvatureRow::observedChange));
        c.put("ill_conditioned", rows.stream().map(CurvatureRow::illConditioned).toList());
        c.put("edge_of_stability", rows.stream().map(CurvatureRow::edgeOfStability).toList());
        return c;
    }

    private static Map<String, Object> slice(SliceData slice) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", slice.name());
        s.put("kind", slice.kind());
        s.put("line", slice.isLine());
        s.put("alpha", numbers(slice.alpha()));
        s.put("beta", numbers(slice.beta()));
        // plotly's z is row-major in y: z[j][i] = loss at (α_i, β_j)
        List<Object> z = new ArrayList<>();
        for (int j = 0; j < slice.ny(); j++) {
            double[] row = new double[slice.nx()];
            for (int i = 0; i < slice.nx(); i++) {
                row[i] = slice.loss()[i][j];
            }
            z.add(numbers(row));
        }
        s.put("z", z);
        s.put("non_finite", slice.nonFiniteCount());
        double[] range = slice.finiteRange();
        s.put("min", number(range[0]));
        s.put("max", number(range[1]));
        OptimizationPath path = slice.path();
        if (path != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("x", numbers(path.x()));
            p.put("y", numbers(path.y()));
            double[] under = new double[path.size()];
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < path.size(); k++) {
                under[k] = slice.interpolate(path.x()[k], path.y()[k]);
                labels.add(path.labelled(k, 12) ? path.pointLabel(k) : "");
            }
            p.put("z", numbers(under));   // the surface's value under each point (bilinear), for the 3-D line
            p.put("labels", labels);
            s.put("path", p);
        }
        return s;
    }

    private static Map<String, Object> pca(PcaData pca, Map<Long, Integer> epochs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", pca.name());
        p.put("ratios", numbers(pca.ratios()));
        if (!pca.hasCoordinates()) {
            return p;        // an incremental PCA: its explained variance only
        }
        OptimizationPath path = pca.path(0, Math.min(1, pca.components() - 1), epochs);
        p.put("x", numbers(path.x()));
        p.put("y", pca.components() > 1 ? numbers(path.y()) : null);
        p.put("iterations", Arrays.stream(pca.iterations()).boxed().toList());
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < path.size(); k++) {
            labels.add(path.pointLabel(k));
        }
        p.put("labels", labels);
        AndrewsCurves curves = AndrewsCurves.of(pca.coordinates(), ANDREWS_POINTS);
        p.put("andrews_t", numbers(curves.t()));
        List<Object> values = new ArrayList<>();
        for (double[] curve : curves.values()) {
            values.add(numbers(curve));
        }
        p.put("andrews", values);
        return p;
    }

    private static <T> List<Double> column(List<T> rows, Function<T, Double> value) {
        List<Double> out = new ArrayList<>(rows.size());
        for (T row : rows) {
            Double v = value.apply(row);
            out.add(v == null ? null : number(v));
        }
        return out;
    }

    private static List<Double> numbers(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(number(v));
        }
        return out;
    }

    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
