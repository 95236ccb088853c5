package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Exact and incremental PCA against scikit-learn 1.2.1 (numpy 1.24.2, Debian bookworm's python3-sklearn), on a
 * 10×6 matrix of dyadic rationals that float32 and float64 hold exactly. The values below were printed by
 * {@code src/test/resources/org/landscape4j/trajectory/sklearn_reference.py} (run with {@code /usr/bin/python3}):
 * <pre>
 *   x[t, p] = ((7t + 13p + 5tp) mod 17 − 8)/4 + tp/8,  T = 10, P = 6, k = 3
 *   PCA(n_components=3, svd_solver="full").fit(x)                            → PCA_*
 *   PCA(n_components=3).fit(StandardScaler().fit_transform(x))              → STANDARDIZED_*
 *   IncrementalPCA(n_components=3).partial_fit(x[0:4]); (x[4:7]); (x[7:10]) → IPCA_*
 * </pre>
 * Signs: flipped in the script so that the largest-|·| entry of each component is positive (IncrementalPCA does
 * so itself; PCA of scikit-learn before 1.5 used the columns of U).
 *
 * <p>Tolerances: double quantities (singular values, variances, ratios, coordinates, the incremental PCA's
 * components) at 1e-10 relative to the largest (both sides are backward-stable double computations of a
 * well-conditioned problem, σ₃/σ₁ ≈ 0.4); the exact PCA's components are stored as float32 (rounding ≤ 6e-8 per
 * entry of a unit vector) and checked at 1e-7 absolute.
 */
class PcaReferenceTest {

    static final int T = 10;
    static final int P = 6;
    static final int K = 3;

    static final double[][] PCA_COMPONENTS = {
        {0.13822389373027047, -0.07040403019708241, 0.21339933779461795, 0.49952642464659447, 0.5512872389502397, 0.6139657006814643},
        {-0.33341173573704647, 0.43867565929742436, 0.023739798932932793, -0.5735747781580376, 0.6042781747475761, 0.041189364453707356},
        {0.8128104614770771, -0.04708706577834014, 0.068457244490462, -0.14979793364662614, 0.36635468833556617, -0.41926171902086656}};

    static final double[] PCA_SINGULAR_VALUES = {9.55652525906841, 4.6645706984343365, 3.9256714871265026};

    static final double[] PCA_EXPLAINED_VARIANCE = {10.147463891912505, 2.417579977854688, 1.712321847204223};

    static final double[] PCA_EXPLAINED_VARIANCE_RATIO = {0.6438930544468855, 0.15340413850116225, 0.10865297537754144};

    static final double[][] PCA_COORDINATES = {
        {-4.80163098729245, 0.17522158983966402, -2.057304765280078},
        {-1.8848469353574857, -0.009899934383906068, 0.23843551038137778},
        {-1.3110336489610408, -2.763203701284674, 0.9771683606166773},
        {-1.4039055784653536, 2.770739010559917, 0.2549853634407708},
        {-0.8300922920689084, 0.017435243659148173, 0.9937182136760704},
        {-0.8437305540261131, -1.3188686463591726, -1.7219933973662076},
        {-0.04993380683917593, 0.9337026365889172, 1.2103880962934093},
        {0.22466235121966877, 0.044770421702202474, 1.7490009169707634},
        {5.163349082697207, 1.4517035732893362, -1.1915655744840417},
        {5.73716236909365, -1.3016001936114319, -0.452832724248742}};

    static final double[] PCA_MEAN = {-0.075, 0.4375, 1.375, 1.8875, 1.975, 2.9125};

    static final double[][] STANDARDIZED_COMPONENTS = {
        {0.23972465917349503, -0.13909960246712272, 0.5097898540606822, 0.47482673281512977, 0.44741834150003024, 0.48749778929539866},
        {-0.4614109570490567, 0.7703635135413355, 0.13526453876045247, -0.1909502306836895, 0.31018168902237764, 0.2065643228399191},
        {0.8183148876582853, 0.4861620293520875, 0.054001940622737776, -0.13436194105909235, 0.07625729098658773, -0.2592734283112431}};

    static final double[] STANDARDIZED_EXPLAINED_VARIANCE = {3.7274513436191947, 1.2625542075571288, 0.9237764582165985};

    static final double[] STANDARDIZED_EXPLAINED_VARIANCE_RATIO = {0.5591177015428792, 0.18938313113356933, 0.1385664687324898};

    static final double[][] IPCA_COMPONENTS = {
        {0.13496346637453674, -0.07885616355339198, 0.21353478480167987, 0.4962222322672406, 0.5526134177890923, 0.6151027317259166},
        {-0.3323031590891085, 0.44072400627931974, 0.02385286346651408, -0.5730425166485895, 0.6039214160892763, 0.04085583134296997},
        {0.796729918774718, -0.10674516840135675, 0.07163278651441188, -0.1698298930304381, 0.38061749910565984, -0.4183106217348535}};

    static final double[] IPCA_SINGULAR_VALUES = {9.547087363229275, 4.664532550359438, 3.9162471016443736};

