package org.landscape4j.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each rule of {@link CriticalPoint#classify}, at and across its boundary. */
class CriticalPointTest {

    private static CriticalPoint.Kind kind(double g, double max, double min, double residual) {
        return CriticalPoint.classify(g, max, min, residual, residual, 1e-3, 0.01).kind();
    }

    @Test
    void theRulesInOrder() {
        assertEquals(CriticalPoint.Kind.MINIMUM, kind(1e-4, 10, 0.5, 1e-6));
        assertEquals(CriticalPoint.Kind.MINIMUM, kind(1e-4, 10, -0.09, 1e-6), "−0.9 % of max|λ|: not significant");
        assertEquals(CriticalPoint.Kind.SADDLE, kind(1e-4, 10, -0.11, 1e-6), "−1.1 % of max|λ|: significant");
        assertEquals(CriticalPoint.Kind.SADDLE, kind(1e-4, 1, -5, 1e-6));
        assertEquals(CriticalPoint.Kind.NOT_CRITICAL, kind(2e-3, 10, 0.5, 1e-6));
        assertEquals(CriticalPoint.Kind.UNDETERMINED, kind(1e-4, 10, -3, 1.5), "residual above 10 % of max|λ|");
        assertEquals(CriticalPoint.Kind.UNDETERMINED, kind(2e-3, 10, 0.5, 1.5), "unconverged before the gradient");
        assertEquals(CriticalPoint.Kind.UNDETERMINED, kind(1e-4, Double.NaN, 0, 0));
        assertEquals(CriticalPoint.Kind.FLAT, kind(1e-4, 1e-12, -1e-12, 1e-13));
        assertEquals(CriticalPoint.Kind.NOT_CRITICAL, kind(Double.NaN, 10, 0.5, 1e-6), "a NaN gradient is not small");
    }

    @Test
    void theExplanationCarriesTheNumbersAndBadTolerancesAreRefused() {
        CriticalPoint saddle = CriticalPoint.classify(1e-5, 4, -2, 0, 0, 1e-3, 0.01);
        assertEquals("significant negative curvature: λmin = -2.000, λmax = 4.000", saddle.explanation());
        assertThrows(IllegalArgumentException.class, () -> CriticalPoint.classify(0, 1, 0, 0, 0, -1, 0.01));
        assertThrows(IllegalArgumentException.class, () -> CriticalPoint.classify(0, 1, 0, 0, 0, 1, Double.NaN));
    }
}
