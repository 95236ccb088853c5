package org.landscape4j.curvature;

/**
 * A Hutchinson estimate of tr(A<sub>SS</sub>).
 *
 * @param trace         the mean of the probe values zᵀAz
 * @param standardError the sample standard deviation of the probe values (divisor n − 1) over √n; NaN for one
 *                      probe. The estimate is a mean of n independent values, so for large n the true trace lies
 *                      within ±2 standard errors with about 95 % probability
 * @param samples       the probe values zᵢᵀAzᵢ, in probe order
 * @param products      the operator products spent (= the number of probes)
 */
public record TraceEstimate(double trace, double standardError, double[] samples, long products) {

    public TraceEstimate {
        samples = samples.clone();
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    /** @return n, the number of probes */
    public int probes() {
        return samples.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TraceEstimate that && Double.compare(trace, that.trace) == 0
                && Double.compare(standardError, that.standardError) == 0 && products == that.products
                && java.util.Arrays.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(trace, standardError, java.util.Arrays.hashCode(samples), products);
    }

    @Override
    public String toString() {
        return "TraceEstimate[trace=" + trace + " ± " + standardError + ", probes=" + samples.length + "]";
    }
}
