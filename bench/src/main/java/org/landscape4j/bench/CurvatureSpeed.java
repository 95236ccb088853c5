package org.landscape4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.curvature.HessianOperator;
import org.landscape4j.curvature.Lanczos;
import org.landscape4j.curvature.LanczosResult;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cost of curvature on W1 and W2's networks and data (issue 8): one gradient (FLOAT and DOUBLE), one
 * Hessian-vector product (DOUBLE and FLOAT: two gradients each, plus level-1 work), and 20 Lanczos steps (DOUBLE,
 * full reorthogonalization), all as CPU time of the calling thread, in alternating rounds, set against one gradient
 * of the same precision and one FLOAT gradient. Targets: a DOUBLE product ≤ 2.1 × a DOUBLE gradient; 20 Lanczos
 * steps ≤ 45 × a gradient of the same precision. Run with {@code OMP_NUM_THREADS=1} (BenchMain does, for W1/W2).
 */
final class CurvatureSpeed {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SurfaceWorkload workload;
    private final int rounds;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    CurvatureSpeed(SurfaceWorkload workload, int rounds, PrintStream out) {
        this.workload = workload;
        this.rounds = rounds;
        this.out = out;
    }

    void run() throws IOException {
        ObjectiveFactory floats = NetworkObjectiveFactory.builder(workload.network(7)).data(workload.data(11))
                .batchSize(workload.examples()).build();
        ObjectiveFactory doubles = floats.withPrecision(Precision.DOUBLE);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        try (Objective f = floats.create(); Objective d = doubles.create();
             HessianOperator hf = HessianOperator.builder(f).build();
             HessianOperator hd = HessianOperator.builder(d).build()) {
            long p = f.parameterCount();
            INDArray gf = Nd4j.create(DataType.FLOAT, p);
            INDArray gd = Nd4j.create(DataType.DOUBLE, p);
            INDArray vf = Nd4j.randn(DataType.FLOAT, p);
            INDArray vd = vf.castTo(DataType.DOUBLE);
            INDArray of = Nd4j.create(DataType.FLOAT, p);
            INDArray od = Nd4j.create(DataType.DOUBLE, p);
            LanczosSettings twenty = LanczosSettings.defaults().withMaxSteps(20).withTolerance(1e-300);
            Runnable gradientFloat = () -> f.gradient(gf);
            Runnable gradientDouble = () -> d.gradient(gd);
            Runnable hvpDouble = () -> hd.apply(vd, od);
            Runnable hvpFloat = () -> hf.apply(vf, of);
            for (Runnable warm : List.of(gradientFloat, gradientDouble, hvpDouble, hvpFloat)) {
                warm.run();
            }
            int[] steps = new int[1];
            Runnable lanczos = () -> {
                LanczosResult result = Lanczos.run(hd, twenty).orElseThrow();
                steps[0] = result.steps();
            };
            lanczos.run();
            for (int r = 0; r < rounds; r++) {
                Map<String, Object> line = base();
                line.put("round", r);
                double g32 = put(series, line, "gradient_float_cpu_ms", cpu(gradientFloat, 3));
                double g64 = put(series, line, "gradient_double_cpu_ms", cpu(gradientDouble, 3));
                double h64 = put(series, line, "hvp_double_cpu_ms", cpu(hvpDouble, 3));
                double h32 = put(series, line, "hvp_float_cpu_ms", cpu(hvpFloat, 3));
                double l64 = put(series, line, "lanczos_20_double_cpu_ms", cpu(lanczos, 1));
                line.put("lanczos_steps", steps[0]);
                put(series, line, "ratio_hvp_double_to_gradient_double", h64 / g64);
                put(series, line, "ratio_hvp_float_to_gradient_float", h32 / g32);
                put(series, line, "ratio_lanczos_20_to_gradient_double", l64 / g64);
                put(series, line, "ratio_gradient_double_to_gradient_float", g64 / g32);
                put(series, line, "ratio_hvp_double_to_gradient_float", h64 / g32);
                emit(line);
            }
        }
        Map<String, Object> summary = base();
        summary.put("summary", true);
        summary.put("rounds", rounds);
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            summary.put(entry.getKey() + "_median", ListenerOverhead.quantile(entry.getValue(), 0.5));
            summary.put(entry.getKey() + "_iqr", List.of(ListenerOverhead.quantile(entry.getValue(), 0.25),
                    ListenerOverhead.quantile(entry.getValue(), 0.75)));
        }
        summary.put("targets", Map.of("ratio_hvp_double_to_gradient_double", 2.1,
                "ratio_lanczos_20_to_gradient_double", 45.0));
        emit(summary);
    }

    /** @return the median CPU milliseconds of one call, over {@code repeats} calls */
    private static double cpu(Runnable body, int repeats) {
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            long start = THREADS.getCurrentThreadCpuTime();
            body.run();
            times.add((THREADS.getCurrentThreadCpuTime() - start) / 1e6);
        }
        return ListenerOverhead.quantile(times, 0.5);
    }

    private static double put(Map<String, List<Double>> series, Map<String, Object> line, String key, double value) {
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        line.put(key, value);
        return value;
    }

    private Map<String, Object> base() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", workload.name() + "-curvature");
        line.put("network", workload.toString());
        line.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }
}
