package org.landscape4j.dl4j.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BLAS threading check, with injected environments: one warning with the fix, never an exception. */
class BlasSettingsTest {

    private static final Map<String, String> SAFE = Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "2",
            "ND4J_SKIP_BLAS_THREADS", "1");

    @Test
    void safeSettingsPass() {
        assertTrue(BlasSettings.diagnose(SAFE, 2, 2).isEmpty());
        assertTrue(BlasSettings.diagnose(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "1"), 8, 4).isEmpty(),
                "one OpenMP thread: ND4J has nothing to raise BLAS to");
        assertTrue(BlasSettings.diagnose(Map.of(), 8, 1).isEmpty(), "one worker is always safe");
    }

    @Test
    void eachUnsafeSettingIsNamed() {
        String unset = BlasSettings.diagnose(Map.of(), 2, 2).orElseThrow();
        assertTrue(unset.contains("OPENBLAS_NUM_THREADS is not set") && unset.contains("OMP_NUM_THREADS is not set")
                && unset.contains("ND4J_SKIP_BLAS_THREADS"), unset);
        assertTrue(unset.contains("OPENBLAS_NUM_THREADS=1 ND4J_SKIP_BLAS_THREADS=1"), "the fix is given: " + unset);
        String four = BlasSettings.diagnose(Map.of("OPENBLAS_NUM_THREADS", "4", "OMP_NUM_THREADS", "1"), 2, 2)
                .orElseThrow();
        assertTrue(four.contains("OPENBLAS_NUM_THREADS=4") && !four.contains("OMP_NUM_THREADS=1 but"), four);
        String noSkip = BlasSettings.diagnose(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "2"), 2, 2)
                .orElseThrow();
        assertTrue(noSkip.contains("OMP_NUM_THREADS=2 but ND4J_SKIP_BLAS_THREADS is not set"), noSkip);
        String garbage = BlasSettings.diagnose(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "two",
                "ND4J_SKIP_BLAS_THREADS", "1"), 2, 2).orElseThrow();
        assertTrue(garbage.contains("OMP_NUM_THREADS=two is not a number"), garbage);
        assertTrue(BlasSettings.diagnose(Map.of("OPENBLAS_NUM_THREADS", "1"), 1, 2).isEmpty(),
                "OMP unset on one core: one OpenMP thread");
    }

    @Test
    void warnsOncePerProcess() {
        List<String> warnings = new ArrayList<>();
        AtomicBoolean warned = new AtomicBoolean();
        assertFalse(BlasSettings.check(Map.of(), 2, 2, warnings::add, warned));
        assertFalse(BlasSettings.check(Map.of(), 2, 3, warnings::add, warned));
        assertTrue(BlasSettings.check(SAFE, 2, 2, warnings::add, warned));
        assertEquals(1, warnings.size(), "one warning, not one per check: " + warnings);
        assertTrue(warnings.get(0).startsWith("landscape4j: 2 parallel workers"), warnings.get(0));
    }

    /** The real process check never throws; the test JVM runs through scripts/tuned-jvm, which sets safe values. */
    @Test
    void processCheckUsesTheTunedEnvironment() {
        boolean safe = BlasSettings.checkForWorkers(2);
        assertEquals(BlasSettings.diagnose(System.getenv(), Runtime.getRuntime().availableProcessors(), 2).isEmpty(),
                safe);
        assertTrue(BlasSettings.checkForWorkers(1));
    }
}
