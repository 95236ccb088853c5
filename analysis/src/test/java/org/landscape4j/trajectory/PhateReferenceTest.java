package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * PHATE against an independent numpy/scipy re-implementation (the {@code phate} package itself is not installable
 * here), with scikit-learn's {@code smacof} as a check of the SMACOF iterations. The values below were printed by
 * {@code src/test/resources/org/landscape4j/trajectory/phate_reference.py} (run with {@code /usr/bin/python3}: numpy
 * 1.24.2, scipy 1.10.1, scikit-learn 1.2.1, Debian bookworm), which reports scikit-learn's SMACOF within 1e-15
 * (relative) of its own after 200 iterations from the same start. Data: 40 snapshots of a noisy parabola in R⁶,
 * <pre>
 *   x[t] = (t/2, (t − 20)²/64, ((7t + 3) mod 11 − 5)/32, ((5t + 1) mod 13 − 6)/32, ((3t + 2) mod 7 − 3)/16, (t mod 3)/8)
 * </pre>
 * dyadic rationals that float32 holds exactly. Two settings: phate's defaults (k = 5, α = 40, threshold 1e-4, t
 * automatic: 23, the same from P's eigenvalues as from phate's singular values), and k = 4, α = 10, no threshold,
 * t = 7 (the repeated-squaring path); both then 200 SMACOF iterations from classical MDS.
 *
 * <p>Tolerances: the kernel's bandwidths, degrees and entropies are a few roundings from the reference (1e-13
 * relative); the classical start 1e-9 and the embedding 1e-8 relative to its largest coordinate: P<sup>t</sup>'s
 * absolute errors of ~1e-16 become up to 1e-9 in U = −log(P<sup>t</sup> + 1e-7) where P<sup>t</sup> ≈ 0.
 */
class PhateReferenceTest {

    static final int T = 40;
    static final int P = 6;

