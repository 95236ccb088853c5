package org.landscape4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.spark.SparkGridEvaluator;

/**
 * A slice of {@code surface} around one model, ready to evaluate: its objective factory, directions (normalized against
 * this model's θ), slice, where it goes and its provenance, and the eigenvalue map's provenance with {@code --eigen}.
 *
 * @param factory         the objectives (in {@code --precision})
 * @param inputs          the run and snapshot iterations the slice comes from
 * @param directions      the prepared directions
 * @param slice           θ(α, β) = c + αd₁ + βd₂ (or c + αd)
 * @param target          the result's home and name
 * @param provenance      the slice's provenance as a local evaluation writes it
 * @param eigenProvenance the eigenvalue map's, or null without {@code --eigen}
 */
record SurfacePlan(NetworkObjectiveFactory factory, CommandInputs inputs, DirectionSet directions, Slice slice,
                   SliceRun target, Provenance provenance, Provenance eigenProvenance) {

    /** Where a result ran does not change its numbers: a map computed on Spark counts as done for a local run. */
    private static final Set<String> WHERE = Set.of(SparkGridEvaluator.SETTING);

    /** @return the eigenvalue map's result name, {@code NAME.eigen} */
    String eigenName() {
        return target.name() + ".eigen";
    }

    /** @return the eigenvalue map's file */
    Path eigenFile() {
        return target.results().file(eigenName());
    }

    /** Writes the directions beside the slice ({@code NAME.directions.arrows}). */
    Path saveDirections() throws IOException {
        Provenance directionsProvenance = Provenance.of(inputs.runId(), inputs.sourceIterations(),
                factory.provenance(), Map.of("for", target.name() + Results.EXTENSION), Map.of());
        return DirectionTable.save(target.results(), target.name() + ".directions", directions,
                directionsProvenance);
    }

    /** @return true if the slice is committed from the same computation (locally or on Spark) */
    boolean sliceComplete() {
        return target.results().committed(target.name(), SliceTable.TABLE)
                .map(found -> found.sameComputation(provenance, WHERE)).orElse(false);
    }

    /** @return true if the eigenvalue map is committed from the same computation (locally or on Spark) */
    boolean eigenComplete() {
        return eigenProvenance != null && target.results().committed(eigenName(), CurvatureMap.TABLE)
                .map(found -> found.sameComputation(eigenProvenance, WHERE)).orElse(false);
    }
}
