package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Precision;
import org.landscape4j.testing.NativeAllocations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finite-difference Hessian operator on L(θ) = ½θᵀAθ + bᵀθ, whose Hessian is exactly A.
 *
 * <p>Error budget in DOUBLE: the gradient Aθ + b is linear, so the central difference has no truncation error; what
 * remains is rounding: c ± εv̂ is rounded into the buffer (error u·|c_i| per entry, u = 1.1e-16), amplified by 1/ε
 * and ‖A‖: ≈ u·‖A‖·‖c‖/ε ≈ 1.1e-16·30·10/1e-5 ≈ 3e-9 absolute on ‖Av‖ ≈ 30, i.e. ≈ 1e-10 relative; the gradient's
 * own rounding (u·‖A‖‖c‖ per entry) adds the same order. Asserted: 1e-8 relative.
 */
class HessianOperatorTest {

    private static final int P = 40;

    private static QuadraticObjective quadratic(long seed, Precision precision) {
        return QuadraticObjective.of(Matrices.randomSymmetric(P, seed), Matrices.gaussian(P, seed + 1), precision);
    }

    @Test
    void productEqualsAvInDouble() {
        QuadraticObjective objective = quadratic(1, Precision.DOUBLE);
        double[][] a = Matrices.randomSymmetric(P, 1);
        double[] centre = Matrices.gaussian(P, 7);
        try (HessianOperator h = HessianOperator.builder(objective).centre(Matrices.vector(centre, DataType.DOUBLE))
                .build()) {
            INDArray out = Nd4j.create(DataType.DOUBLE, P);
            for (long seed = 10; seed < 15; seed++) {
                double[] v = Matrices.gaussian(P, seed);
                // a norm far from 1 as well: the operator scales by ‖v‖ itself
                double scale = seed == 12 ? 1e3 : 1.0;
                for (int i = 0; i < P; i++) {
                    v[i] *= scale;
                }
                h.apply(Matrices.vector(v, DataType.DOUBLE), out);
                double error = Matrices.relativeError(Matrices.values(out), Matrices.multiply(a, v));
                assertTrue(error < 1e-8, "relative error " + error + " for seed " + seed);
            }
            assertEquals(5, h.productCount());
            assertEquals(11, objective.gradientCalls, "two gradient passes per product, and ∇L(c) once for the kink check");
            assertArrayEquals(centre, Matrices.values(objective.parameters()), 0.0, "the buffer holds c bit for bit");
        }
    }

    @Test
    void zeroVectorCostsNoGradientAndGivesZero() {
        QuadraticObjective objective = quadratic(2, Precision.DOUBLE);
        try (HessianOperator h = HessianOperator.builder(objective).build()) {
            INDArray out = Nd4j.ones(DataType.DOUBLE, P);
            h.apply(Nd4j.zeros(DataType.DOUBLE, P), out);
            assertArrayEquals(new double[P], Matrices.values(out), 0.0);
            assertEquals(0, objective.gradientCalls);
        }
    }

    @Test
    void inPlaceApplication() {
        QuadraticObjective objective = quadratic(3, Precision.DOUBLE);
        double[][] a = Matrices.randomSymmetric(P, 3);
        double[] v = Matrices.gaussian(P, 4);
        try (HessianOperator h = HessianOperator.builder(objective).build()) {
            INDArray x = Matrices.vector(v, DataType.DOUBLE);
            h.apply(x, x);
            assertTrue(Matrices.relativeError(Matrices.values(x), Matrices.multiply(a, v)) < 1e-8);
        }
    }

    @Test
    void bufferIsRestoredWhenAGradientThrows() {
        QuadraticObjective objective = quadratic(5, Precision.DOUBLE);
        double[] centre = Matrices.gaussian(P, 6);
        objective.failFromCall = 2; // the second gradient (at c − εv̂) throws
        try (HessianOperator h = HessianOperator.builder(objective).centre(Matrices.vector(centre, DataType.DOUBLE))
                .build()) {
            INDArray out = Nd4j.create(DataType.DOUBLE, P);
            assertThrows(IllegalStateException.class,
                    () -> h.apply(Matrices.vector(Matrices.gaussian(P, 8), DataType.DOUBLE), out));
            assertArrayEquals(centre, Matrices.values(objective.parameters()), 0.0);
        }
    }

