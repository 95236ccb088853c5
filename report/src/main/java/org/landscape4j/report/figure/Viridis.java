package org.landscape4j.report.figure;

import java.awt.Color;

/**
 * The viridis colour map (van der Walt and Smith, matplotlib's default; perceptually uniform, readable in grey and
 * by colour-blind readers), as 17 stops sampled from matplotlib's table at k/16 and interpolated linearly in RGB:
 * the same stops as plotly's "Viridis", so static figures and the HTML report colour alike.
 */
public final class Viridis {

    private static final int[] STOPS = {0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e,
        0x26828e, 0x21918c, 0x1fa088, 0x28ae80, 0x3fbc73, 0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725};

    private Viridis() {
    }

    /**
     * @param t a position in [0, 1] (clamped)
     * @return the colour there: dark violet at 0, yellow at 1
     * @throws IllegalArgumentException if t is NaN (a non-finite value has no colour: draw a gap)
     */
    public static Color at(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("viridis has no colour for NaN: draw a gap instead");
        }
        double s = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int k = Math.min((int) s, STOPS.length - 2);
        double f = s - k;
        int a = STOPS[k];
        int b = STOPS[k + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        int ca = a & 0xFF;
        int cb = b & 0xFF;
        return (int) Math.round(ca + (cb - ca) * f);
    }
}
