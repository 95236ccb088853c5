package org.landscape4j.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with an ETA for long work (a grid of surface points), on standard error so that standard output
 * stays machine-readable: redrawn in place on a terminal, one plain line every {@value #PLAIN_INTERVAL_SECONDS}
 * seconds otherwise (logs, CI). Thread-safe: workers report each finished step.
 */
final class Progress implements AutoCloseable {

    static final int PLAIN_INTERVAL_SECONDS = 10;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param task  what is counted, e.g. "surface 21×21"
     * @param total the number of steps
     * @param done  steps already done before (a resumed computation)
     * @param err   where to draw
     * @return a started bar
     */
    static Progress start(String task, long total, long done, PrintStream err) {
        boolean terminal = System.console() != null;
        ProgressBarConsumer consumer = terminal ? new ConsoleProgressBarConsumer(err)
                : new DelegatingProgressBarConsumer(err::println);
        return start(task, total, done, consumer, terminal ? 200 : PLAIN_INTERVAL_SECONDS * 1000);
    }

    /** A bar whose lines go to {@code lines} (tests), updated every {@code intervalMillis}. */
    static Progress start(String task, long total, long done, Consumer<String> lines, int intervalMillis) {
        return start(task, total, done, new DelegatingProgressBarConsumer(lines), intervalMillis);
    }

    private static Progress start(String task, long total, long done, ProgressBarConsumer consumer,
                                  int intervalMillis) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer).setUpdateIntervalMillis(intervalMillis)
                .startsFrom(done, Duration.ZERO).showSpeed().build();
        return new Progress(bar);
    }

    /** Counts one finished step. */
    void step() {
        bar.step();
    }

    /** Sets the count of finished steps (from a periodic report of the work). */
    void update(long done) {
        bar.stepTo(done);
    }

    /** @return the steps counted so far, the resumed ones included */
    long current() {
        return bar.getCurrent();
    }

    /** Draws the final state and releases the display. */
    @Override
    public void close() {
        bar.close();
    }
}
