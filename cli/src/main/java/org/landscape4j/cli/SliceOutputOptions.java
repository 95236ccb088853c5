package org.landscape4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SliceSummary;
import picocli.CommandLine.Option;

/** The options of the commands that evaluate a slice: how many workers, where the slice goes, how to report it. */
final class SliceOutputOptions {

    @Option(names = "--workers", paramLabel = "W",
            description = "Parallel workers, one network copy each (default: the number of cores).")
    Integer workers;

    @Option(names = "--out", paramLabel = "FILE.arrows",
            description = "Where to write the slice (default: the run's results/, under a name from the inputs).")
    Path out;

    @Option(names = "--json", description = "Print a JSON summary on standard output instead of text.")
    boolean json;

    /**
     * @param defaultResults the results home without {@code --out} (the run's), or null if there is none
     * @param defaultName    the name to use there
     * @return where the slice goes
     */
    SliceRun target(Results defaultResults, String defaultName) {
        return SliceRun.target(out, defaultResults, defaultName);
    }

    /** @return the worker count asked for, or the number of cores */
    int workerCount() {
        return SliceRun.workers(workers);
    }

    /** Prints what was written, as text or (with {@code --json}) as a JSON object. */
    void report(PrintWriter printer, Path file, Path directionsFile, GridSpec grid, DirectionSet directions,
                SliceSummary summary) throws JsonProcessingException {
        if (json) {
            printer.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(SurfaceReport.json(file, directionsFile, grid, directions, summary)));
        } else {
            SurfaceReport.print(printer, file, directionsFile, grid, directions, summary);
        }
        printer.flush();
    }
}
