package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Random;

/**
 * The trace of a symmetric operator by Hutchinson's estimator with Rademacher probes.
 *
 * <p><b>Method</b> (Hutchinson, "A stochastic estimator of the trace of the influence matrix for Laplacian
 * smoothing splines", Commun. Statist. Simula. 18, 1989; Avron &amp; Toledo, J. ACM 58, 2011). For z with
 * independent entries ±1 (probability ½ each) on the domain S and 0 elsewhere, E[zᵀAz] = tr(A<sub>SS</sub>), and
 * Var[zᵀAz] = 2·Σ<sub>i≠j</sub> A<sub>ij</sub>² (i, j ∈ S), the smallest variance of any probe distribution with
 * E[zzᵀ] = I. The estimate is the mean of n probe values; its standard error is estimated from the sample, s/√n.
 * For a diagonal A every probe gives the trace exactly (zᵢ² = 1), and the standard error is 0.
 *
 * <p><b>Randomness</b>: one {@code java.util.Random(seed)} for the whole run; probe k takes the P values after
 * those of probes 0..k−1 ({@code nextBoolean()} true → +1), then is zeroed outside S. Reproducible on every JVM.
 *
 * <p><b>Cost</b>: n products; two P-vectors of the operator's type (the probe and its product). Cancellation: the
 * thread's interrupt status is checked before each product.
 */
public final class Hutchinson {

    private static final Logger LOG = LoggerFactory.getLogger(Hutchinson.class);

    private Hutchinson() {
    }

    /**
     * @param operator the operator; its domain S decides whose trace (that of A<sub>SS</sub>)
     * @param probes   n ≥ 1, the number of Rademacher probes
     * @param seed     the seed
     * @param progress called after each product with (probes done, n)
     * @return the estimate
     * @throws java.util.concurrent.CancellationException if the thread is interrupted (checked between products)
     */
    public static TraceEstimate trace(SymmetricOperator operator, int probes, long seed, Progress progress) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(progress, "progress");
        if (probes < 1) {
            throw new IllegalArgumentException("probes = " + probes + ": Hutchinson needs at least one probe (and"
                    + " two for a standard error)");
        }
        Random random = new Random(seed);
        double[] samples = new double[probes];
        INDArray z = LanczosProcess.newVector(operator);
        INDArray product = LanczosProcess.newVector(operator);
        try {
            for (int k = 0; k < probes; k++) {
                Cancellation.check("Hutchinson's trace", k);
                RandomVectors.rademacher(random, z);
                operator.domain().project(z);
                operator.apply(z, product);
                samples[k] = Blas.dot(z, product);
                progress.update(k + 1, probes);
            }
        } finally {
            z.close();
            product.close();
        }
        double mean = 0;
        for (double x : samples) {
            mean += x;
        }
        mean /= probes;
        double error = Double.NaN;
        if (probes > 1) {
            double sum = 0;
            for (double x : samples) {
                sum += (x - mean) * (x - mean);
            }
            error = Math.sqrt(sum / (probes - 1) / probes);
        }
        TraceEstimate estimate = new TraceEstimate(mean, error, samples, probes);
        LOG.debug("Hutchinson on {}: {}", operator, estimate);
        return estimate;
    }
}
