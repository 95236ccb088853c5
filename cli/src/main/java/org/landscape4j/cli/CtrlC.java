package org.landscape4j.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting until the user stops a long-running command with Ctrl-C (SIGINT) or {@code kill} (SIGTERM): the signal
 * only wakes the waiting thread, which stops its work and returns normally (exit code 0, not the JVM's 130). The
 * handlers are {@code sun.misc.Signal}'s (module jdk.unsupported), reached reflectively so that a JDK without it
 * still works: then, and for the ways out no handler sees (SIGHUP, {@code System.exit} elsewhere), a shutdown
 * hook runs {@code onExit}. Closing restores the previous handlers and removes the hook.
 */
final class CtrlC implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CtrlC.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Object[]> installed = new ArrayList<>();      // {signal, previous handler}
    private final Thread hook;

    private CtrlC(Runnable onExit) {
        this.hook = new Thread(onExit, "landscape4j-shutdown");
    }

    /** @param onExit what to do if the JVM exits without this having been closed first (stop the work) */
    static CtrlC install(Runnable onExit) {
        CtrlC ctrlC = new CtrlC(onExit);
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(CtrlC.class.getClassLoader(), new Class<?>[] {handlerClass},
                    ctrlC.handler());
            for (String name : SIGNALS) {
                try {
                    Object signal = signalClass.getConstructor(String.class).newInstance(name);
                    ctrlC.installed.add(new Object[] {signal, handle.invoke(null, signal, handler)});
                } catch (ReflectiveOperationException e) {
                    // the JVM reserves it (-Xrs) or the platform has none: the shutdown hook covers it
                    LOG.debug("cannot handle SIG{}: {}", name, e.getCause() == null ? e : e.getCause());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no signal handlers (sun.misc.Signal unavailable): {}", e.toString());
        }
        Runtime.getRuntime().addShutdownHook(ctrlC.hook);
        return ctrlC;
    }

    private InvocationHandler handler() {
        return (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                stop.countDown();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "landscape4j Ctrl-C handler";
            default -> null;
        };
    }

    /** Waits for Ctrl-C or SIGTERM (or for this thread to be interrupted: another way to stop). */
    void await() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Object[] signal : installed) {
            try {
                Class<?> signalClass = signal[0].getClass();
                signalClass.getMethod("handle", signalClass, Class.forName("sun.misc.SignalHandler"))
                        .invoke(null, signal[0], signal[1]);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot restore the handler of {}: {}", signal[0], e.toString());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
    }
}
