package org.landscape4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The benchmark's statistics and its OpenBLAS choice (no timings are asserted anywhere). */
class BenchStatisticsTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        List<Double> values = List.of(4.0, 1.0, 3.0, 2.0);
        assertEquals(2.5, ListenerOverhead.quantile(values, 0.5), 0);   // numpy.quantile([1,2,3,4], 0.5)
        assertEquals(1.75, ListenerOverhead.quantile(values, 0.25), 0); // numpy.quantile([1,2,3,4], 0.25)
        assertEquals(3.25, ListenerOverhead.quantile(values, 0.75), 0);
        assertEquals(7.0, ListenerOverhead.quantile(List.of(7.0), 0.5), 0);
    }

    @Test
    void kernelChoiceFollowsTheCpuFlagsAndKeepsTheUsersSettings() {
        assertEquals(Optional.of("Cooperlake"), BlasEnvironment.kernelFor("fpu avx2 avx512f avx512bw avx512_bf16"));
        assertEquals(Optional.of("SkylakeX"), BlasEnvironment.kernelFor("avx2 avx512f avx512bw"));
        assertEquals(Optional.of("Haswell"), BlasEnvironment.kernelFor("sse avx avx2 fma"));
        assertEquals(Optional.empty(), BlasEnvironment.kernelFor("sse sse2"));
        Map<String, String> chosen = BlasEnvironment.choose(Map.of("OMP_NUM_THREADS", "3"), "avx2", 2);
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell", "OPENBLAS_NUM_THREADS", "1",
                "ND4J_SKIP_BLAS_THREADS", "1"), chosen, "the user's OMP_NUM_THREADS is kept");
        assertEquals(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "2", "ND4J_SKIP_BLAS_THREADS", "1"),
                BlasEnvironment.choose(Map.of("OPENBLAS_CORETYPE", "Zen"), "avx512_bf16", 2));
    }
}
