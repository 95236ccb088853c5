package org.landscape4j.run;

/**
 * Makes Arrow's Netty allocator work on JDK 24+ without command-line flags. Netty 4.2 refuses
 * {@code sun.misc.Unsafe} there unless the JVM was started with {@code --sun-misc-unsafe-memory-access=allow},
 * which a jar manifest cannot carry, and Arrow's allocator then fails to initialize. Netty honours an explicit
 * {@code io.netty.noUnsafe=false}, which this sets before Arrow is first used, unless the user set it.
 */
final class ArrowRuntime {

    static final String NETTY_NO_UNSAFE = "io.netty.noUnsafe";

    private ArrowRuntime() {
    }

    static void configure() {
        if (System.getProperty(NETTY_NO_UNSAFE) == null) {
            System.setProperty(NETTY_NO_UNSAFE, "false");
        }
    }
}
