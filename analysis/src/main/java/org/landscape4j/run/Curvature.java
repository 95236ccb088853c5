package org.landscape4j.run;

/**
 * Curvature of the loss measured at one iteration on a fixed probe batch (H the Hessian of the mean loss, g
 * its gradient, u = θ<sub>t+1</sub> − θ<sub>t</sub> the step taken). A value that was not measured is NaN
 * (null for {@code illConditioned}); it is stored as a null cell and read back as NaN (null).
 *
 * @param gradHessGrad           gᵀHg
 * @param curvatureAlongGradient κ<sub>g</sub> = gᵀHg / ‖g‖²
 * @param stepHessStep           uᵀHu
 * @param curvatureAlongStep     uᵀHu / ‖u‖²
 * @param predictedChange        the second-order prediction of the loss change, gᵀu + ½uᵀHu
 * @param observedChange         the loss change observed on the probe batch, L(θ<sub>t+1</sub>) − L(θ<sub>t</sub>)
 * @param lambdaMax              the largest Hessian eigenvalue estimate
 * @param lambdaMin              the smallest Hessian eigenvalue estimate
 * @param illConditioned         whether ½uᵀHu &gt; |gᵀu| (the second-order term outweighs the first), or null
 */
public record Curvature(double gradHessGrad, double curvatureAlongGradient, double stepHessStep,
                        double curvatureAlongStep, double predictedChange, double observedChange, double lambdaMax,
                        double lambdaMin, Boolean illConditioned) {

    /** @return the eight numeric fields in column order (g_hess_g ... lambda_min) */
    double[] values() {
        return new double[] {gradHessGrad, curvatureAlongGradient, stepHessStep, curvatureAlongStep,
            predictedChange, observedChange, lambdaMax, lambdaMin};
    }
}
