package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code landscape4j inspect RUN_DIR [--json]}: what a run directory holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarizes a run directory: network, layout, snapshots, metrics, files, problems.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunSummary summary;
        try {
            summary = RunSummary.read(runDirectory);
        } catch (RunFormatException e) {
            err.println("landscape4j inspect: " + e.getMessage());
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("landscape4j inspect: " + e.getFile() + " does not exist");
            return 1;
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(toJson(summary)));
        } else {
            printText(summary, out);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> toJson(RunSummary s) {
        RunManifest m = s.manifest();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", s.path().toString());
        json.put("status", m.status());
        json.put("format_version", m.formatVersion());
        json.put("network_class", m.networkClass());
        json.put("params", m.parameterCount());
        json.put("data_type", m.dataType());
        json.put("parameter_arrays", m.layout().arrays().size());
        json.put("snapshots", s.snapshots());
        json.put("metric_rows", s.metricRows());
        json.put("epochs", s.epochs());
        json.put("iterations", s.iterations());
        json.put("start_time", String.valueOf(m.startTime()));
        json.put("end_time", m.endTime() == null ? null : m.endTime().toString());
        json.put("versions", Map.of("landscape4j", m.landscape4jVersion(), "dl4j", m.dl4jVersion(),
                "java", m.javaVersion()));
        json.put("files", List.copyOf(s.files().keySet()));
        json.put("file_sizes", s.files());
        json.put("warnings", s.warnings());
        return json;
    }

    private static void printText(RunSummary s, PrintWriter out) {
        RunManifest m = s.manifest();
        String duration = m.endTime() == null ? "" : " after "
                + String.format("%.1f s", Duration.between(m.startTime(), m.endTime()).toMillis() / 1000.0);
        out.printf("run          %s%n", s.path());
        out.printf("status       %s%s (started %s)%n", m.status(), duration, m.startTime());
        out.printf("network      %s, %,d parameters, %s%n", m.networkClass(), m.parameterCount(), m.dataType());
        out.printf("versions     landscape4j %s, DL4J %s, Java %s%n", m.landscape4jVersion(), m.dl4jVersion(),
                m.javaVersion());
        out.printf("training     %d epochs, %d iterations seen%n", s.epochs(), s.iterations());
        out.printf("snapshots    %d%s%n", s.snapshots(), s.snapshots() == 0 ? ""
                : String.format(" (iterations %d..%d)", s.firstSnapshot(), s.lastSnapshot()));
        out.printf("metrics      %d rows%s%n", s.metricRows(), s.lastMetric() == null ? ""
                : String.format(" (last: iteration %d, score %.5g, |g| %.4g, |u| %.4g, lr %.3g)",
                s.lastMetric().iteration(), s.lastMetric().score(), s.lastMetric().gradientNorm(),
                s.lastMetric().updateNorm(), s.lastMetric().learningRate()));
        out.printf("seeds        %s%n", m.seeds());
        out.printf("settings     %s%n", m.settings());
        out.printf("layout       %d parameter arrays%n", m.layout().arrays().size());
        for (String line : s.layoutLines()) {
            out.printf("  %s%n", line);
        }
        out.printf("files%n");
        s.files().forEach((name, size) -> out.printf("  %-20s %,d bytes%n", name, size));
        for (String warning : s.warnings()) {
            out.printf("warning      %s%n", warning);
        }
    }
}
