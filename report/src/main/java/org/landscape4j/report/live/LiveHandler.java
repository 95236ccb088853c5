package org.landscape4j.report.live;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.landscape4j.run.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of the live view. Two resources exist, both generated: {@code /} (the live page) and
 * {@code /data.json} (the run's data, with an entity tag; {@code If-None-Match} gets a 304 while it is current).
 * Any other path is 404, whatever it looks like: no request ever names a file. Only GET and HEAD are served (405
 * otherwise). Every response says {@code no-store} and {@code nosniff} and carries a Content-Security-Policy; on
 * a loopback address, a request naming another host is refused (a web page whose name was re-pointed at
 * 127.0.0.1 cannot read the run).
 */
final class LiveHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHandler.class);

    static final String PAGE = "/";
    static final String DATA = "/" + RunWatcher.DATA_PATH;

    /** The policy of everything but the page: nothing may run or load. */
    static final String NOTHING = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final RunWatcher watcher;
    private final Set<String> allowedHosts;
    private final long retryAfterSeconds;

    /**
     * @param watcher      the run
     * @param allowedHosts the Host header values (lower case, with the port) accepted, or null to accept any
     * @param retryAfterSeconds what a 503 tells the client to wait
     */
    LiveHandler(RunWatcher watcher, Set<String> allowedHosts, long retryAfterSeconds) {
        this.watcher = watcher;
        this.allowedHosts = allowedHosts == null ? null : Set.copyOf(allowedHosts);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            LOG.debug("{} {} from {}", method, path, exchange.getRemoteAddress());
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (allowedHosts != null && host != null && !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
                text(exchange, 403, "landscape4j serve answers requests for " + String.join(" or ", allowedHosts.stream()
                        .sorted().toList()) + " only, not for the host " + SafeText.quote(host) + "\n");
                return;
            }
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "landscape4j serve is read-only: " + SafeText.quote(method)
                        + " is not allowed (GET and HEAD are)\n");
                return;
            }
            if (PAGE.equals(path)) {
                page(exchange);
            } else if (DATA.equals(path)) {
                data(exchange);
            } else {
                text(exchange, 404, "not found: landscape4j serve has " + PAGE + " (the live report) and " + DATA
                        + " (its data), nothing else\n");
            }
        } catch (IOException e) {
            LOG.debug("a response could not be sent (the client went away?): {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("the live view failed to answer a request (a bug: please report it)", e);
        } finally {
            exchange.close();
        }
    }

    /** @return the run's current version, or null after answering 503 because the run cannot be read */
    private RunWatcher.Version currentOr503(HttpExchange exchange) throws IOException {
        try {
            return watcher.current();
        } catch (RunWatcher.UnreadableRunException e) {
            unavailable(exchange, e);
            return null;
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        RunWatcher.Version version = currentOr503(exchange);
        if (version == null) {
            return;
        }
        RunWatcher.Page page = watcher.page(version);
        exchange.getResponseHeaders().set("Content-Security-Policy", page.contentSecurityPolicy()
                + "; frame-ancestors 'none'");
        send(exchange, 200, HTML, page.html());
    }

    private void data(HttpExchange exchange) throws IOException {
        RunWatcher.Version version = currentOr503(exchange);
        if (version == null) {
            return;
        }
        String tag = "\"" + version.tag() + "\"";
        Headers headers = exchange.getResponseHeaders();
        headers.set("ETag", tag);
        headers.set("Content-Security-Policy", NOTHING);
        if (matches(exchange.getRequestHeaders().get("If-None-Match"), tag)) {
            common(headers, JSON);
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, JSON, version.json());
    }

    private void unavailable(HttpExchange exchange, RunWatcher.UnreadableRunException e) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        text(exchange, 503, e.getMessage());
    }

    /** @return whether any entity tag of the If-None-Match headers (weak or strong, or *) is {@code tag} */
    static boolean matches(java.util.List<String> ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String candidate : header.split(",")) {
                String t = candidate.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(tag)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        if (!headers.containsKey("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", NOTHING);
        }
        send(exchange, status, TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        common(headers, contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void common(Headers headers, String contentType) {
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
    }
}
