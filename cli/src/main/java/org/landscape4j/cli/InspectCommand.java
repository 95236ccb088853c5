package org.landscape4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunSummary;
import org.landscape4j.run.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j inspect RUN_DIR [--json]}: what a run directory holds. Exit code 0 if everything could be
 * read (warnings such as a killed run allowed), 1 if the run cannot be read or one of its files is corrupt
 * (the rest is still summarized), 2 for a usage error, 3 for a bug of landscape4j. Text from the run is printed
 * with its control characters escaped, so that a hostile file cannot forge lines or drive the terminal.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarizes a run directory: network, layout, snapshots, metrics, curvature, results, files,"
                + " warnings and problems.",
        footer = {"", "Examples:", "  landscape4j inspect runs/modular-addition",
            "  landscape4j inspect runs/modular-addition --json | jq .snapshots",
            "", "Exit codes: 0 readable (warnings allowed), 1 unreadable or corrupt, 2 usage error, 3 internal error."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("inspect", spec.commandLine().getErr(), this::inspect);
    }

    private int inspect() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunSummary summary = RunSummary.read(runDirectory);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(toJson(summary)));
        } else {
            printText(summary, out);
        }
        out.flush();
        for (String problem : summary.problems()) {
            err.println("landscape4j inspect: " + SafeText.escapeControls(problem));
        }
        err.flush();
        return summary.problems().isEmpty() ? 0 : 1;
    }

    private static Map<String, Object> toJson(RunSummary s) {
        RunManifest m = s.manifest();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", s.path().toString());
        json.put("run_id", m.runId());
        json.put("status", m.status().jsonName());
        json.put("failure", m.failure());
        json.put("recorder_alive", s.recorderAlive());
        json.put("format_version", m.formatVersion());
        json.put("network_class", m.networkClass());
        json.put("params", m.parameterCount());
        json.put("data_type", m.dataType());
        json.put("parameter_arrays", m.layout().arrays().size());
        json.put("snapshots", s.snapshots());
        json.put("first_snapshot_iteration", s.firstSnapshot() < 0 ? null : s.firstSnapshot());
        json.put("last_snapshot_iteration", s.lastSnapshot() < 0 ? null : s.lastSnapshot());
        json.put("epochs_completed", s.epochsCompleted() < 0 ? null : s.epochsCompleted());
        json.put("updates", s.updates());
        json.put("metric_rows", s.metricRows());
        json.put("diverged_at_iteration", s.divergedAt() < 0 ? null : s.divergedAt());
        json.put("curvature_rows", s.curvatureRows());
        List<Map<String, Object>> results = new ArrayList<>();
        for (Results.ResultInfo result : s.results()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", result.name());
            entry.put("kind", result.kind());
            entry.put("rows", result.rows());
            entry.put("problem", result.problem());
            results.add(entry);
        }
        json.put("results", results);
        json.put("start_time", String.valueOf(m.startTime()));
        json.put("end_time", m.endTime() == null ? null : m.endTime().toString());
        json.put("versions", Map.of("landscape4j", m.landscape4jVersion(), "dl4j", m.dl4jVersion(),
                "java", m.javaVersion()));
        json.put("files", List.copyOf(s.files().keySet()));
        json.put("file_sizes", s.files());
        json.put("warnings", s.warnings());
        json.put("problems", s.problems());
        return json;
    }

    private static void printText(RunSummary s, PrintWriter out) {
        RunManifest m = s.manifest();
        String duration = m.endTime() == null ? "" : " after "
                + String.format(Locale.ROOT, "%.1f s", Duration.between(m.startTime(), m.endTime()).toMillis() / 1000.0);
        line(out, "run", s.path() + (m.runId() == null ? "" : " (run " + m.runId() + ")"));
        line(out, "status", m.status().jsonName() + duration + " (started " + m.startTime() + ")"
                + (s.recorderAlive() ? ", a recorder holds it now" : ""));
        if (m.failure() != null) {
            line(out, "failure", m.failure());
        }
        line(out, "network", m.networkClass() + ", " + String.format(Locale.ROOT, "%,d", m.parameterCount())
                + " parameters, " + m.dataType());
        line(out, "versions", "landscape4j " + m.landscape4jVersion() + ", DL4J " + m.dl4jVersion() + ", Java "
                + m.javaVersion());
        line(out, "training", s.updates() + " updates seen" + (s.epochsCompleted() < 0 ? ""
                : ", " + s.epochsCompleted() + (s.epochsCompleted() == 1 ? " epoch" : " epochs")
                + " completed at the last snapshot"));
        line(out, "snapshots", s.snapshots() + (s.snapshots() == 0 ? ""
                : " (iterations " + s.firstSnapshot() + ".." + s.lastSnapshot() + ")"));
        MetricRow last = s.lastMetric();
        line(out, "metrics", s.metricRows() + " rows" + (last == null ? "" : String.format(Locale.ROOT,
                " (last: iteration %d, score %.5g, |g| %.4g, |u| %.4g, lr %.3g)", last.iteration(), last.score(),
                last.gradientNorm(), last.updateNorm(), last.learningRate())));
        line(out, "curvature", s.curvatureRows() + " rows");
        line(out, "seeds", String.valueOf(m.seeds()));
        line(out, "settings", String.valueOf(m.settings()));
        line(out, "layout", m.layout().arrays().size() + " parameter arrays");
        for (ParameterArray array : m.layout().arrays()) {
            out.println("  " + SafeText.escapeControls(String.format(Locale.ROOT, "%-14s %-22s %-6s %-10s%s",
                    array.name(), java.util.Arrays.toString(array.shape()), array.role().name().toLowerCase(Locale.ROOT),
                    array.layerType(), array.filterAxis() >= 0 ? " filters along axis " + array.filterAxis() : "")));
        }
        line(out, "results", s.results().isEmpty() ? "none" : s.results().size() + "");
        for (Results.ResultInfo result : s.results()) {
            out.println("  " + SafeText.escapeControls(result.name() + " (" + result.kind() + ", " + result.rows()
                    + " rows)" + (result.problem() == null ? "" : ": unreadable")));
        }
        out.println("files");
        s.files().forEach((name, size) -> out.println("  " + SafeText.escapeControls(String.format(Locale.ROOT,
                "%-28s %,d bytes", name, size))));
        for (String warning : s.warnings()) {
            line(out, "warning", warning);
        }
        for (String problem : s.problems()) {
            line(out, "problem", problem);
        }
    }

    /** Prints "label  value" with every control character of the value escaped: one output line, always. */
    private static void line(PrintWriter out, String label, String value) {
        out.println(String.format(Locale.ROOT, "%-12s ", label) + SafeText.escapeControls(value));
    }
}
