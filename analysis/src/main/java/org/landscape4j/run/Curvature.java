package org.landscape4j.run;

/**
 * The curvature quantities of one iteration (computed by a later curvature tracker; null cells until then).
 * A NaN field is written as a null cell.
 *
 * @param gradHessGrad           gᵀHg
 * @param curvatureAlongGradient κ_g = gᵀHg / ‖g‖²
 * @param stepHessStep           uᵀHu for the step taken, u = θ_{t+1} − θ_t
 * @param curvatureAlongStep     uᵀHu / ‖u‖²
 * @param predictedChange        gᵀu + ½uᵀHu, the second-order prediction of the loss change
 * @param observedChange         the loss change observed on the probe batch
 * @param lambdaMax              the largest Hessian eigenvalue estimate
 * @param lambdaMin              the smallest Hessian eigenvalue estimate
 * @param illConditioned         ½uᵀHu > |gᵀu|, or null if not assessed
 */
public record Curvature(double gradHessGrad, double curvatureAlongGradient, double stepHessStep,
                        double curvatureAlongStep, double predictedChange, double observedChange, double lambdaMax,
                        double lambdaMin, Boolean illConditioned) {
}
