package org.landscape4j.dl4j.slice;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.testing.NativeAllocations;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluating 1,000 points of a plane allocates nothing P-sized per point, on the whole path a worker runs: the
 * BLAS combination c + αd₁ + βd₂ into the objective's buffer, the evaluation, the row handed to the pending result.
 *
 * <p>The network is W2's MLP 100-1000-900-10 (P = 1,010,910 FLOAT parameters) on 4 examples, so P·4 ≈ 4 MB dwarfs
 * what a point legitimately allocates (DL4J's detached activations, 4 × 2010 floats ≈ 32 kB; a few thousand small
 * Java objects of DL4J's pass, ≈ 150 kB of heap, see {@code AllocationTest}): one P-sized array per point would
 * stand out by an order of magnitude.
 *
 * <p><b>Counting on the workers only.</b> Each objective is wrapped ({@link CountingFactory}); on its worker's
 * thread, at every evaluation's entry, it reads the thread's allocated heap bytes
 * ({@code com.sun.management.ThreadMXBean}): the difference between two entries is everything the worker did for
 * one point. The first {@value #WARM_UP} points of each worker (DL4J's workspaces being sized) are not counted.
 * Native buffers are counted by {@link NativeAllocations} on the workers' threads from the end of the warm-up until
 * the objective closes; a positive control (a {@code dup()} of c, counted on this thread) shows it sees a P-sized
 * array. Network copies (made when a worker starts) are outside the window.
 *
 * <p><b>Bounds.</b> Per point: native bytes below P·4/50, no native buffer of P/10 elements or more, heap below
 * P·4/10 — the bounds of {@code AllocationTest} for {@code evaluate()} alone. The numbers are printed.
 */
class SliceAllocationTest {

    private static final int WARM_UP = 5;
    private static final ThreadLocal<Boolean> COUNTING = ThreadLocal.withInitial(() -> false);

    @TempDir
    Path dir;

    @Test
    void aThousandPointsAllocateNothingParameterSized() throws Exception {
        MultiLayerNetwork network = Fixtures.w2(DataType.FLOAT);
        long p = network.numParams();
        DataSet data = Fixtures.classification(5, 4, 100, 10, DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        INDArray c = network.params().dup().reshape(p);
        INDArray d1 = Fixtures.gaussian(3, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.01);
        INDArray d2 = Fixtures.gaussian(4, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.01);
        Slice slice = Slice.plane(c, d1, d2);
        GridSpec grid = GridSpec.plane(40, 25, -1, 1, -1, 1);

        AtomicLong heap = new AtomicLong();
        AtomicLong intervals = new AtomicLong();
        ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);
        CountingFactory measured = new CountingFactory(factory) {
            @Override
            void onEvaluate(long calls) {
                long now = NativeAllocations.threadHeap();
                if (calls > WARM_UP) {
                    heap.addAndGet(now - last.get()[0]);
                    intervals.incrementAndGet();
                }
                last.get()[0] = now;
                if (calls == WARM_UP) {
                    COUNTING.set(true);
                }
            }

            @Override
            void onClose() {
                COUNTING.set(false);
            }
        };

        SliceSummary summary;
        long nativeBytes;
        long largest;
        long buffers;
        try (NativeAllocations counter = NativeAllocations.install(COUNTING::get)) {
            COUNTING.set(true);
            INDArray control = c.dup();
            COUNTING.set(false);
            assertTrue(counter.bytes() >= 4 * p && counter.largest() == p,
                    "the counter sees a P-sized dup: " + counter.bytes() + " bytes, largest " + counter.largest());
            control.close();
            counter.reset();

            Results results = Results.at(dir);
            try (PendingResult pending = results.startRows("w2", SliceTable.TABLE, SliceTable.provenance(slice,
                    grid, factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
                summary = SliceEvaluator.builder(measured).workers(2).build().evaluate(slice, grid, pending);
                pending.commit();
            }
            nativeBytes = counter.bytes();
            largest = counter.largest();
            buffers = counter.buffers();
        }
        assertEquals(1000, summary.evaluated());
        assertEquals(2, measured.created.get());
        long counted = intervals.get();
        assertTrue(counted >= 1000 - 2 * (WARM_UP + 1), "points measured: " + counted);
        long heapPerPoint = heap.get() / counted;
        long nativePerPoint = nativeBytes / counted;
        System.out.printf("P = %d (P·4 = %d bytes); per point on the workers: native %d bytes in %d buffers, largest"
                        + " %d elements, heap %d bytes (%d points measured, %.1f ms/point with 2 workers)%n", p, 4 * p,
                nativePerPoint, buffers / counted, largest, heapPerPoint, counted, summary.millisecondsPerPoint());
        assertTrue(nativePerPoint < 4 * p / 50, "native bytes per point " + nativePerPoint);
        assertTrue(largest < p / 10, "largest native buffer " + largest + " elements");
        assertTrue(heapPerPoint < 4 * p / 10, "heap bytes per point " + heapPerPoint);
    }
}
