/**
 * The run directory format (specified in {@code docs/FORMAT.md}): a JSON manifest, and growing records as
 * Apache Arrow IPC <em>streams</em> (per-iteration metrics, parameter snapshots), one record batch per write,
 * so that a run killed at any instant stays readable up to its last complete batch.
 *
 * <p>Writers own their Arrow allocator (a child of the caller's, or their own root) and release every buffer on
 * {@code close()}. Readers stream: they hold one record batch at a time, report a torn tail as
 * {@code truncated} instead of failing, and turn a foreign or corrupt file into a {@link
 * org.landscape4j.run.RunFormatException} that names the file and what is wrong.
 */
package org.landscape4j.run;
