package org.landscape4j.run;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The process's Arrow memory: one {@link RootAllocator} for all of landscape4j, from which every reader and
 * writer takes a child allocator that it closes (Arrow's try-with-resources ownership: a child closed with
 * buffers still allocated throws, so a leak is found where it happens).
 *
 * <p>Also makes Arrow's Netty allocator work on JDK 24+ without command-line flags: Netty 4.2 refuses
 * {@code sun.misc.Unsafe} there unless the JVM was started with {@code --sun-misc-unsafe-memory-access=allow},
 * which a jar manifest cannot carry; Netty honours an explicit {@code io.netty.noUnsafe=false}, set here
 * before Arrow is first used unless the user set it.
 */
public final class ArrowMemory {

    static final String NETTY_NO_UNSAFE = "io.netty.noUnsafe";

    /** The JVM flag Arrow's memory needs: it reads the address of direct buffers by reflection. */
    public static final String ADD_OPENS_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private ArrowMemory() {
    }

    /** Created at first use, never closed: children are what callers own. */
    private static final class Root {
        static final RootAllocator INSTANCE = create();

        private static RootAllocator create() {
            configure();
            return new RootAllocator(Long.MAX_VALUE);
        }
    }

    static void configure() {
        if (System.getProperty(NETTY_NO_UNSAFE) == null) {
            System.setProperty(NETTY_NO_UNSAFE, "false");
        }
    }

    /**
     * @param name  the child's name, shown in Arrow's leak reports
     * @param limit the most bytes the child may hold at once
     * @return a new child of the process's root allocator (or of {@code parent} if not null); close it
     */
    public static BufferAllocator child(BufferAllocator parent, String name, long limit) {
        BufferAllocator from = parent != null ? parent : Root.INSTANCE;
        return from.newChildAllocator(name, 0, limit);
    }

    /**
     * Checks, without touching Arrow, that this JVM lets Arrow's memory work: {@code java.nio} must be open to
     * the unnamed module ({@value #ADD_OPENS_FLAG}), or Arrow fails at its first allocation with a message about
     * {@code sun.misc.Unsafe} or {@code DirectByteBuffer} that does not say what to do.
     *
     * @return the problem and its fix, or empty if the JVM is set up
     */
    /**
     * @throws IllegalStateException with {@link #jvmSetupProblem()}'s text if the JVM lacks the flag: without it Arrow
     *                               fails on the first buffer with an error that reads like a corrupt file
     */
    static void requireJvmSetup() {
        Optional<String> problem = jvmSetupProblem();
        if (problem.isPresent()) {
            throw new IllegalStateException("landscape4j: " + problem.get());
        }
    }

    public static Optional<String> jvmSetupProblem() {
        Module nio = ByteBuffer.class.getModule();
        if (nio.isOpen("java.nio", ArrowMemory.class.getModule())) {
            return Optional.empty();
        }
        return Optional.of("this JVM does not open java.nio to landscape4j, which Apache Arrow needs to read and"
                + " write the run files: add the JVM flag " + ADD_OPENS_FLAG + " (java command line; Maven Surefire/exec:"
                + " <argLine>; Gradle: jvmArgs; an executable jar: the manifest entry 'Add-Opens: java.base/java.nio')");
    }
}