    /** Default rule ε = ε₀·max(1, RMS of c on the domain); an explicit ε overrides it. */
    @Test
    void stepRule() {
        QuadraticObjective objective = quadratic(9, Precision.DOUBLE);
        INDArray small = Nd4j.zeros(DataType.DOUBLE, P).addi(0.5);  // RMS 0.5 → ε₀
        INDArray large = Nd4j.zeros(DataType.DOUBLE, P).addi(4.0);  // RMS 4 → 4ε₀
        try (HessianOperator h = HessianOperator.builder(objective).centre(small).build()) {
            assertEquals(1e-5, h.epsilon(), 0.0);
            h.recentre(large);
            assertEquals(4e-5, h.epsilon(), 1e-20);
        }
        try (HessianOperator h = HessianOperator.builder(objective).centre(large).epsilon(1e-4).build()) {
            assertEquals(1e-4, h.epsilon(), 0.0);
        }
        try (HessianOperator h = HessianOperator.builder(quadratic(9, Precision.FLOAT))
                .centre(small.castTo(DataType.FLOAT)).build()) {
            assertEquals(3e-3, h.epsilon(), 0.0);
            assertEquals(DataType.FLOAT, h.dataType());
        }
        assertThrows(IllegalArgumentException.class, () -> HessianOperator.builder(objective).epsilon(0));
        assertThrows(IllegalArgumentException.class, () -> HessianOperator.builder(objective).epsilon(Double.NaN));
    }

