/**
 * The run format: the files a training run is recorded into and read back from. {@code docs/FORMAT.md} is
 * the specification; this summary follows it.
 *
 * <p>A run directory holds
 * <ul>
 *   <li>{@value org.landscape4j.run.RunFiles#MANIFEST}: JSON (UTF-8, snake_case), written atomically: format
 *       version, landscape4j/DL4J/Java versions, network class, P, data type, the parameter layout, the
 *       listener's settings and seeds, start and end time, status ({@link org.landscape4j.run.RunManifest});</li>
 *   <li>{@value org.landscape4j.run.RunFiles#METRICS}: an Arrow IPC stream of per-iteration metrics
 *       ({@link org.landscape4j.run.MetricRow}): iteration int64, epoch int32, batch_size int32, score,
 *       grad_norm, update_norm, learning_rate, wall_time_s float64 (never null; NaN allowed), then the
 *       nullable float64 curvature columns g_hess_g, curvature_g, u_hess_u, curvature_u, predicted_change,
 *       observed_change, lambda_max, lambda_min and the nullable bool ill_conditioned;</li>
 *   <li>{@value org.landscape4j.run.RunFiles#SNAPSHOTS}: an Arrow IPC stream of parameter vectors
 *       ({@link org.landscape4j.run.Snapshot}): iteration int64, epoch int32, score float64,
 *       params {@code FixedSizeList<float32>[P]}, one row per record batch; schema metadata
 *       {@code landscape4j.format_version} and {@code landscape4j.parameter_count}.</li>
 * </ul>
 *
 * <p>Streams, not IPC files: every record batch is written and handed to the operating system at once, so a
 * run killed at any moment stays readable up to its last complete batch. Readers first walk the message
 * framing, then let Arrow decode only complete messages: a file cut at any byte reads back its complete
 * batches and is reported as truncated (so is a file without the end-of-stream marker), while a foreign or
 * corrupt file raises a {@link org.landscape4j.run.RunFormatException} that names the file and the problem.
 * Snapshots are streamed one batch at a time (O(P) memory).
 *
 * <p>Writers are synchronized, so that a shutdown hook may close them from another thread; each uses a child
 * of the caller's Arrow allocator (or its own root) and releases all of it on close.
 */
package org.landscape4j.run;
