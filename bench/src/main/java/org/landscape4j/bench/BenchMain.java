package org.landscape4j.bench;

import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar bench/target/landscape4j-bench.jar W1|W2|W3|W4 [--repeats N] [--epochs E] [--curvature]
 * [--spark] [--whole-runs] [--block B]}: runs a workload of
 * DESIGN.md and prints one JSON line per measurement on standard output (logs go to standard error).
 */
@Command(name = "landscape4j-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of DESIGN.md, printed as JSON lines; every time is set against a floor measured "
                + "in the same run.")
public final class BenchMain implements Callable<Integer> {

    /** The workloads this version implements. */
    enum Workload { W1, W2, W3, W4 }

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "Workload to run: ${COMPLETION-CANDIDATES}.")
    Workload workload;

    @Option(names = "--repeats", defaultValue = "10",
            description = "W3: interleaved runs (or, with --whole-runs, pairs of runs); W1/W2/W4: rounds"
                    + " (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--curvature",
            description = "W1/W2: time a gradient, a Hessian-vector product (double and float) and 20 Lanczos steps"
                    + " on the workload's network and data instead of the surface. W3: the recorded runs also"
                    + " measure curvature at its default schedule (target 1.10 instead of 1.03).")
    boolean curvature;

    @Option(names = "--spark",
            description = "W2: time the plane on Apache Spark local[2] against the local evaluator with 2 workers"
                    + " (issue 11's target: Spark ≤ 1.3 × local).")
    boolean spark;

    @Option(names = "--epochs", description = "W3: epochs per training run (default: the example's own).")
    Integer epochs;

    @Option(names = "--whole-runs",
            description = "W3: compare whole training runs in pairs (with and without the listener) instead of"
                    + " interleaving blocks of epochs of the two trainings; --repeats counts the pairs.")
    boolean wholeRuns;

    @Option(names = "--block", defaultValue = "2",
            description = "W3 interleaved: epochs per block (default: ${DEFAULT-VALUE}; shorter blocks put a pair's"
                    + " halves closer in time, longer ones charge more of the writer's interference to A).")
    int block;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repeats must be at least 1");
        }
        if (block < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--block must be at least 1");
        }
        switch (workload) {
            case W1 -> {
                if (curvature) {
                    new CurvatureSpeed(SurfaceWorkload.W1, repeats, System.out).run();
                } else {
                    new SurfaceSpeed(SurfaceWorkload.W1, repeats, System.out).run();
                }
            }
            case W2 -> {
                if (spark) {
                    new SparkSurfaceSpeed(SurfaceWorkload.W2, repeats, System.out).run();
                } else if (curvature) {
                    new CurvatureSpeed(SurfaceWorkload.W2, repeats, System.out).run();
                } else {
                    new SurfaceSpeed(SurfaceWorkload.W2, repeats, System.out).run();
                }
            }
            case W3 -> {
                if (wholeRuns) {
                    new ListenerOverhead(repeats, epochs, System.out, curvature).run();
                } else {
                    new InterleavedOverhead(repeats, block, epochs, curvature, System.out).run();
                }
            }
            case W4 -> new PcaSpeed(repeats, System.out).run();
            default -> throw new IllegalStateException("unhandled workload " + workload);
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        boolean surface = args.length > 0 && (args[0].equalsIgnoreCase("W1") || args[0].equalsIgnoreCase("W2"));
        Optional<Integer> child = surface ? BlasEnvironment.relaunchIfNeeded(BenchMain.class, args, 1)
                : BlasEnvironment.relaunchIfNeeded(BenchMain.class, args);
        if (child.isPresent()) {
            System.exit(child.get());
        }
        System.exit(new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
