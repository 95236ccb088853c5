package org.landscape4j.trajectory;

/**
 * PHATE's automatic diffusion time (Moon et al. 2019, Methods, "Von Neumann entropy"): the von Neumann entropy of
 * the diffusion operator's spectrum after t steps,
 * <pre>
 *   H(t) = −Σ<sub>i</sub> p<sub>i</sub>(t)·ln p<sub>i</sub>(t),   p<sub>i</sub>(t) = |λ<sub>i</sub>|<sup>t</sup> / Σ<sub>j</sub> |λ<sub>j</sub>|<sup>t</sup> + 2<sup>−52</sup>,
 * </pre>
 * falls fast while diffusion removes noise (the many small eigenvalues) and slowly once it starts to blur structure
 * (the few large ones); t is taken at the knee between the two regimes.
 *
 * <p>Both steps follow the {@code phate} package ({@code phate.vne}) operation for operation: {@link #entropy} is
 * {@code von_neumann_entropy} (the 2<sup>−52</sup> added to every p<sub>i</sub> included) and {@link #knee} is
 * {@code find_knee_point}: for every break point b, one least-squares line through the points up to b and one
 * through those from b − 1 on, the sum of absolute residuals (over 0..b and b..n − 1) minimised over
 * b = 1..n − 2. Like phate ({@code PHATE._find_optimal_t}, x = 0..t<sub>max</sub> − 1 against H(1..t<sub>max</sub>)),
 * the chosen t is that knee's index b, so it is one less than the power whose entropy sits at the knee; kept for
 * parity with phate's choice.
 *
 * <p>One difference: the spectrum here is the eigenvalues of P (those of its symmetric conjugate A, in moduli),
 * while phate's {@code compute_von_neumann_entropy} takes P's singular values; they are equal when P is symmetric
 * (a kernel of constant degree) and otherwise can move the knee by a step.
 */
final class VonNeumannEntropy {

    /** phate's default t<sub>max</sub>: the entropy is taken for t = 1..100. */
    static final int DEFAULT_MAX_TIME = 100;

    private VonNeumannEntropy() {
    }

    /**
     * @param spectrum the eigenvalues (signs ignored)
     * @param maxTime  t<sub>max</sub> ≥ 1
     * @return H(1), ..., H(t<sub>max</sub>)
     */
    static double[] entropy(double[] spectrum, int maxTime) {
        if (maxTime < 1) {
            throw new IllegalArgumentException("the entropy needs t_max ≥ 1, got " + maxTime);
        }
        double eps = Math.ulp(1.0);
        int n = spectrum.length;
        double[] base = new double[n];
        double[] power = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = Math.abs(spectrum[i]);
            power[i] = base[i];
        }
        double[] h = new double[maxTime];
        for (int t = 0; t < maxTime; t++) {
            double sum = 0;
            for (double v : power) {
                sum += v;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                double p = power[i] / sum + eps;
                s += p * Math.log(p);
            }
            h[t] = -s;
            for (int i = 0; i < n; i++) {
                power[i] *= base[i];
            }
        }
        return h;
    }

    /**
     * phate's {@code find_knee_point(y)} with x = 0, 1, ..., n − 1.
     *
     * @param y at least 3 finite values
     * @return the knee's index, 1 ≤ b ≤ n − 2 (the first on a tie)
     */
    static int knee(double[] y) {
        int n = y.length;
        if (n < 3) {
            throw new IllegalArgumentException("a knee needs at least 3 points, got " + n);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        double[][] forward = lineFits(x, y);
        double[] xr = new double[n];
        double[] yr = new double[n];
        for (int i = 0; i < n; i++) {
            xr[i] = x[n - 1 - i];
            yr[i] = y[n - 1 - i];
        }
        double[][] backwardReversed = lineFits(xr, yr);
        int best = -1;
        double bestError = Double.POSITIVE_INFINITY;
        for (int b = 1; b < n - 1; b++) {
            double mf = forward[0][b - 1];
            double bf = forward[1][b - 1];
            // phate reverses the backward fits: mbck[b − 1] is the fit of the last n + 1 − b points
            double mb = backwardReversed[0][n - 1 - b];
            double bb = backwardReversed[1][n - 1 - b];
            double error = 0;
            for (int i = 0; i <= b; i++) {
                error += Math.abs(mf * x[i] + bf - y[i]);
            }
            double back = 0;
            for (int i = b; i < n; i++) {
                back += Math.abs(mb * x[i] + bb - y[i]);
            }
            error += back;
            if (error < bestError) {
                bestError = error;
                best = b;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("the entropy curve is not finite: no knee");
        }
        return best;
    }

    /**
     * @return {slopes, intercepts}: entry m the least-squares line through the first m + 2 points, by phate's
     *         normal equations (cumulative sums Σx, Σy, Σxy, Σx²)
     */
    private static double[][] lineFits(double[] x, double[] y) {
        int n = x.length;
        double[] slope = new double[n - 1];
        double[] intercept = new double[n - 1];
        double sxy = x[0] * y[0];
        double sx = x[0];
        double sy = y[0];
        double sxx = x[0] * x[0];
        for (int m = 0; m < n - 1; m++) {
            int i = m + 1;
            sxy += x[i] * y[i];
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            double count = m + 2;
            double det = count * sxx - sx * sx;
            slope[m] = (count * sxy - sx * sy) / det;
            intercept[m] = -(sx * sxy - sxx * sy) / det;
        }
        return new double[][] {slope, intercept};
    }
}
