package org.landscape4j.run;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of {@link RunFiles#METRICS}, in order; docs/FORMAT.md documents each. */
final class MetricsSchema {

    static final String ITERATION = "iteration";
    static final String EPOCH = "epoch";
    static final String BATCH_SIZE = "batch_size";
    static final String SCORE = "score";
    static final String GRAD_NORM = "grad_norm";
    static final String UPDATE_NORM = "update_norm";
    static final String LEARNING_RATE = "learning_rate";
    static final String WALL_TIME_S = "wall_time_s";
    static final String ILL_CONDITIONED = "ill_conditioned";

    /** The non-null float64 columns after epoch and batch_size, in order. */
    static final List<String> BASE_DOUBLES = List.of(SCORE, GRAD_NORM, UPDATE_NORM, LEARNING_RATE, WALL_TIME_S);

    /** The nullable float64 curvature columns, in the order of {@link Curvature#values()}. */
    static final List<String> CURVATURE_DOUBLES = List.of("g_hess_g", "curvature_g", "u_hess_u", "curvature_u",
            "predicted_change", "observed_change", "lambda_max", "lambda_min");

    static final List<Field> FIELDS;
    static final Schema SCHEMA;

    static {
        java.util.ArrayList<Field> fields = new java.util.ArrayList<>();
        fields.add(Columns.notNull(ITERATION, Columns.INT64));
        fields.add(Columns.notNull(EPOCH, Columns.INT32));
        fields.add(Columns.notNull(BATCH_SIZE, Columns.INT32));
        for (String name : BASE_DOUBLES) {
            fields.add(Columns.notNull(name, Columns.FLOAT64));
        }
        for (String name : CURVATURE_DOUBLES) {
            fields.add(Columns.nullable(name, Columns.FLOAT64));
        }
        fields.add(Columns.nullable(ILL_CONDITIONED, Columns.BOOL));
        FIELDS = List.copyOf(fields);
        SCHEMA = new Schema(FIELDS, Columns.formatMetadata());
    }

    static final String KIND = "a metrics file (" + RunFiles.METRICS + ")";

    private MetricsSchema() {
    }
}
