package org.landscape4j.curvature;

import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Set;

/**
 * L(θ) = ½θᵀAθ + bᵀθ with a known symmetric A, as an {@link Objective}: ∇L = Aθ + b, ∇²L = A, computed in double
 * from the buffer's values and rounded once into the output's type. Entries of STATE arrays are constants of L:
 * their gradient entries are 0 (the Objective contract). Optional penalty R(θ) = ½λ·Σ<sub>w∈L2 arrays</sub>w² +
 * μ·Σ<sub>w∈L1 arrays</sub>|w| (DL4J's conventions), ∇R = λw + μ·sign(w). Counts gradient calls; can be told to
 * throw from a given gradient call on.
 */
final class QuadraticObjective implements Objective {

    private final double[][] a;
    private final double[] b;
    private final ParameterLayout layout;
    private final Precision precision;
    private final INDArray theta;
    private double l2;
    private Set<String> l2Arrays = Set.of();
    private double l1;
    private Set<String> l1Arrays = Set.of();
    private int kinkIndex = -1;
    private double kinkAt;
    private double kinkSlope;
    int gradientCalls;
    int failFromCall = Integer.MAX_VALUE;

    QuadraticObjective(double[][] a, double[] b, ParameterLayout layout, Precision precision) {
        this.a = a;
        this.b = b;
        this.layout = layout;
        this.precision = precision;
        this.theta = Nd4j.create(precision.toNd4j(), a.length);
    }

    /** One WEIGHT array "0_W" covering all of θ. */
    static QuadraticObjective of(double[][] a, double[] b, Precision precision) {
        return new QuadraticObjective(a, b, single(a.length), precision);
    }

    static ParameterLayout single(int p) {
        return new ParameterLayout(List.of(new ParameterArray("0_W", "0", "Quadratic", 0, p, new long[]{p}, 'c',
                ParameterRole.WEIGHT, -1)));
    }

    QuadraticObjective withL2(double lambda, Set<String> arrays) {
        this.l2 = lambda;
        this.l2Arrays = arrays;
        return this;
    }

    /**
     * Adds slope·|θ<sub>index</sub> − at| to L: its gradient jumps by 2·slope where θ<sub>index</sub> = at, and takes
     * the left side's value there (as DL4J's ReLU takes 0 at 0).
     */
    QuadraticObjective withKink(int index, double at, double slope) {
        this.kinkIndex = index;
        this.kinkAt = at;
        this.kinkSlope = slope;
        return this;
    }

    QuadraticObjective withL1(double mu, Set<String> arrays) {
        this.l1 = mu;
        this.l1Arrays = arrays;
        return this;
    }

    private double[] read() {
        double[] x = new double[a.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = theta.getDouble(i);
        }
        return x;
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public long parameterCount() {
        return a.length;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public long exampleCount() {
        return 1;
    }

    @Override
    public INDArray parameters() {
        return theta;
    }

    @Override
    public PointResult evaluate() {
        return new PointResult(loss(), regularization(), Double.NaN, 1);
    }

    @Override
    public double loss() {
        double[] x = read();
        double[] ax = Matrices.multiply(a, x);
        double kink = kinkIndex < 0 ? 0 : kinkSlope * Math.abs(x[kinkIndex] - kinkAt);
        return 0.5 * Matrices.dot(x, ax) + Matrices.dot(b, x) + kink;
    }

    @Override
    public double regularization() {
        double r = 0;
        for (ParameterArray array : layout.arrays()) {
            for (long i = array.offset(); i < array.end(); i++) {
                double w = theta.getDouble(i);
                if (l2Arrays.contains(array.name())) {
                    r += 0.5 * l2 * w * w;
                }
                if (l1Arrays.contains(array.name())) {
                    r += l1 * Math.abs(w);
                }
            }
        }
        return r;
    }

    @Override
    public void gradient(INDArray out) {
        gradientCalls++;
        if (gradientCalls >= failFromCall) {
            throw new IllegalStateException("injected failure in gradient call " + gradientCalls);
        }
        double[] x = read();
        double[] g = Matrices.multiply(a, x);
        if (kinkIndex >= 0) {
            g[kinkIndex] += x[kinkIndex] > kinkAt ? kinkSlope : -kinkSlope;    // one side at the kink, as ReLU's
        }
        for (ParameterArray array : layout.arrays()) {
            for (long i = array.offset(); i < array.end(); i++) {
                int k = (int) i;
                out.putScalar(i, array.role().isTrainable() ? g[k] + b[k] : 0.0);
            }
        }
    }

    @Override
    public double lossAndGradient(INDArray out) {
        gradient(out);
        return loss();
    }

    @Override
    public void addRegularizationGradient(INDArray out) {
        for (ParameterArray array : layout.arrays()) {
            for (long i = array.offset(); i < array.end(); i++) {
                double w = theta.getDouble(i);
                double g = 0;
                if (l2Arrays.contains(array.name())) {
                    g += l2 * w;
                }
                if (l1Arrays.contains(array.name())) {
                    g += l1 * Math.signum(w);
                }
                if (g != 0) {
                    out.putScalar(i, out.getDouble(i) + g);
                }
            }
        }
    }

    @Override
    public void close() {
    }
}
