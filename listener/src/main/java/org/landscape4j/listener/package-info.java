/**
 * The recording listener: one line added to existing DL4J training code records the optimization trajectory
 * into a run directory (see {@code docs/FORMAT.md}).
 *
 * <pre>{@code
 * LandscapeListener listener = LandscapeListener.builder(Path.of("runs/mlp"))
 *         .snapshotEveryEpoch()
 *         .metricsEveryIteration()
 *         .build();
 * net.addListeners(listener);
 * net.fit(trainIterator, 50);
 * listener.close();
 * }</pre>
 *
 * <p>What is recorded, per DL4J's callbacks (DL4J 1.0.0-M2.1):
 * <ul>
 *   <li>{@code onGradientCalculation}: the only moment the raw gradient exists. DL4J holds the <em>sum</em> over
 *       the minibatch of the per-example data-loss gradients (no regularization); the listener records
 *       ‖g‖ = ‖Σ<sub>i</sub>∇ℓ<sub>i</sub>‖ / b, the norm of the mean-loss gradient of that minibatch.</li>
 *   <li>{@code iterationDone}: the network's gradient view now holds the update actually applied,
 *       θ<sub>before</sub> − θ<sub>after</sub>; its norm is the step length. The score is DL4J's: the mean
 *       minibatch loss plus the regularization term, at θ<sub>before</sub>.</li>
 *   <li>{@code onEpochEnd}: epoch-scheduled snapshots. {@code fit(DataSet)} fires no epoch events; use
 *       iteration schedules with such loops.</li>
 * </ul>
 * The listener never lets training die: an I/O failure is logged once, recording stops and training goes on,
 * unless {@link org.landscape4j.listener.LandscapeListener.Builder#failFast(boolean)} asks otherwise.
 */
package org.landscape4j.listener;
