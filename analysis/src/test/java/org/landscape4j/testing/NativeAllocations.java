package org.landscape4j.testing;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.factory.DataBufferFactory;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Counts the native memory ND4J allocates, for the allocation tests.
 *
 * <p>ND4J M2.1 has no allocation listener for the CPU backend (its {@code AllocationsTracker} sees only workspaces
 * and constants, JavaCPP's {@code Pointer.totalBytes()} not the buffers libnd4j allocates), so this wraps ND4J's
 * {@link DataBufferFactory} in a counting proxy while installed: every data buffer ND4J's Java side creates passes
 * through it. It counts the bytes of new buffers not attached to a workspace (a native allocation each) and the
 * largest one, on the threads for which {@code counting} says so when they allocate; wrappers and views of
 * existing memory (factory methods taking a buffer or pointer) are not allocations and are skipped. Close it to
 * put the original factory back. Heap: {@link #threadHeap()}.
 */
public final class NativeAllocations implements AutoCloseable {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private final AtomicLong buffers = new AtomicLong();
    private final DataBufferFactory original;

    private NativeAllocations(BooleanSupplier counting) throws ReflectiveOperationException {
        Field field = field();
        original = (DataBufferFactory) field.get(null);
        DataBufferFactory proxy = (DataBufferFactory) Proxy.newProxyInstance(
                DataBufferFactory.class.getClassLoader(), new Class<?>[]{DataBufferFactory.class},
                (self, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(original, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof DataBuffer buffer && allocates(args) && !buffer.isAttached()
                            && counting.getAsBoolean()) {
                        bytes.addAndGet(buffer.length() * buffer.getElementSize());
                        buffers.incrementAndGet();
                        largest.accumulateAndGet(buffer.length(), Math::max);
                    }
                    return result;
                });
        field.set(null, proxy);
    }

    /** @return a counter of every thread's allocations, installed until closed */
    public static NativeAllocations install() throws ReflectiveOperationException {
        return new NativeAllocations(() -> true);
    }

    /** @return a counter of the allocations made while {@code counting} is true on the allocating thread */
    public static NativeAllocations install(BooleanSupplier counting) throws ReflectiveOperationException {
        return new NativeAllocations(counting);
    }

    private static Field field() throws NoSuchFieldException {
        Field field = Nd4j.class.getDeclaredField("DATA_BUFFER_FACTORY_INSTANCE");
        field.setAccessible(true);
        return field;
    }

    /** A factory call wrapping existing memory (a buffer, a pointer, a Java buffer) allocates nothing new. */
    private static boolean allocates(Object[] args) {
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof DataBuffer || arg instanceof org.bytedeco.javacpp.Pointer
                        || arg instanceof java.nio.Buffer) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return bytes of the native buffers counted since the last reset */
    public long bytes() {
        return bytes.get();
    }

    /** @return the element count of the largest buffer counted since the last reset */
    public long largest() {
        return largest.get();
    }

    /** @return the number of buffers counted since the last reset */
    public long buffers() {
        return buffers.get();
    }

    /** Zeroes the counters. */
    public void reset() {
        bytes.set(0);
        largest.set(0);
        buffers.set(0);
    }

    /** Puts ND4J's original factory back. */
    @Override
    public void close() throws ReflectiveOperationException {
        field().set(null, original);
    }

    /** @return the bytes the current thread has allocated on the heap so far */
    public static long threadHeap() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
