package org.landscape4j.trajectory;

import java.util.Optional;

/**
 * Classical (Torgerson–Gower) multidimensional scaling: given squared distances D⁽²⁾ (T×T), the double-centred
 * matrix B = −½·J D⁽²⁾ J (J = I − 11ᵀ/T) is the Gram matrix of centred points with those distances when they are
 * Euclidean; its top d eigenpairs give the coordinates X<sub>·j</sub> = √λ<sub>j</sub>·u<sub>j</sub>, which
 * reproduce Euclidean points exactly up to rotation, reflection and translation (Torgerson 1952; Gower 1966; Borg
 * and Groenen, "Modern Multidimensional Scaling", ch. 12). For non-Euclidean distances (geodesics) B has
 * negative eigenvalues; an axis of negative eigenvalue gets coordinate 0.
 *
 * <p>For T above {@value SymmetricEigen#DENSE_LIMIT} the top eigenpairs come from Lanczos (O(T²) per step), so T
 * of a few thousand costs seconds; memory O(T²).
 */
public final class ClassicalMds {

    private ClassicalMds() {
    }

    /**
     * @param squaredDistances D⁽²⁾, T×T, symmetric, zero diagonal
     * @param dimensions       d, 1 ≤ d ≤ T
     * @return the embedding, or empty if the eigen-decomposition did not converge
     */
    public static Optional<Embedding> embed(double[][] squaredDistances, int dimensions) {
        return embed("classical_mds", squaredDistances, dimensions);
    }

    static Optional<Embedding> embed(String method, double[][] squaredDistances, int dimensions) {
        int t = squaredDistances.length;
        if (dimensions < 1 || dimensions > t) {
            throw new IllegalArgumentException("an embedding of " + t + " points has 1 to " + t
                    + " dimensions, got " + dimensions);
        }
        double[][] b = GramMatrix.centre(squaredDistances);
        for (double[] row : b) {
            for (int j = 0; j < t; j++) {
                row[j] *= -0.5;
            }
        }
        Optional<SymmetricEigen.Pairs> eig = SymmetricEigen.largest(b, dimensions);
        if (eig.isEmpty()) {
            return Optional.empty();
        }
        double[][] x = new double[t][dimensions];
        double[] values = eig.get().values();
        for (int j = 0; j < dimensions; j++) {
            double[] u = eig.get().vectors()[j];
            double scale = Math.sqrt(Math.max(values[j], 0));
            double sign = u[Kernels.argMaxAbs(u)] < 0 ? -1 : 1;
            for (int i = 0; i < t; i++) {
                x[i][j] = sign * scale * u[i];
            }
        }
        return Optional.of(new Embedding(method, x, values.clone()));
    }
}
