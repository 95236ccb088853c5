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

    /**
     * The median's 95 % interval from the sign test: for n = 20, P(Bin(20, ½) ≤ 5) = 0.0207 ≤ 0.025 &lt;
     * P(≤ 6) = 0.0577 (scipy.stats.binom.cdf(5, 20, 0.5), cdf(6, ...)), so the 6th and 15th order statistics; for
     * n = 5 even the extremes cover only 1 − 2/32 = 93.75 %: the whole range.
     */
    @Test
    void medianIntervalTakesTheSignTestsOrderStatistics() {
        List<Double> twenty = new java.util.ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            twenty.add((double) i);
        }
        double[] interval = ListenerOverhead.medianInterval(twenty, 0.95);
        assertEquals(6.0, interval[0], 0);
        assertEquals(15.0, interval[1], 0);
        double[] few = ListenerOverhead.medianInterval(List.of(3.0, 1.0, 2.0, 5.0, 4.0), 0.95);
        assertEquals(1.0, few[0], 0);
        assertEquals(5.0, few[1], 0);
        assertEquals("within_target", ListenerOverhead.verdict(new double[] {0.99, 1.02}, 1.03));
        assertEquals("over_target", ListenerOverhead.verdict(new double[] {1.04, 1.2}, 1.03));
        assertEquals("inconclusive", ListenerOverhead.verdict(new double[] {1.0, 1.04}, 1.03));
        assertEquals("too_few_samples", ListenerOverhead.verdict(List.of(1.10, 1.16), 1.03),
                "two samples' range covers their median with 50 %, not 95 %");
        assertEquals("over_target", ListenerOverhead.verdict(List.of(1.10, 1.16, 1.12, 1.13, 1.11, 1.14), 1.03),
                "six samples: their range covers the median with 1 − 2/64 = 96.9 %");
    }

    /**
     * An interleaved run's estimates, by hand: pairs 1.00, 1.02, 1.04, 1.10 (median 1.03), A 2.1 s and B 2.0 s of
     * training-thread CPU, callbacks 0.01, 0.01, 0.05, 0.01 s per block (median 0.01: 0.04 s of rare work), close()
     * 0.02 s, writer 0.04 s, worker 0.082 s: thread 1.03 + (0.04 + 0.02)/2.0 = 1.06; total 1.06 + 0.04/2.0 +
     * 0.082/4.1 = 1.10 (the worker over both trainings, which its wall-clock budget spans).
     */
    @Test
    void anInterleavedRunAddsRareCallbackWorkCloseAndBackgroundTimeToTheTypicalPair() {
        InterleavedOverhead.Run run = new InterleavedOverhead.Run(List.of(1.10, 1.00, 1.04, 1.02), 2.1, 2.0, 0.02,
                0.04, 0.082, List.of(0.01, 0.01, 0.05, 0.01));
        assertEquals(1.03, run.pairRatioMedian(), 1e-12);
        assertEquals(0.04, run.callbackExcessSeconds(), 1e-12);
        assertEquals(1.06, run.threadOverhead(), 1e-12);
        assertEquals(1.10, run.totalOverhead(), 1e-12);
    }

    /**
     * A whole recorded run's accounting: 2.0 s of training-thread CPU of which the callbacks took 0.05 s (wall) and
     * close() 0.01 s of CPU (0.03 s of wall; listener total 0.08 s): training's own CPU 2.0 − 0.05 − 0.01 = 1.94 s;
     * lower bound 1 + 0.08/1.94, upper bound with 0.1 s of background CPU 1 + 0.18/1.94.
     */
    @Test
    void aWholeRunCountsTheCallbacksByWallTimeAndCloseByItsWall() {
        ListenerOverhead.Timing timing = new ListenerOverhead.Timing(2.5, 2.0, 0.08, Map.of(), 0.03, 0.01, 0.1);
        assertEquals(1 + 0.08 / 1.94, timing.trainingThreadOverhead(), 1e-12);
        assertEquals(1 + 0.18 / 1.94, timing.accountedOverhead(), 1e-12);
    }

    @Test
    void kernelChoiceFollowsTheCpuFlagsAndKeepsTheUsersSettings() {
        // never Cooperlake or SkylakeX: wrong double products and eigenvectors in OpenBLAS 0.3.19 (BlasCheck)
        assertEquals(Optional.of("Haswell"), BlasEnvironment.kernelFor("fpu avx2 avx512f avx512bw avx512_bf16"));
        assertEquals(Optional.of("Haswell"), BlasEnvironment.kernelFor("avx2 avx512f avx512bw"));
        assertEquals(Optional.of("Haswell"), BlasEnvironment.kernelFor("sse avx avx2 fma"));
        assertEquals(Optional.empty(), BlasEnvironment.kernelFor("sse sse2"));
        Map<String, String> chosen = BlasEnvironment.choose(Map.of("OMP_NUM_THREADS", "3"), "avx2", 2);
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell", "OPENBLAS_NUM_THREADS", "1",
                "ND4J_SKIP_BLAS_THREADS", "1"), chosen, "the user's OMP_NUM_THREADS is kept");
        assertEquals(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "2", "ND4J_SKIP_BLAS_THREADS", "1"),
                BlasEnvironment.choose(Map.of("OPENBLAS_CORETYPE", "Zen"), "avx2 avx512_bf16", 2));
    }
}