    static final double[] IPCA_EXPLAINED_VARIANCE = {10.127430791236902, 2.417540434818081, 1.7041101512375507};

    static final double[] IPCA_EXPLAINED_VARIANCE_RATIO = {0.6426218822090285, 0.15340162935336982, 0.10813191375520013};

    static final double[] IPCA_MEAN = {-0.075, 0.4375, 1.375, 1.8875, 1.975, 2.9125};

    static final double[][] IPCA_TRANSFORM = {
        {-4.8002056659920775, 0.1750208659048083, -2.0800325158964696},
        {-1.8808334973713694, -0.010683816066995583, 0.26583144646507706},
        {-1.3100683543543041, -2.763054516418224, 0.9940710376275693},
        {-1.408374100063066, 2.7720369501822977, 0.22194292487016049},
        {-0.8376089570460006, 0.019666249831069692, 0.9501825160326528},
        {-0.8404385461207164, -1.3204160243914473, -1.7076800475974063},
        {-0.030010864635781166, 0.9293099893932542, 1.3599609601435023},
        {0.2056155832793683, 0.05001631572913495, 1.6345335856002283},
        {5.165579629643441, 1.4502373430936644, -1.1835247492039036},
        {5.736344772660505, -1.3021333572575637, -0.455285158041411}};

    static float[][] data() {
        float[][] x = new float[T][P];
        for (int t = 0; t < T; t++) {
            for (int p = 0; p < P; p++) {
                x[t][p] = (float) (((7 * t + 13 * p + 5 * t * p) % 17 - 8) / 4.0 + t * p / 8.0);
            }
        }
        return x;
    }

    @Test
    void exactPcaAboutTheMeanMatchesScikitLearnsPca() throws IOException {
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(data()), PcaSettings.of(K)
                .withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        assertClose(PCA_SINGULAR_VALUES, pca.singularValues(), 1e-10);
        assertClose(PCA_EXPLAINED_VARIANCE, pca.explainedVariance(), 1e-10);
        assertClose(PCA_EXPLAINED_VARIANCE_RATIO, pca.explainedVarianceRatio(), 1e-10);
        for (int i = 0; i < K; i++) {
            for (int p = 0; p < P; p++) {
                assertEquals(PCA_COMPONENTS[i][p], pca.components()[i][p], 1e-7, "component " + i + ", " + p);
            }
        }
        for (int t = 0; t < T; t++) {
            assertClose(PCA_COORDINATES[t], pca.coordinates()[t], 1e-10 * PCA_SINGULAR_VALUES[0]);
        }
        for (int p = 0; p < P; p++) {
            assertEquals(PCA_MEAN[p], pca.center()[p], 1e-7 * Math.abs(PCA_MEAN[p]), "the mean, rounded to float");
        }
    }

    @Test
    void standardizedPcaMatchesStandardScalerThenPca() throws IOException {
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(data()), PcaSettings.of(K)
                .withReference(Reference.MEAN).withStandardize(true), TrajectoryProgress.NONE).orElseThrow();
        assertClose(STANDARDIZED_EXPLAINED_VARIANCE_RATIO, pca.explainedVarianceRatio(), 1e-10);
        double[] scaled = new double[K];
        for (int i = 0; i < K; i++) {
            // StandardScaler divides by the population std (ddof 0), this PCA by the sample std (ddof 1)
            scaled[i] = STANDARDIZED_EXPLAINED_VARIANCE[i] * (T - 1) / T;
            for (int p = 0; p < P; p++) {
                assertEquals(STANDARDIZED_COMPONENTS[i][p], pca.components()[i][p], 1e-7, "component " + i);
            }
        }
        assertClose(scaled, pca.explainedVariance(), 1e-10);
    }

    @Test
    void incrementalPcaMatchesScikitLearnsIncrementalPcaOnTheSameBatches() {
        float[][] x = data();
        IncrementalPca ipca = new IncrementalPca(P, K);
        ipca.update(new float[][] {x[0], x[1], x[2], x[3]});
        ipca.update(new float[][] {x[4], x[5], x[6]});
        ipca.update(new float[][] {x[7], x[8], x[9]});
        assertEquals(T, ipca.samples());
        assertClose(IPCA_SINGULAR_VALUES, ipca.singularValues(), 1e-10);
        assertClose(IPCA_EXPLAINED_VARIANCE, ipca.explainedVariance(), 1e-10);
        assertClose(IPCA_EXPLAINED_VARIANCE_RATIO, ipca.explainedVarianceRatio(), 1e-10);
        assertArrayEquals(IPCA_MEAN, ipca.mean(), 1e-15);
        for (int i = 0; i < K; i++) {
            assertArrayEquals(IPCA_COMPONENTS[i], ipca.component(i), 1e-10, "component " + i);
        }
        for (int t = 0; t < T; t++) {
            assertClose(IPCA_TRANSFORM[t], ipca.project(x[t]), 1e-10 * IPCA_SINGULAR_VALUES[0]);
        }
    }

    static void assertClose(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(scale, 1e-300), "entry " + i);
        }
    }
}
