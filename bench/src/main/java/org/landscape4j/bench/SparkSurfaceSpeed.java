package org.landscape4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.spark.GridCluster;
import org.landscape4j.spark.SparkGridEvaluator;
import org.landscape4j.spark.SparkSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code W2 --spark}: W2's 7×7 filter-normalized plane on Spark {@code local[2]} against the local evaluator with 2
 * workers, on the same spec (model file, in-memory data), in one run. Both are timed by the wall clock of the whole
 * grid (Spark's: broadcast, executor preparation, task launches and the driver's writes included); rounds alternate
 * so that drift hits both alike. One JSON line per round and a summary with medians and the ratio Spark/local
 * (issue 11's target: ≤ 1.3). The Spark context's start (seconds, once per process) is reported, not counted.
 */
final class SparkSurfaceSpeed {

    private final SurfaceWorkload workload;
    private final int rounds;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    SparkSurfaceSpeed(SurfaceWorkload workload, int rounds, PrintStream out) {
        this.workload = workload;
        this.rounds = rounds;
        this.out = out;
    }

    void run() throws IOException {
        Path scratch = Files.createTempDirectory("landscape4j-bench-spark-");
        try {
            MultiLayerNetwork net = workload.network(7);
            DataSet data = workload.data(11);
            Path model = scratch.resolve("w2.zip");
            ModelSerializer.writeModel(net, model.toFile(), false);
            ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(model.toString()),
                    DataSpec.of(new DataSource.InMemory(flat(data.getFeatures()),
                            data.getFeatures().shape(), flat(data.getLabels()), data.getLabels().shape()),
                            workload.examples()), Precision.FLOAT);
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(spec);
            INDArray centre = net.params().dup().reshape(net.numParams());
            DirectionSet directions = DirectionSet.prepare(List.of(
                    Directions.random(0, centre.length(), DataType.FLOAT),
                    Directions.random(1, centre.length(), DataType.FLOAT)), centre, factory.layout(),
                    DirectionSettings.DEFAULT, false);
            Slice slice = Slice.plane(centre, directions.get(0).vector(), directions.get(1).vector());
            GridSpec grid = GridSpec.square(workload.side(), -1, 1);
            long contextStart = System.nanoTime();
            try (GridCluster cluster = GridCluster.start("local[2]", GridCluster.Settings.defaults())) {
                double contextMillis = (System.nanoTime() - contextStart) / 1e6;
                SparkGridEvaluator spark = SparkGridEvaluator.builder(cluster).build();
                local(factory, slice, grid, scratch, "warmup-local");
                spark(spark, spec, factory, slice, grid, scratch, "warmup-spark");
                List<Double> ratios = new ArrayList<>();
                List<Double> localMs = new ArrayList<>();
                List<Double> sparkMs = new ArrayList<>();
                List<Double> taskMs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double l = local(factory, slice, grid, scratch, "local-" + r);
                    SparkSummary s = spark(spark, spec, factory, slice, grid, scratch, "spark-" + r);
                    double sp = s.slice().millisecondsPerPoint();
                    localMs.add(l);
                    sparkMs.add(sp);
                    taskMs.add(s.taskMillisPerPoint());
                    ratios.add(sp / l);
                    Map<String, Object> line = base();
                    line.put("round", r);
                    line.put("local_workers_2_wall_ms_per_point", l);
                    line.put("spark_local_2_wall_ms_per_point", sp);
                    line.put("spark_task_ms_per_point", s.taskMillisPerPoint());
                    line.put("spark_tasks", s.tasks());
                    line.put("spark_executor_prepare_ms", s.prepareMillis());
                    line.put("ratio_spark_to_local_wall", sp / l);
                    emit(line);
                }
                Map<String, Object> summary = base();
                summary.put("summary", true);
                summary.put("rounds", rounds);
                summary.put("spark_version", cluster.context().version());
                summary.put("spark_context_start_ms", contextMillis);
                summary.put("local_workers_2_wall_ms_per_point_median", ListenerOverhead.quantile(localMs, 0.5));
                summary.put("spark_local_2_wall_ms_per_point_median", ListenerOverhead.quantile(sparkMs, 0.5));
                summary.put("spark_task_ms_per_point_median", ListenerOverhead.quantile(taskMs, 0.5));
                double ratio = ListenerOverhead.quantile(ratios, 0.5);
                summary.put("ratio_spark_to_local_wall_median", ratio);
                summary.put("ratio_spark_to_local_wall_iqr", List.of(ListenerOverhead.quantile(ratios, 0.25),
                        ListenerOverhead.quantile(ratios, 0.75)));
                summary.put("target", 1.3);
                summary.put("median_meets_target", ratio <= 1.3);
                emit(summary);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static float[] flat(INDArray array) {
        return array.dup('c').reshape(array.length()).toFloatVector();
    }

    /** @return wall milliseconds per point of the local evaluator with 2 workers on the whole plane */
    private static double local(NetworkObjectiveFactory factory, Slice slice, GridSpec grid, Path dir, String name)
            throws IOException {
        Results results = Results.at(dir);
        Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(), Map.of(),
                Map.of("bench_run", name));
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance,
                SliceTable.ROWS_PER_BATCH)) {
            SliceSummary summary = SliceEvaluator.builder(factory).workers(2).build().evaluate(slice, grid, pending);
            pending.commit();
            return summary.millisecondsPerPoint();
        }
    }

    private static SparkSummary spark(SparkGridEvaluator evaluator, ObjectiveSpec spec,
                                      NetworkObjectiveFactory factory, Slice slice, GridSpec grid, Path dir,
                                      String name) throws IOException {
        Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(), Map.of(),
                Map.of("bench_run", name));
        return evaluator.evaluate(spec, slice, grid, Results.at(dir), name, provenance);
    }

    private Map<String, Object> base() {
        Map<String, Object> line = SurfaceSpeed.base(workload);
        line.put("mode", "spark");
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }
}