    /**
     * Restricted to arrays S, the operator is the principal sub-block: (Hv)_S = A_SS·v_S, 0 outside S, whatever v
     * holds outside S. Built column by column from unit vectors and compared with A_SS entry by entry (1e-8 absolute
     * for entries of order 1, see the class comment).
     */
    @Test
    void restrictionIsThePrincipalSubBlock() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 15, new long[]{3, 5}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "Dense", 15, 5, new long[]{1, 5}, 'c', ParameterRole.BIAS, -1),
                new ParameterArray("1_W", "1", "Dense", 20, 15, new long[]{5, 3}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("1_b", "1", "Dense", 35, 5, new long[]{1, 5}, 'c', ParameterRole.BIAS, -1)));
        double[][] a = Matrices.randomSymmetric(P, 11);
        QuadraticObjective objective = new QuadraticObjective(a, Matrices.gaussian(P, 12), layout, Precision.DOUBLE);
        Domain domain = Domain.arrays(layout, List.of("0_b", "1_W"));
        assertEquals(20, domain.size());
        try (HessianOperator h = HessianOperator.builder(objective).domain(domain).build()) {
            INDArray e = Nd4j.create(DataType.DOUBLE, P);
            INDArray out = Nd4j.create(DataType.DOUBLE, P);
            for (int j = 0; j < P; j++) {
                e.assign(0.0);
                e.putScalar(j, 1.0);
                h.apply(e, out);
                double[] column = Matrices.values(out);
                for (int i = 0; i < P; i++) {
                    double expected = domain.contains(i) && domain.contains(j) ? a[i][j] : 0.0;
                    assertEquals(expected, column[i], 1e-8, "entry (" + i + ", " + j + ")");
                }
            }
            // garbage outside S is ignored
            double[] v = Matrices.gaussian(P, 13);
            double[] masked = v.clone();
            for (int i = 0; i < P; i++) {
                if (!domain.contains(i)) {
                    masked[i] = 0;
                }
            }
            INDArray full = Nd4j.create(DataType.DOUBLE, P);
            h.apply(Matrices.vector(v, DataType.DOUBLE), full);
            h.apply(Matrices.vector(masked, DataType.DOUBLE), out);
            assertArrayEquals(Matrices.values(out), Matrices.values(full), 0.0);
        }
        assertThrows(IllegalArgumentException.class, () -> Domain.arrays(layout, List.of("2_W")));
    }

    /** State entries: never in the default domain, zero in the output, ignored in the input. */
    @Test
    void stateIsNeverPerturbed() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 30, new long[]{30}, 'c', ParameterRole.WEIGHT, -1),
                new ParameterArray("1_gamma", "1", "BatchNormalization", 30, 4, new long[]{4}, 'c',
                        ParameterRole.NORM, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 34, 3, new long[]{3}, 'c',
                        ParameterRole.STATE, -1),
                new ParameterArray("1_var", "1", "BatchNormalization", 37, 3, new long[]{3}, 'c',
                        ParameterRole.STATE, -1)));
        double[][] a = Matrices.randomSymmetric(P, 14);
        QuadraticObjective objective = new QuadraticObjective(a, new double[P], layout, Precision.DOUBLE);
        double[] centre = Matrices.gaussian(P, 15);
        try (HessianOperator h = HessianOperator.builder(objective).centre(Matrices.vector(centre, DataType.DOUBLE))
                .build()) {
            assertEquals(34, h.domain().size());
            double[] v = Matrices.gaussian(P, 16);
            INDArray out = Nd4j.create(DataType.DOUBLE, P);
            h.apply(Matrices.vector(v, DataType.DOUBLE), out);
            double[] masked = v.clone();
            for (int i = 34; i < P; i++) {
                masked[i] = 0;
            }
            double[] expected = Matrices.multiply(a, masked);
            double[] actual = Matrices.values(out);
            for (int i = 0; i < P; i++) {
                assertEquals(i < 34 ? expected[i] : 0.0, actual[i], 1e-8, "entry " + i);
            }
            assertArrayEquals(centre, Matrices.values(objective.parameters()), 0.0, "state values untouched");
        }
        assertThrows(IllegalArgumentException.class,
                () -> HessianOperator.builder(objective).domain(Domain.all(P)).build());
        assertThrows(IllegalArgumentException.class, () -> Domain.arrays(layout, List.of("1_mean")));
    }

    /**
     * With L2 (λ on 0_W, ½λΣw² as DL4J scores it) and L1 (μ on 0_b): H(L + R)v − H(L)v = λv on 0_W and exactly 0 on
     * 0_b (the L1 Hessian vanishes away from w = 0). The two operators run the same gradient computations, so the
     * difference is the penalty part up to the rounding of one addition: 1e-13 absolute on entries of order 10.
     */
    @Test
    void regularizationHessianIsAddedExactly() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 30, new long[]{30}, 'c', ParameterRole.WEIGHT, -1),
                new ParameterArray("0_b", "0", "Dense", 30, 10, new long[]{10}, 'c', ParameterRole.BIAS, -1)));
        double lambda = 0.37;
        QuadraticObjective objective = new QuadraticObjective(Matrices.randomSymmetric(P, 17),
                Matrices.gaussian(P, 18), layout, Precision.DOUBLE)
                .withL2(lambda, Set.of("0_W")).withL1(0.2, Set.of("0_b"));
        INDArray centre = Matrices.vector(Matrices.gaussian(P, 19), DataType.DOUBLE);
        double[] v = Matrices.gaussian(P, 20);
        INDArray plain = Nd4j.create(DataType.DOUBLE, P);
        INDArray regularized = Nd4j.create(DataType.DOUBLE, P);
        try (HessianOperator h = HessianOperator.builder(objective).centre(centre).build();
             HessianOperator hr = HessianOperator.builder(objective).centre(centre).regularization(true).build()) {
            assertTrue(hr.includesRegularization());
            h.apply(Matrices.vector(v, DataType.DOUBLE), plain);
            hr.apply(Matrices.vector(v, DataType.DOUBLE), regularized);
        }
        double[] difference = Matrices.values(regularized.sub(plain));
        for (int i = 0; i < P; i++) {
            assertEquals(i < 30 ? lambda * v[i] : 0.0, difference[i], 1e-13, "entry " + i);
        }
        assertArrayEquals(Matrices.values(centre), Matrices.values(objective.parameters()), 0.0);
    }

    /**
     * FLOAT mode on the quadratic: the gradient is exact up to float rounding, so the error is rounding amplified by
     * 1/ε: u·‖A‖‖c‖/ε ≈ 6e-8·30·6/3e-3 ≈ 4e-3 absolute on ‖Av‖ ≈ 30 (≈ 1e-4 relative); asserted 1e-3 relative.
     */
    @Test
    void floatModeOnAQuadratic() {
        QuadraticObjective objective = quadratic(21, Precision.FLOAT);
        double[][] a = Matrices.randomSymmetric(P, 21);
        double[] v = Matrices.gaussian(P, 22);
        try (HessianOperator h = HessianOperator.builder(objective)
                .centre(Matrices.vector(Matrices.gaussian(P, 23), DataType.FLOAT)).build()) {
            INDArray out = Nd4j.create(DataType.FLOAT, P);
            h.apply(Matrices.vector(v, DataType.FLOAT), out);
            double error = Matrices.relativeError(Matrices.values(out), Matrices.multiply(a, v));
            assertTrue(error < 1e-3, "FLOAT relative error " + error);
        }
    }

    @Test
    void rejectsWrongVectors() {
        QuadraticObjective objective = quadratic(24, Precision.DOUBLE);
        HessianOperator h = HessianOperator.builder(objective).build();
        INDArray out = Nd4j.create(DataType.DOUBLE, P);
        assertThrows(IllegalArgumentException.class, () -> h.apply(Nd4j.create(DataType.DOUBLE, P + 1), out));
        INDArray nan = Nd4j.create(DataType.DOUBLE, P);
        nan.putScalar(3, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> h.apply(nan, out));
        assertThrows(IllegalArgumentException.class, () -> h.apply(out, h.centre()));
        h.close();
        assertThrows(IllegalStateException.class, () -> h.apply(out, out));
    }

    /**
     * No P-sized native allocation per product: P = 200,000 in a layout with state and a restriction (so that the
     * projection runs), counted by ND4J's data buffer factory proxy around ten products after a warm-up; the
     * quadratic objective here is diagonal-free (A = 0), so the objective itself allocates nothing either. Bound:
     * no buffer of more than 1,000 elements (views and shape buffers are small).
     */
    @Test
    void productsAllocateNothingParameterSized() throws Exception {
        int p = 200_000;
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 150_000, new long[]{150_000}, 'c', ParameterRole.WEIGHT,
                        -1),
                new ParameterArray("0_b", "0", "Dense", 150_000, 49_000, new long[]{49_000}, 'c',
                        ParameterRole.BIAS, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 199_000, 1000, new long[]{1000}, 'c',
                        ParameterRole.STATE, -1)));
        ZeroObjective objective = new ZeroObjective(layout);
        try (HessianOperator h = HessianOperator.builder(objective).domain(Domain.arrays(layout, List.of("0_b")))
                .regularization(true).build()) {
            INDArray v = Nd4j.rand(DataType.DOUBLE, p);
            INDArray out = Nd4j.create(DataType.DOUBLE, p);
            for (int i = 0; i < 3; i++) {
                h.apply(v, out);
            }
            try (NativeAllocations allocations = NativeAllocations.install()) {
                for (int i = 0; i < 10; i++) {
                    h.apply(v, out);
                }
                assertTrue(allocations.largest() <= 1000, "largest native buffer: " + allocations.largest()
                        + " elements");
            }
        }
    }

    /**
     * A kink 3e-6 from the centre along the direction (L = ½θᵀAθ + 0.5·|θ₀ − t|): the default step ε = 1e-5 straddles
     * it, so a plain central difference would add the jump, 0.5·2/(2ε)·v̂₀ ≈ 4.5e4, to Av; the forward and backward
     * differences disagree, the product is recomputed at ε/10 (which does not straddle) and equals Av, the Hessian of
     * the piece that holds c, to rounding. A centre on the kink itself cannot be resolved and is counted.
     */
    @Test
    void productsAcrossAKinkAreRecomputedWithASmallerStep() {
        double[][] a = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double t = 0.25;
        QuadraticObjective kinked = QuadraticObjective.of(a, new double[3], Precision.DOUBLE).withKink(0, t, 0.5);
        try (HessianOperator h = HessianOperator.builder(kinked)
                .centre(Nd4j.createFromArray(t + 3e-6, -0.4, 0.7)).build()) {
            assertEquals(1e-5, h.epsilon(), 0, "the default step, which straddles the kink");
            INDArray v = Nd4j.createFromArray(1.0, 0.5, 0.0);
            INDArray out = Nd4j.create(DataType.DOUBLE, 3);
            h.apply(v, out);
            double[] expected = Matrices.multiply(a, new double[] {1.0, 0.5, 0.0});
            assertArrayEquals(expected, out.toDoubleVector(), 1e-8, "Av: the Hessian of the smooth piece");
            assertEquals(1, h.kinkShrinks());
            assertEquals(0, h.unresolvedKinks());
            INDArray smooth = Nd4j.createFromArray(0.0, 1.0, -1.0);  // does not move θ₀: no kink between the points
            h.apply(smooth, out);
            assertArrayEquals(Matrices.multiply(a, new double[] {0, 1, -1}), out.toDoubleVector(), 1e-8);
            assertEquals(1, h.kinkShrinks(), "no second shrink");
        }
        QuadraticObjective onTheKink = QuadraticObjective.of(a, new double[3], Precision.DOUBLE).withKink(0, t, 0.5);
        try (HessianOperator h = HessianOperator.builder(onTheKink).centre(Nd4j.createFromArray(t, 0.1, 0.2))
                .build()) {
            INDArray out = Nd4j.create(DataType.DOUBLE, 3);
            h.apply(Nd4j.createFromArray(1.0, 0.0, 0.0), out);
            assertEquals(1, h.unresolvedKinks(), "c on the kink: no step resolves it");
            assertTrue(Double.isFinite(out.getDouble(0)));
        }
    }

    /** A smooth loss never triggers the check: one gradient at the centre, then two per product. */
    @Test
    void aSmoothLossNeedsNoSmallerStep() {
        double[][] a = {{2, 0.3}, {0.3, 1}};
        QuadraticObjective quadratic = QuadraticObjective.of(a, new double[] {0.1, -0.2}, Precision.DOUBLE);
        try (HessianOperator h = HessianOperator.builder(quadratic).centre(Nd4j.createFromArray(0.5, -1.5)).build()) {
            INDArray out = Nd4j.create(DataType.DOUBLE, 2);
            for (int k = 0; k < 5; k++) {
                h.apply(Nd4j.createFromArray(Math.cos(k), Math.sin(k)), out);
            }
            assertEquals(0, h.kinkShrinks());
            assertEquals(11, quadratic.gradientCalls, "1 at the centre + 2 per product");
        }
    }
}
