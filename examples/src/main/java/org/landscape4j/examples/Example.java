package org.landscape4j.examples;

import java.nio.file.Path;

/** A runnable training program that records its run with a {@code LandscapeListener}. */
interface Example {

    /** @return the name the examples jar runs it by */
    String name();

    /** @return one line for the help text */
    String description();

    /**
     * Trains and writes everything into {@code out}.
     *
     * @param out    the output (and run) directory
     * @param epochs the number of epochs, or null for the example's default
     * @param seed   the seed, or null for the example's default
     */
    void run(Path out, Integer epochs, Long seed) throws Exception;
}
