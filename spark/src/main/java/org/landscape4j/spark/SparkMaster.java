package org.landscape4j.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark master URL, checked before a context is started: its form (so that a typo is named at once, not deep in
 * Spark's start-up), and for the masters reached over the network ({@code spark://HOST:PORT[,HOST:PORT]},
 * {@code k8s://https://HOST:PORT}) that a TCP connection to one of them opens within a bounded time. Spark itself
 * starts a context for an unreachable standalone master without complaint and then waits for executors forever.
 *
 * <p>Accepted forms: {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]} (F = task attempts, e.g.
 * {@code local[2,2]}: a failed task is tried again once), {@code local-cluster[E,C,M]},
 * {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn}, {@code k8s://[https://]HOST[:PORT]}.
 *
 * @param url the master URL as Spark takes it
 */
public record SparkMaster(String url) {

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,([1-9][0-9]*))?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*]");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^,/]+:[0-9]+)(,[^,/]+:[0-9]+)*");
    private static final String FORMS = "local[N], local[N,ATTEMPTS], local[*], spark://HOST:PORT, yarn or"
            + " k8s://https://HOST:PORT";

    /**
     * @throws IllegalArgumentException if the URL has none of the accepted forms, naming them
     */
    public SparkMaster {
        Objects.requireNonNull(url, "url");
        url = url.trim();
        if (!LOCAL.matcher(url).matches() && !LOCAL_CLUSTER.matcher(url).matches()
                && !STANDALONE.matcher(url).matches() && !url.equals("yarn") && !url.startsWith("k8s://")) {
            throw new IllegalArgumentException("Spark master \"" + url + "\" has none of the accepted forms: " + FORMS);
        }
    }

    /** @return true for the masters that run every task in this JVM ({@code local...}) */
    public boolean isLocal() {
        return LOCAL.matcher(url).matches();
    }

    /**
     * @param cores the cores of this machine (what {@code local[*]} uses)
     * @return the task threads of a local master (1 for {@code local}), or empty for any other master
     */
    public java.util.OptionalInt localThreads(int cores) {
        Matcher m = LOCAL.matcher(url);
        if (!m.matches()) {
            return java.util.OptionalInt.empty();
        }
        if (m.group(2) == null) {
            return java.util.OptionalInt.of(1);
        }
        return java.util.OptionalInt.of(m.group(2).equals("*") ? cores : Integer.parseInt(m.group(2)));
    }

    /** @return the host:port addresses a TCP connection can check (standalone masters, Kubernetes API servers) */
    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (url.startsWith("spark://")) {
            for (String hostPort : url.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                addresses.add(InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))));
            }
        } else if (url.startsWith("k8s://")) {
            String rest = url.substring("k8s://".length());
            URI uri = URI.create(rest.contains("://") ? rest : "https://" + rest);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Spark master \"" + url + "\" names no host: give"
                        + " k8s://https://HOST:PORT (the Kubernetes API server)");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("http") ? 80 : 443;
            addresses.add(InetSocketAddress.createUnresolved(uri.getHost(), port));
        }
        return addresses;
    }

    /**
     * Checks that a master reached over the network answers: a TCP connection to one of its addresses opens within
     * {@code timeout}. Local masters and YARN (found through the Hadoop configuration) are not checked here.
     *
     * @throws SparkGridException naming the master, each address tried and why it failed
     */
    public void checkReachable(Duration timeout) throws SparkGridException {
        List<InetSocketAddress> addresses = addresses();
        if (addresses.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress unresolved : addresses) {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    (deadline - System.nanoTime()) / 1_000_000 / Math.max(1, addresses.size())));
            try (Socket socket = new Socket()) {
                InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
                if (address.isUnresolved()) {
                    problems.add(unresolved.getHostString() + ": unknown host");
                    continue;
                }
                socket.connect(address, millis);
                return;
            } catch (IOException e) {
                problems.add(unresolved.getHostString() + ":" + unresolved.getPort() + ": " + e.getMessage());
            }
        }
        throw new SparkGridException(String.format(Locale.ROOT, "the Spark master %s cannot be reached (tried for"
                + " at most %d s: %s); check the URL, that the master is running and that this machine can reach it,"
                + " or use local[N] to run here", url, Math.max(1, timeout.toSeconds()), String.join("; ", problems)));
    }

    @Override
    public String toString() {
        return url;
    }
}