    // auto: t = 23 (knee of P's singular values, phate's spectrum: 23); sklearn SMACOF gap 9.74e-16
    static final int AUTO_T = 23;
    static final double[] AUTO_BANDWIDTHS = {3.714578805615113, 2.9336743705633044, 2.185769404723426, 2.0933418445454626, 2.029386164120816, 1.9678197206870858, 1.9302409378429937, 1.8527982426926575, 1.822507394532324, 1.7777514985579397, 1.7377500944108735, 1.6627966135775596, 1.6253755575635436, 1.6181496232193733, 1.5647639847993051, 1.6045132877682877, 1.5249391637455574, 1.5133681650956583, 1.5075493617540356, 1.5075493617540356, 1.5133681650956583, 1.5075493617540356, 1.5075493617540356, 1.5713033254674287, 1.5249391637455574, 1.5685040892917685, 1.6008573142616427, 1.5926006885358928, 1.6253755575635436, 1.6627966135775596, 1.7284527266098428, 1.7826885638341319, 1.822507394532324, 1.8527982426926575, 1.9340316738939412, 1.9678197206870858, 2.029386164120816, 2.1128443691206886, 2.846667459504183, 3.6239559380082147};
    static final double[] AUTO_DEGREES = {4.183794120522293, 4.6839262393278736, 5.1839360655311655, 5.683935422059388, 6.183777267904489, 5.735753000939056, 5.367871727276416, 5.367874408152099, 5.3678763266526826, 5.367876184262033, 5.367876894457765, 5.367874173000081, 5.46138473353473, 5.367875434938794, 5.3790236617730365, 5.4613866416215995, 5.470648373817891, 5.562965257292335, 5.551783148045385, 5.654588390366181, 5.557372068257739, 5.654587190059857, 5.555611097563242, 5.434256156955929, 5.472358665340075, 5.379500263515132, 5.433869242774536, 5.369585770157683, 5.375707263456974, 5.373079750793677, 5.367877380281173, 5.367875472438579, 5.367874432448009, 5.367875174952973, 5.735751368063214, 6.183809156246648, 5.6839339813032, 5.183936915503915, 4.683929776118815, 4.183819385384933};
    static final double[] AUTO_ENTROPY = {3.124305300573514, 2.4750583257277596, 2.17607686644365, 2.027141998163102, 1.9296977164648843, 1.854142903645036, 1.790982116415314, 1.7363085535632035, 1.6880237815803332, 1.6447833801937404, 1.6056423185992685, 1.5699021506913173};
    static final double[][] AUTO_START = {
        {-23.703879236705617, 9.274327453937834},
        {-23.670700764192468, 9.234604227490761},
        {-23.464993542104196, 9.020862612617414},
        {-22.352484709685204, 7.883789553349815},
        {-21.072205460892537, 6.5563373999201495},
        {-19.422993893476768, 4.806397362629142},
        {-17.772191336694377, 3.0735009107834945},
        {-16.311713060209083, 1.6116046707752683},
        {-14.887286272637878, 0.2679780600954775},
        {-13.496185242190233, -0.9504254818647682},
        {-12.117758723632502, -2.0580990423211976},
        {-10.786696968677216, -3.0253568036145344},
        {-9.379989004552204, -3.9377749815457106},
        {-8.15943704062356, -4.623209310072096},
        {-6.829157769013468, -5.271571074973738},
        {-5.600574187378023, -5.772627074791401},
        {-4.1914743495726245, -6.211330318389101},
        {-2.9111504820187246, -6.492672570000846},
        {-1.6828240614260477, -6.648097573708312},
        {-0.5420917476332118, -6.7272164343849425},
        {0.48645684243086224, -6.719332278502466},
        {1.7585147103033023, -6.652679192941808},
        {2.8961386360112003, -6.4909071852422775},
        {4.309012280804561, -6.170059591469434},
        {5.4575470401054496, -5.818543681717323},
        {6.841462129443676, -5.263919629147958},
        {8.078109857907016, -4.674722254964571},
        {9.44977625890194, -3.896123194559895},
        {10.768499943198751, -3.0426452893014373},
        {12.12589015271219, -2.054957199529334},
        {13.498551468068674, -0.9516241940694108},
        {14.889563844746561, 0.26691324976732816},
        {16.314826318389734, 1.611297765095245},
        {17.774791694158893, 3.0727867624222176},
        {19.425984634780225, 4.805937853370437},
        {21.07527935311639, 6.555840288069874},
        {22.355706286458258, 7.883311314889725},
        {23.468344770793856, 9.020399412957843},
        {23.67407868409402, 9.234145463660553},
        {23.70725294689035, 9.273859995280084}};
    static final double[] AUTO_STRESS = {0.020801115101831726, 0.013706994281628202, 0.01307007922215481, 0.010709763582517264, 0.009958223858336857, 0.009958223626394359};
    static final double AUTO_NORMALISED_STRESS = 0.0001550004454602571;
    static final double[][] AUTO_COORDINATES = {
        {-23.701438790958836, 9.288618385651592},
        {-23.668320668624858, 9.248700647748231},
        {-23.46281251218165, 9.033165694936647},
        {-22.35206096792243, 7.885880374391055},
        {-21.073469421977535, 6.552230518733446},
        {-19.425007439784103, 4.8010289558755215},
        {-17.774121877684035, 3.0687994824108378},
        {-16.313509668226793, 1.6076697825236292},
        {-14.888862039222262, 0.26473656750829455},
        {-13.49757361125671, -0.9530951452297327},
        {-12.118991579322023, -2.060292902118834},
        {-10.787760047548852, -3.0273362656338945},
        {-9.380960714664283, -3.939377815039603},
        {-8.160248925822014, -4.624875337705141},
        {-6.82990432886937, -5.273058698598635},
        {-5.601311137891515, -5.7739528885248514},
        {-4.192107847445564, -6.21285325681384},
        {-2.911665812893182, -6.494477722355493},
        {-1.6831003482374218, -6.650589731118978},
        {-0.5421942736380327, -6.7296843792717675},
        {0.486518774404561, -6.722130933413668},
        {1.758815601564813, -6.654732647342779},
        {2.8965727376589965, -6.492789929864192},
        {4.309576923506761, -6.171816980917912},
        {5.458237694205202, -5.820021130011405},
        {6.842220142998955, -5.265593639070842},
        {8.079014672294832, -4.676212859718047},
        {9.45075528387035, -3.897879468144215},
        {10.769615956781985, -3.0445410278480574},
        {12.127137000535832, -2.0571982986180464},
        {13.499958750574597, -0.9543143124894052},
        {14.891152506292705, 0.26365399485711916},
        {16.316631141458462, 1.60733885621379},
        {17.776728108340013, 3.0680724669617683},
        {19.427999716112613, 4.800566794540359},
        {21.0765423432979, 6.551745701411318},
        {22.355279938833565, 7.885425564982932},
        {23.466160407979306, 9.032733693417748},
        {23.671695190487128, 9.248274335379486},
        {23.704809122972886, 9.288183552305556}};
    // fixed t = 7, k = 4, alpha = 10, no threshold; sklearn SMACOF gap 5.68e-15
    static final double[] FIXED_DEGREES = {3.336675777634266, 3.856071755659713, 4.194269738102023, 4.612928295458633, 4.271260194040892, 3.9253796319260417, 3.9122620687226997, 3.9338165252484414, 3.9629262221895587, 3.946779701165754, 3.947526943916418, 3.8595659186374087, 3.883996226606846, 3.864966349377299, 3.878804332737438, 3.876359515121679, 4.100196424784304, 3.887031419969843, 3.963855750807589, 3.975968228244069, 3.955275282601131, 3.8558530755888945, 4.043411416706582, 3.8634994915346983, 3.9390507559217993, 3.883294753469481, 3.855589026391566, 3.835768935258397, 3.86036666297702, 3.933267111596222, 3.9992613832496295, 3.9253964070854637, 3.9703026597204225, 3.8981162006203, 3.8980918192251393, 4.31011443016123, 4.563814949747939, 4.1720674818714745, 3.8551586735636314, 3.3309604832301143};
    static final double[] FIXED_STRESS = {2900.707352899324, 1514.6179007193548, 1362.9533792851287, 1290.9117980632177, 1290.8957303605803, 1290.8957303605812};
    static final double[][] FIXED_COORDINATES = {
        {-30.91647340688626, -28.14312647085918},
        {-30.923861375008478, -28.201903009427426},
        {-31.650765681491286, -27.269889314054925},
        {-33.43739072887268, -24.53472864927562},
        {-35.280768714764235, -21.321731714138647},
        {-37.01077409526901, -17.599103505156137},
        {-38.121361979687045, -13.781928456803868},
        {-38.67404589534022, -10.11670479599269},
        {-38.745437071326975, -6.207035042976639},
        {-38.36083529431471, -2.204901649624187},
        {-37.28506720559846, 1.9704764255154334},
        {-35.75516239982486, 5.743262464054363},
        {-33.49808276028421, 9.69291201591681},
        {-30.493353996411248, 13.719153781056471},
        {-26.73968131077975, 17.49891680854908},
        {-22.7660536826274, 20.90235683365141},
        {-17.713341502347973, 24.579777402274253},
        {-12.844368254545964, 27.034204426082383},
        {-8.255876763602275, 28.350444029459698},
        {-2.7214568436170126, 29.25351356867857},
        {2.875654683796415, 29.146819136030352},
        {7.510433502457086, 28.555401682662367},
        {12.61584578712329, 27.13882576239614},
        {17.962755932182677, 24.49883722016114},
        {22.581685293469206, 20.993605205541108},
        {26.773087141591528, 17.517569258543823},
        {30.33751914306341, 13.907706100681969},
        {33.5428091387631, 9.777060238307184},
        {35.761715578856865, 5.757386737845576},
        {37.35896185234638, 1.8467032139259425},
        {38.331920571762886, -2.118817405773619},
        {38.808584542144985, -6.121926233777259},
        {38.732788110337886, -9.970188776885891},
        {38.1308267328159, -13.893308142302901},
        {37.08538303497328, -17.44872513890487},
        {35.43272069682443, -21.21412616143146},
        {33.514235537688634, -24.44192659025146},
        {31.75229694156322, -27.180740348190806},
        {31.044880773101987, -28.08719091806969},
        {31.040053967736878, -28.026929987436723}};

