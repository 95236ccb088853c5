package org.landscape4j.curvature;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StepCurvature} measured at θ<sub>t</sub> (and along the step u to θ<sub>t+1</sub>).
 *
 * @param loss            L(θ<sub>t</sub>) on the probe set
 * @param gradNormSquared ‖g‖², g = ∇L(θ<sub>t</sub>) on the trainable coordinates
 * @param gradHessGrad    gᵀHg
 * @param step            the quantities of the step, if θ<sub>t+1</sub> was given
 * @param spectrum        the Lanczos result for λmax and λmin, if asked for and the run succeeded
 * @param products        the Hessian-vector products the measurement cost (Lanczos included)
 */
public record StepMeasurement(double loss, double gradNormSquared, double gradHessGrad, Optional<Step> step,
                              Optional<LanczosResult> spectrum, long products) {

    public StepMeasurement {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(spectrum, "spectrum");
    }

    /** @return κ<sub>g</sub> = gᵀHg/‖g‖² (NaN for g = 0) */
    public double curvatureGrad() {
        return gradHessGrad / gradNormSquared;
    }

    /**
     * The step u = θ<sub>t+1</sub> − θ<sub>t</sub>.
     *
     * @param normSquared    ‖u‖²
     * @param gradDotStep    gᵀu
     * @param stepHessStep   uᵀHu
     * @param observedChange L(θ<sub>t+1</sub>) − L(θ<sub>t</sub>)
     */
    public record Step(double normSquared, double gradDotStep, double stepHessStep, double observedChange) {

        /** @return uᵀHu/‖u‖², the curvature along the step (NaN for u = 0) */
        public double curvature() {
            return stepHessStep / normSquared;
        }

        /** @return gᵀu + ½uᵀHu, the second-order prediction of the loss change */
        public double predictedChange() {
            return gradDotStep + 0.5 * stepHessStep;
        }

        /**
         * @return true if ½uᵀHu &gt; |gᵀu|: the second-order term outweighs the first (the article's
         *         ill-conditioning); false otherwise, also when a value is NaN
         */
        public boolean illConditioned() {
            return 0.5 * stepHessStep > Math.abs(gradDotStep);
        }
    }
}
