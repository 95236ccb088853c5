package org.landscape4j.report.live;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.landscape4j.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of a run: an HTTP server (the JDK's own) whose page is the run's report, which asks the server
 * for newer data every few seconds and redraws in place while the run grows. It reads the run, never writes it,
 * and serves only what it generates ({@code /} and {@code /data.json}).
 *
 * <pre>{@code
 * try (LiveServer server = LiveServer.start(LiveSettings.of(Path.of("runs/my-run")).withPort(0))) {
 *     System.out.println(server.uri());      // http://127.0.0.1:<port>/
 *     ...
 * }
 * }</pre>
 *
 * The server's threads are daemons: a program that wants to serve until stopped waits itself (the CLI waits
 * for Ctrl-C).
 */
public final class LiveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final LiveSettings settings;
    private final InetSocketAddress address;
    private boolean closed;

    private LiveServer(HttpServer server, ExecutorService executor, LiveSettings settings) {
        this.server = server;
        this.executor = executor;
        this.settings = settings;
        this.address = server.getAddress();
    }

    /**
     * Opens the run (so that a directory that is not a run is refused here, not in the browser), listens, and
     * prepares the page in the background (a browser asking meanwhile waits for it).
     *
     * @throws org.landscape4j.run.RunFormatException if the directory does not exist or holds no run
     * @throws PortInUseException                     if the port is taken
     * @throws BindException                          if the address cannot be listened on (not of this machine)
     * @throws java.net.UnknownHostException          if the host name cannot be resolved
     */
    public static LiveServer start(LiveSettings settings) throws IOException {
        RunDirectory.open(settings.runDirectory());        // a clear message for a path that holds no run
        InetAddress host = InetAddress.getByName(settings.host());
        RunWatcher watcher = new RunWatcher(settings.runDirectory(), settings.interval(), System::nanoTime);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, settings.port()), 0);
        } catch (BindException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("in use")) {
                PortInUseException inUse = new PortInUseException(host.getHostAddress(), settings.port());
                inUse.initCause(e);
                throw inUse;
            }
            BindException cannot = new BindException("cannot listen on " + host.getHostAddress() + " port "
                    + settings.port() + ": " + e.getMessage() + " (is " + settings.host()
                    + " an address of this machine?)");
            cannot.initCause(e);
            throw cannot;
        }
        int port = server.getAddress().getPort();
        Set<String> allowedHosts = host.isLoopbackAddress() ? loopbackHosts(settings.host(), port) : null;
        if (!host.isLoopbackAddress()) {
            LOG.warn("listening on {} (not the loopback address): anyone who can reach this machine on port {} can"
                    + " read the run (its paths, settings and data); there is no authentication",
                    host.isAnyLocalAddress() ? "all interfaces" : host.getHostAddress(), port);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new LiveHandler(watcher, allowedHosts,
                Math.max(1, settings.interval().toSeconds())));
        server.start();
        executor.execute(() -> warm(watcher, settings));
        LiveServer live = new LiveServer(server, executor, settings);
        LOG.debug("serving {} at {}", settings.runDirectory(), live.uri());
        return live;
    }

    /** Reads the run and makes its page (and plotly's compressed copy) before the first browser asks. */
    private static void warm(RunWatcher watcher, LiveSettings settings) {
        try {
            watcher.page(watcher.current());
        } catch (RunWatcher.UnreadableRunException e) {
            // logged by the watcher; the page says so when asked
        } catch (RuntimeException e) {
            LOG.error("preparing the live page of {} failed (a bug: please report it)", settings.runDirectory(), e);
        }
    }

    /** @return the address listened on (with the port chosen when 0 was asked for) */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the port listened on */
    public int port() {
        return address.getPort();
    }

    /** @return what the server was started with */
    public LiveSettings settings() {
        return settings;
    }

    /** @return the page's address for a browser on this machine (the loopback address when listening on all) */
    public URI uri() {
        InetAddress host = address.getAddress();
        if (host.isAnyLocalAddress()) {
            host = InetAddress.getLoopbackAddress();
        }
        String literal = host instanceof Inet6Address ? "[" + host.getHostAddress().replaceFirst("%.*$", "") + "]"
                : host.getHostAddress();
        return URI.create("http://" + literal + ":" + address.getPort() + "/");
    }

    /** Stops listening and ends the open exchanges at once. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        LOG.debug("stopped serving {}", settings.runDirectory());
    }

    /** @return the Host header values a browser sends for this server on a loopback address */
    static Set<String> loopbackHosts(String host, int port) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String name : new String[] {"localhost", "127.0.0.1", "[::1]", host.toLowerCase(Locale.ROOT)}) {
            String bracketed = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
            hosts.add(bracketed + ":" + port);
            if (port == 80) {
                hosts.add(bracketed);
            }
        }
        return hosts;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "landscape4j-serve-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
