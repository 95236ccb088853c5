package org.landscape4j.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of {@code metrics.arrows} and the mapping between a {@link MetricRow} and a row of vectors. */
final class MetricsSchema {

    static final List<String> CURVATURE_COLUMNS = List.of("g_hess_g", "curvature_g", "u_hess_u", "curvature_u",
            "predicted_change", "observed_change", "lambda_max", "lambda_min");

    static final List<Field> FIELDS = fields();
    static final Schema SCHEMA = new Schema(FIELDS, Map.of("landscape4j.format_version",
            Integer.toString(RunFiles.FORMAT_VERSION), "landscape4j.stream", "metrics"));

    private MetricsSchema() {
    }

    private static List<Field> fields() {
        ArrowType int64 = new ArrowType.Int(64, true);
        ArrowType int32 = new ArrowType.Int(32, true);
        ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("iteration", FieldType.notNullable(int64), null));
        fields.add(new Field("epoch", FieldType.notNullable(int32), null));
        fields.add(new Field("batch_size", FieldType.notNullable(int32), null));
        for (String name : List.of("score", "grad_norm", "update_norm", "learning_rate", "wall_time_s")) {
            fields.add(new Field(name, FieldType.notNullable(float64), null));
        }
        for (String name : CURVATURE_COLUMNS) {
            fields.add(new Field(name, FieldType.nullable(float64), null));
        }
        fields.add(new Field("ill_conditioned", FieldType.nullable(ArrowType.Bool.INSTANCE), null));
        return List.copyOf(fields);
    }

    static void set(VectorSchemaRoot root, int i, MetricRow row) {
        ((BigIntVector) root.getVector(0)).setSafe(i, row.iteration());
        ((IntVector) root.getVector(1)).setSafe(i, row.epoch());
        ((IntVector) root.getVector(2)).setSafe(i, row.batchSize());
        double[] values = {row.score(), row.gradientNorm(), row.updateNorm(), row.learningRate(),
                row.wallTimeSeconds()};
        for (int c = 0; c < values.length; c++) {
            ((Float8Vector) root.getVector(3 + c)).setSafe(i, values[c]);
        }
        Curvature k = row.curvature();
        double[] curvature = k == null ? null : new double[] {k.gradHessGrad(), k.curvatureAlongGradient(),
                k.stepHessStep(), k.curvatureAlongStep(), k.predictedChange(), k.observedChange(), k.lambdaMax(),
                k.lambdaMin()};
        for (int c = 0; c < CURVATURE_COLUMNS.size(); c++) {
            Float8Vector vector = (Float8Vector) root.getVector(8 + c);
            if (curvature == null || Double.isNaN(curvature[c])) {
                vector.setNull(i);
            } else {
                vector.setSafe(i, curvature[c]);
            }
        }
        BitVector ill = (BitVector) root.getVector(8 + CURVATURE_COLUMNS.size());
        if (k == null || k.illConditioned() == null) {
            ill.setNull(i);
        } else {
            ill.setSafe(i, k.illConditioned() ? 1 : 0);
        }
    }

    static MetricRow get(VectorSchemaRoot root, int i) {
        double[] values = new double[5];
        for (int c = 0; c < values.length; c++) {
            values[c] = ((Float8Vector) root.getVector(3 + c)).get(i);
        }
        double[] curvature = new double[CURVATURE_COLUMNS.size()];
        boolean any = false;
        for (int c = 0; c < curvature.length; c++) {
            Float8Vector vector = (Float8Vector) root.getVector(8 + c);
            any |= !vector.isNull(i);
            curvature[c] = vector.isNull(i) ? Double.NaN : vector.get(i);
        }
        BitVector ill = (BitVector) root.getVector(8 + CURVATURE_COLUMNS.size());
        Boolean illConditioned = ill.isNull(i) ? null : ill.get(i) == 1;
        any |= illConditioned != null;
        Curvature k = any ? new Curvature(curvature[0], curvature[1], curvature[2], curvature[3], curvature[4],
                curvature[5], curvature[6], curvature[7], illConditioned) : null;
        return new MetricRow(((BigIntVector) root.getVector(0)).get(i), ((IntVector) root.getVector(1)).get(i),
                ((IntVector) root.getVector(2)).get(i), values[0], values[1], values[2], values[3], values[4], k);
    }
}
