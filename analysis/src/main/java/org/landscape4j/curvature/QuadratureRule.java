package org.landscape4j.curvature;

/**
 * The Gauss quadrature rule of one stochastic Lanczos quadrature run: for the unit start vector v and m Lanczos
 * steps, Σ<sub>j</sub> w<sub>j</sub>·f(λ<sub>j</sub>) ≈ vᵀf(A)v, exact for polynomials f of degree ≤ 2m − 1
 * (Golub &amp; Meurant, "Matrices, Moments and Quadrature with Applications", 2010, ch. 6).
 *
 * @param nodes   λ<sub>1</sub> ≤ … ≤ λ<sub>m</sub>, the eigenvalues of the tridiagonal T<sub>m</sub>
 * @param weights w<sub>j</sub> = (e₁ᵀs<sub>j</sub>)², the squared FIRST components of T's unit eigenvectors (they
 *                sum to 1)
 * @param stop    why the recurrence stopped: after the planned steps ({@link LanczosStop#MAX_STEPS}), at an
 *                invariant subspace (the rule is then exact for every f), or at a non-finite product
 */
public record QuadratureRule(double[] nodes, double[] weights, LanczosStop stop) {

    public QuadratureRule {
        nodes = nodes.clone();
        weights = weights.clone();
        if (nodes.length != weights.length || nodes.length == 0) {
            throw new IllegalArgumentException(nodes.length + " nodes and " + weights.length + " weights: a rule"
                    + " has as many of each, at least one");
        }
    }

    @Override
    public double[] nodes() {
        return nodes.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** @return m, the number of nodes (Lanczos steps) */
    public int size() {
        return nodes.length;
    }

    /** @return Σ w<sub>j</sub>λ<sub>j</sub><sup>k</sup>, which equals vᵀA<sup>k</sup>v for k ≤ 2m − 1 */
    public double moment(int k) {
        double sum = 0;
        for (int j = 0; j < nodes.length; j++) {
            sum += weights[j] * Math.pow(nodes[j], k);
        }
        return sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuadratureRule that && stop == that.stop
                && java.util.Arrays.equals(nodes, that.nodes) && java.util.Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(nodes), java.util.Arrays.hashCode(weights), stop);
    }

    @Override
    public String toString() {
        return "QuadratureRule[" + nodes.length + " nodes in [" + nodes[0] + ", " + nodes[nodes.length - 1] + "], "
                + stop + "]";
    }
}
