/**
 * Trajectory analysis: the geometry of the path θ<sub>1</sub>, ..., θ<sub>T</sub> that training took, read from a
 * run's snapshots one at a time or by column chunks of all of them (a {@link org.landscape4j.trajectory.SnapshotSource};
 * never the T×P matrix).
 *
 * <ul>
 *   <li>{@link org.landscape4j.trajectory.ExactPca}: exact PCA through the T×T Gram matrix (reference: the final
 *       snapshot, as Li et al. 2018, or the mean; optional standardization, i.e. PCA of the correlation matrix;
 *       a {@link org.landscape4j.trajectory.SnapshotSelection}); memory O(T² + kP). Result:
 *       {@link org.landscape4j.trajectory.PcaResult}, written to {@code results/} by
 *       {@link org.landscape4j.trajectory.PcaTable}.</li>
 *   <li>{@link org.landscape4j.trajectory.IncrementalPca}: Ross et al. 2008, as scikit-learn's
 *       {@code IncrementalPCA}, from the first snapshot, O(kP) memory, O((k+b)²P) per update (the products with the
 *       basis deferred and done for several updates at once), its state saved and resumed bit-exactly.</li>
 *   <li>{@link org.landscape4j.trajectory.AndrewsCurves} (Andrews 1972) and
 *       {@link org.landscape4j.trajectory.RadarChart} of the PCA coordinates.</li>
 *   <li>{@link org.landscape4j.trajectory.ClassicalMds}, {@link org.landscape4j.trajectory.Isomap} (Tenenbaum
 *       et al. 2000) and {@link org.landscape4j.trajectory.Phate} (Moon et al. 2019: α-decay kernel, diffusion
 *       potential, metric MDS by SMACOF) of the snapshots' pairwise distances
 *       ({@link org.landscape4j.trajectory.TrajectoryEmbedding}), non-linear pictures beside the PCA plane.</li>
 * </ul>
 *
 * <p><b>Sign convention</b> (every component and embedding axis): negated if needed so that its entry of largest
 * magnitude, the first on a tie, is positive; scikit-learn's {@code svd_flip(u_based_decision=False)}.
 *
 * <p><b>Precision.</b> Snapshots are float32; every sum over P and every state is double; stored P-vectors (PCA
 * components, centres) are float32 as everywhere in the run format, the incremental PCA's state excepted (stored
 * exactly, as three floats per double).
 *
 * <p>Long computations report to a {@link org.landscape4j.trajectory.TrajectoryProgress} after each snapshot read
 * or column chunk and stop with a {@link java.util.concurrent.CancellationException} when the calling thread is
 * interrupted (the interrupt is passed on).
 *
 * <p><b>BLAS.</b> Every {@code dgemm} on P-long data writes a column-major output of at most 128 rows
 * ({@code SafeGemm}): the OpenBLAS bundled with ND4J gets larger ones wrong under one of
 * its kernels.
 */
package org.landscape4j.trajectory;
