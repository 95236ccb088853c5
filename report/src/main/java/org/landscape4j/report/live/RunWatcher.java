package org.landscape4j.report.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;
import org.landscape4j.report.data.RunData;
import org.landscape4j.report.html.HtmlReport;
import org.landscape4j.report.html.LiveUpdates;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's current report data, re-read only when the run's files changed ({@link RunFingerprint}), and the
 * live page made from it. Each version of the data has an entity tag: a hash of its content, so a re-read that
 * finds the same data keeps the same tag and the page's poll costs a 304.
 *
 * <p>While the run is being recorded the data is also re-read every {@link #MAX_AGE} even if no file changed:
 * whether a recorder still holds the run (a killed process changes no file) is part of the data. Thread-safe;
 * one read at a time.
 */
final class RunWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RunWatcher.class);

    /** How long the data of a run being recorded is trusted without a re-read when no file changed. */
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    /** Where the page asks for the data, relative to the page. */
    static final String DATA_PATH = "data.json";

    /**
     * One version of the run's data.
     *
     * @param tag         its entity tag (unquoted): a hash of the data
     * @param json        the data as UTF-8 JSON
     * @param fingerprint the files it was read from
     * @param recording   whether the run's manifest said it is being recorded
     * @param readAt      {@link System#nanoTime()} when it was read
     */
    record Version(String tag, byte[] json, RunFingerprint fingerprint, boolean recording, long readAt) {
    }

    /**
     * The live page of one version.
     *
     * @param html                  the page, UTF-8
     * @param contentSecurityPolicy the policy its {@code <meta>} element carries
     */
    record Page(byte[] html, String contentSecurityPolicy) {
    }

    /** The run cannot be read now; the message says why. */
    static final class UnreadableRunException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreadableRunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path runDirectory;
    private final Duration interval;
    private final LongSupplier nanoTime;
    private Version current;
    private String lastProblem;
    private String pageTag;
    private Page page;

    RunWatcher(Path runDirectory, Duration interval, LongSupplier nanoTime) {
        this.runDirectory = runDirectory;
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    /**
     * @return the current version of the run's data, re-read if the run changed
     * @throws UnreadableRunException if the run cannot be read now (twice in a row: files move while a run is
     *                                recorded, so a first failure is retried at once)
     */
    synchronized Version current() throws UnreadableRunException {
        Exception failure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Version version = refresh();
                if (lastProblem != null) {
                    LOG.info("{} can be read again", runDirectory);
                    lastProblem = null;
                }
                return version;
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                failure = e;
            }
        }
        String message = describe(failure);
        if (!message.equals(lastProblem)) {
            LOG.warn("{}: {}", runDirectory, message);
            lastProblem = message;
        }
        throw new UnreadableRunException(message, failure);
    }

    /** @return the live page of {@code version}, made once per version */
    synchronized Page page(Version version) {
        if (!version.tag().equals(pageTag)) {
            HtmlReport.Page made = HtmlReport.livePage(new String(version.json(), StandardCharsets.UTF_8),
                    new LiveUpdates(DATA_PATH, interval, version.tag()));
            page = new Page(made.html().getBytes(StandardCharsets.UTF_8), made.contentSecurityPolicy());
            pageTag = version.tag();
        }
        return page;
    }

    private Version refresh() throws IOException {
        RunFingerprint fingerprint = RunFingerprint.of(runDirectory);
        long now = nanoTime.getAsLong();
        if (current != null && current.fingerprint().equals(fingerprint)
                && (!current.recording() || now - current.readAt() < MAX_AGE.toNanos())) {
            return current;
        }
        RunData data = RunData.read(runDirectory);
        boolean recording = data.summary().manifest().status() == RunStatus.RUNNING;
        // the tag hashes the data without the time it was read, so an unchanged run keeps its tag
        String tag = tag(HtmlReport.dataJson(data, Instant.EPOCH));
        if (current != null && current.tag().equals(tag)) {
            current = new Version(tag, current.json(), fingerprint, recording, now);
        } else {
            byte[] json = HtmlReport.dataJson(data, Instant.now()).getBytes(StandardCharsets.UTF_8);
            current = new Version(tag, json, fingerprint, recording, now);
            LOG.debug("{}: new data version {} ({} bytes)", runDirectory, tag, json.length);
        }
        return current;
    }

    private static String tag(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return SafeText.escapeControls(missing.getFile() == null ? runDirectory.toString() : missing.getFile())
                    + " does not exist (the run directory was moved or"
                    + " deleted?)";
        }
        if (e instanceof RunFormatException) {
            return SafeText.escapeControls(e.getMessage());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return SafeText.escapeControls(runDirectory + " cannot be read: " + message);
    }
}
