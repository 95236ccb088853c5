/**
 * The run format: the files a training run is recorded into, the results computed from it, and how both are
 * read back. {@code docs/FORMAT.md} is the specification; this summary follows it.
 *
 * <p>A run directory holds {@value org.landscape4j.run.RunFiles#MANIFEST} (JSON: run id, versions, network,
 * P, layout, settings, seeds, times, status and failure reason; {@link org.landscape4j.run.RunManifest}), the
 * Arrow IPC streams {@value org.landscape4j.run.RunFiles#METRICS} ({@link org.landscape4j.run.MetricRow}),
 * {@value org.landscape4j.run.RunFiles#SNAPSHOTS} ({@link org.landscape4j.run.Snapshot}) and
 * {@value org.landscape4j.run.RunFiles#CURVATURE} ({@link org.landscape4j.run.CurvatureRow}),
 * {@value org.landscape4j.run.RunFiles#NETWORK}, and the results directory
 * ({@link org.landscape4j.run.Results}).
 *
 * <p>One description per table ({@link org.landscape4j.run.TableSchema}) names its columns; writers and
 * readers address columns by those names. Two generic shapes cover every file: tables of scalar rows
 * ({@link org.landscape4j.run.RowStreamWriter}, {@link org.landscape4j.run.RowStreamReader}) and vector tables,
 * one P-vector of float32 plus a few scalars per row and per record batch
 * ({@link org.landscape4j.run.VectorTableWriter}, {@link org.landscape4j.run.VectorTableReader}: row count from
 * the framing alone, row k by its offset, scalars without decoding vectors). Snapshots, directions, PCA
 * components and Ritz vectors are vector tables.
 *
 * <p>Streams, not IPC files: every record batch is handed to the operating system as soon as it is written, so
 * a run killed at any moment stays readable up to its last complete batch. Readers walk the message framing
 * first and decode only complete messages: a cut stream (or one with bytes after its end-of-stream marker, which
 * no writer leaves) reads back its complete batches and is reported as truncated; such a stream in a run whose
 * manifest says it was closed, or bytes that are not a stream, raise a
 * {@link org.landscape4j.run.RunFormatException} naming the file and the offset; a
 * JVM short of memory raises a {@link org.landscape4j.run.NotEnoughMemoryException}, never blamed on the file.
 *
 * <p>A directory is claimed for recording by an OS lock ({@link org.landscape4j.run.RunClaim}); every stream
 * carries the run id; results carry their {@link org.landscape4j.run.Provenance} and are written under a
 * temporary name, renamed when complete, resumable when not. All Arrow memory comes from children of one root
 * allocator ({@link org.landscape4j.run.ArrowMemory}), each closed by its owner.
 */
package org.landscape4j.run;
