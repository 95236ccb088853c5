/**
 * Runnable training programs on data they generate (no downloads), each with a {@code LandscapeListener}
 * attached by one line. {@link org.landscape4j.examples.ExamplesMain} runs them by name; the default,
 * {@link org.landscape4j.examples.ModularAddition}, is the README's demo.
 */
package org.landscape4j.examples;
