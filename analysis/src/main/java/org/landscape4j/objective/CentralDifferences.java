package org.landscape4j.objective;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Central differences on an objective's parameter buffer, without allocating: the reference derivatives of the
 * tests and the Hessian-vector product of the curvature work.
 *
 * <p>For a function f of θ, a direction v and a step ε:
 * <ul>
 *   <li>directional derivative: D<sub>v</sub>f(θ) ≈ [f(θ + εv) − f(θ − εv)] / (2ε);</li>
 *   <li>of a gradient (a Hessian-vector product): Hv ≈ [∇f(θ + εv) − ∇f(θ − εv)] / (2ε).</li>
 * </ul>
 * Error: truncation ε²/6·|D<sub>v</sub>³f| (ε²/6·‖∇³f[v, v]‖ for the gradient), plus rounding ≈ u·|f|/ε with u
 * the unit roundoff of the precision; the sum is smallest near ε ≈ (3u·|f|/|f'''|)<sup>1/3</sup>, i.e. about
 * 1e-5 in DOUBLE and 5e-3 in FLOAT for quantities of order 1 (DESIGN.md, curvature). In FLOAT, θ ± εv itself
 * is rounded, which adds an error of the same order u·|θ|/ε. Kinks (ReLU) make the truncation bound void
 * where a difference straddles one. Scale v to unit norm if its norm is far from 1.
 *
 * <p>Every method writes the perturbed points into {@code buffer} (an objective's {@link Objective#parameters()})
 * and leaves θ in it on return.
 */
public final class CentralDifferences {

    private CentralDifferences() {
    }

    /**
     * @param f       the function, evaluated at whatever the buffer holds (e.g. {@code objective::loss})
     * @param buffer  the buffer f reads θ from
     * @param theta   the point, length P; only read
     * @param v       the direction, length P; only read
     * @param epsilon the step ε &gt; 0
     * @return [f(θ + εv) − f(θ − εv)] / (2ε)
     */
    public static double directionalDerivative(DoubleSupplier f, INDArray buffer, INDArray theta, INDArray v,
                                               double epsilon) {
        requireStep(epsilon);
        Blas.combine(theta, epsilon, v, buffer);
        double plus = f.getAsDouble();
        Blas.combine(theta, -epsilon, v, buffer);
        double minus = f.getAsDouble();
        Blas.copy(theta, buffer);
        return (plus - minus) / (2 * epsilon);
    }

    /** The directional derivative of the objective's loss L at θ along v; see above. */
    public static double directionalDerivative(Objective objective, INDArray theta, INDArray v, double epsilon) {
        return directionalDerivative(objective::loss, objective.parameters(), theta, v, epsilon);
    }

    /**
     * The partial derivative ∂f/∂θ<sub>i</sub> by [f(θ + h₊e<sub>i</sub>) − f(θ − h₋e<sub>i</sub>)] / (h₊ + h₋),
     * where h₊ and h₋ are the steps the buffer actually holds after rounding θ<sub>i</sub> ± ε to its type (in
     * FLOAT they differ from ε by up to u·|θ<sub>i</sub>|, which the quotient then does not amplify).
     *
     * @param index the coordinate i, 0 ≤ i &lt; P
     */
    public static double partialDerivative(DoubleSupplier f, INDArray buffer, INDArray theta, long index,
                                           double epsilon) {
        requireStep(epsilon);
        Blas.copy(theta, buffer);
        double original = buffer.getDouble(index);
        buffer.putScalar(index, original + epsilon);
        double hPlus = buffer.getDouble(index) - original;
        double plus = f.getAsDouble();
        buffer.putScalar(index, original - epsilon);
        double hMinus = original - buffer.getDouble(index);
        double minus = f.getAsDouble();
        buffer.putScalar(index, original);
        return (plus - minus) / (hPlus + hMinus);
    }

    /**
     * out ← [g(θ + εv) − g(θ − εv)] / (2ε), the central difference of a gradient along v (for the gradient of a
     * loss, ≈ Hv).
     *
     * @param gradient writes the gradient at the buffer's point into its argument (e.g. {@code objective::gradient})
     * @param work     a caller-owned vector of length P in the gradient's type, overwritten
     * @param out      a caller-owned vector of length P, overwritten
     */
    public static void gradientDirectionalDerivative(Consumer<INDArray> gradient, INDArray buffer, INDArray theta,
                                                     INDArray v, double epsilon, INDArray work, INDArray out) {
        requireStep(epsilon);
        if (work == out) {
            throw new IllegalArgumentException("work and out are the same array: give two distinct vectors");
        }
        Blas.combine(theta, epsilon, v, buffer);
        gradient.accept(out);
        Blas.combine(theta, -epsilon, v, buffer);
        gradient.accept(work);
        Blas.copy(theta, buffer);
        Blas.axpy(-1.0, work, out);
        Blas.scal(1.0 / (2 * epsilon), out);
    }

    /** The central difference of the objective's gradient ∇L along v at θ (≈ Hv); see above. */
    public static void gradientDirectionalDerivative(Objective objective, INDArray theta, INDArray v, double epsilon,
                                                     INDArray work, INDArray out) {
        gradientDirectionalDerivative(objective::gradient, objective.parameters(), theta, v, epsilon, work, out);
    }

    private static void requireStep(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("step ε = " + epsilon + " must be a positive finite number; about"
                    + " 1e-5 in DOUBLE and 5e-3 in FLOAT");
        }
    }
}