    static float[][] snapshots() {
        float[][] x = new float[T][P];
        for (int t = 0; t < T; t++) {
            x[t][0] = t / 2f;
            x[t][1] = (t - 20) * (t - 20) / 64f;
            x[t][2] = ((7 * t + 3) % 11 - 5) / 32f;
            x[t][3] = ((5 * t + 1) % 13 - 6) / 32f;
            x[t][4] = ((3 * t + 2) % 7 - 3) / 16f;
            x[t][5] = (t % 3) / 8f;
        }
        return x;
    }

    static double[][] squaredDistances() {
        float[][] x = snapshots();
        double[][] d2 = new double[T][T];
        for (int i = 0; i < T; i++) {
            for (int j = 0; j < T; j++) {
                double s = 0;
                for (int p = 0; p < P; p++) {
                    double diff = (double) x[i][p] - x[j][p];
                    s += diff * diff;
                }
                d2[i][j] = s;
            }
        }
        return d2;
    }

    private static double largest(double[][] values) {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static void assertMatrixEquals(double[][] expected, double[][] actual, double relative, String what) {
        double tolerance = relative * largest(expected);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], tolerance, what + ", row " + i);
        }
    }

    private static void assertRelative(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.abs(expected[i]), what + " " + i);
        }
    }

    /** The steps one by one: bandwidths, degrees, entropy and t, the classical start, SMACOF's stresses. */
    @Test
    void stepsMatchTheReference() {
        double[][] d2 = squaredDistances();
        assertRelative(AUTO_BANDWIDTHS, AlphaDecayKernel.bandwidths(d2, 5), 1e-13, "bandwidth");
        DiffusionOperator operator = new DiffusionOperator(AlphaDecayKernel.kernel(d2, 5, 40, 1e-4));
        assertRelative(AUTO_DEGREES, operator.degrees(), 1e-13, "degree");
        SymmetricEigen.Pairs spectrum = operator.spectrum().orElseThrow();
        double[] entropy = VonNeumannEntropy.entropy(spectrum.values(), 100);
        for (int t = 0; t < AUTO_ENTROPY.length; t++) {
            assertEquals(AUTO_ENTROPY[t], entropy[t], 1e-13 * AUTO_ENTROPY[t], "H(" + (t + 1) + ")");
        }
        assertEquals(AUTO_T, VonNeumannEntropy.knee(entropy));

        double[][] potential = operator.power(spectrum, AUTO_T);
        DiffusionPotential.toPotential(potential);
        double[][] squared = DiffusionPotential.squaredDistances(potential);
        double[][] start = ClassicalMds.embed(squared, 2).orElseThrow().coordinates();
        assertMatrixEquals(AUTO_START, start, 1e-9, "classical start");
        for (double[] row : squared) {
            for (int j = 0; j < T; j++) {
                row[j] = Math.sqrt(row[j]);
            }
        }
        Smacof.Result fit = Smacof.fit(squared, start, 200, -1, TrajectoryProgress.NONE);
        assertEquals(200, fit.iterations());
        int[] at = {0, 1, 2, 10, 100, 200};
        for (int i = 0; i < at.length; i++) {
            assertEquals(AUTO_STRESS[i], fit.stress()[at[i]], 1e-7 * AUTO_STRESS[i], "stress at " + at[i]);
        }
        assertMatrixEquals(AUTO_COORDINATES, Phate.principalAxes(fit.coordinates()).orElseThrow().coordinates(),
                1e-8, "embedding");
    }

    /** phate's defaults, t automatic, 200 SMACOF iterations, end to end from the streamed snapshots. */
    @Test
    void automaticTimeEndToEnd() throws IOException {
        PhateSettings settings = PhateSettings.defaults().withMaxIterations(200).withTolerance(0);
        PhateResult result = TrajectoryEmbedding.phate(SnapshotSource.inMemory(snapshots()), settings,
                TrajectoryProgress.NONE).orElseThrow();
        assertEquals(AUTO_T, result.diffusionTime());
        assertTrue(result.automaticDiffusionTime());
        assertEquals(100, result.entropy().length);
        // tolerance 0 stops at the first iteration whose stress does not fall, in rounding (174 here)
        assertTrue(result.iterations() > 100 && result.iterations() <= 200, result.toString());
        assertEquals(AUTO_STRESS[5], result.stress(), 1e-7 * AUTO_STRESS[5]);
        assertEquals(AUTO_NORMALISED_STRESS, result.normalisedStress(), 1e-7 * AUTO_NORMALISED_STRESS);
        assertEquals("phate", result.embedding().method());
        assertMatrixEquals(AUTO_COORDINATES, result.embedding().coordinates(), 1e-8, "embedding");
    }

    /** k = 4, α = 10, no threshold, t = 7 by repeated squaring. */
    @Test
    void fixedTimeEndToEnd() {
        PhateSettings settings = PhateSettings.defaults().withNeighbours(4).withAlpha(10).withThreshold(0)
                .withDiffusionTime(7).withMaxIterations(200).withTolerance(0);
        double[][] d2 = squaredDistances();
        assertRelative(FIXED_DEGREES, AlphaDecayKernel.degrees(AlphaDecayKernel.kernel(d2, 4, 10, 0)), 1e-13,
                "degree");
        PhateResult result = Phate.embed(d2, settings, TrajectoryProgress.NONE).orElseThrow();
        assertEquals(7, result.diffusionTime());
        assertEquals(0, result.entropy().length);
        // converged to rounding before 200 (the reference's stress stops falling after ~100): tolerance 0 stops there
        assertEquals(FIXED_STRESS[5], result.stress(), 1e-12 * FIXED_STRESS[5], result.toString());
        assertMatrixEquals(FIXED_COORDINATES, result.embedding().coordinates(), 1e-7, "embedding");
    }
}
