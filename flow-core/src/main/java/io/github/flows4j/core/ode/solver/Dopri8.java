package io.github.flows4j.core.ode.solver;

/**
 * The Dormand–Prince 8(5,3) method {@code DOP853} (Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, §II.10):
 * twelve stages plus a first-same-as-last thirteenth, an eighth-order solution and two embedded estimates of orders
 * five and three combined as {@code r5² / √(r5² + 0.01 r3²)} (see {@link ErrorEstimate}), which scales like an
 * eighth-order error. For tight tolerances (rtol below about 1e-8) on smooth problems. Dense output is cubic Hermite,
 * so requested times between steps are third-order accurate; put the times that need full accuracy on the grid
 * with {@code SolveOptions.builder().stepTimes(...)}.
 *
 * <p>Coefficients as in Commons Math's {@code DormandPrince853Integrator}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri8(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(PIController.of(1e-10, 1e-12)).build());
 * }</pre>
 */
public final class Dopri8 extends ExplicitRungeKutta {
    private static final double SQ6 = Math.sqrt(6.0);
    private static final double[] B = {
        104257.0 / 1920240.0, 0, 0, 0, 0, 3399327.0 / 763840.0, 66578432.0 / 35198415.0,
        -1674902723.0 / 288716400.0, 54980371265625.0 / 176692375811392.0, -734375.0 / 4826304.0,
        171414593.0 / 851261400.0, 137909.0 / 3084480.0, 0};

    /** The third-order estimate's weights, combined with the fifth-order one. */
    private static final double[] E2 = {
        -364463.0 / 1920240.0, 0, 0, 0, 0, 3399327.0 / 763840.0, 66578432.0 / 35198415.0,
        -1674902723.0 / 288716400.0, -74684743568175.0 / 176692375811392.0, -734375.0 / 4826304.0,
        171414593.0 / 851261400.0, 69869.0 / 3084480.0, 0};

    static final ButcherTableau TABLEAU = ButcherTableau.embedded(
            new double[] {0, (12.0 - 2.0 * SQ6) / 135.0, (6.0 - SQ6) / 45.0, (6.0 - SQ6) / 30.0,
                (6.0 + SQ6) / 30.0, 1.0 / 3.0, 1.0 / 4.0, 4.0 / 13.0, 127.0 / 195.0, 3.0 / 5.0, 6.0 / 7.0, 1.0, 1.0},
            new double[][] {
                {},
                {(12.0 - 2.0 * SQ6) / 135.0},
                {(6.0 - SQ6) / 180.0, (6.0 - SQ6) / 60.0},
                {(6.0 - SQ6) / 120.0, 0.0, (6.0 - SQ6) / 40.0},
                {(462.0 + 107.0 * SQ6) / 3000.0, 0.0, (-402.0 - 197.0 * SQ6) / 1000.0, (168.0 + 73.0 * SQ6) / 375.0},
                {1.0 / 27.0, 0.0, 0.0, (16.0 + SQ6) / 108.0, (16.0 - SQ6) / 108.0},
                {19.0 / 512.0, 0.0, 0.0, (118.0 + 23.0 * SQ6) / 1024.0, (118.0 - 23.0 * SQ6) / 1024.0, -9.0 / 512.0},
                {13772.0 / 371293.0, 0.0, 0.0, (51544.0 + 4784.0 * SQ6) / 371293.0,
                    (51544.0 - 4784.0 * SQ6) / 371293.0, -5688.0 / 371293.0, 3072.0 / 371293.0},
                {58656157643.0 / 93983540625.0, 0.0, 0.0, (-1324889724104.0 - 318801444819.0 * SQ6) / 626556937500.0,
                    (-1324889724104.0 + 318801444819.0 * SQ6) / 626556937500.0, 96044563816.0 / 3480871875.0,
                    5682451879168.0 / 281950621875.0, -165125654.0 / 3796875.0},
                {8909899.0 / 18653125.0, 0.0, 0.0, (-4521408.0 - 1137963.0 * SQ6) / 2937500.0,
                    (-4521408.0 + 1137963.0 * SQ6) / 2937500.0, 96663078.0 / 4553125.0, 2107245056.0 / 137915625.0,
                    -4913652016.0 / 147609375.0, -78894270.0 / 3880452869.0},
                {-20401265806.0 / 21769653311.0, 0.0, 0.0, (354216.0 + 94326.0 * SQ6) / 112847.0,
                    (354216.0 - 94326.0 * SQ6) / 112847.0, -43306765128.0 / 5313852383.0,
                    -20866708358144.0 / 1126708119789.0, 14886003438020.0 / 654632330667.0,
                    35290686222309375.0 / 14152473387134411.0, -1477884375.0 / 485066827.0},
                {39815761.0 / 17514443.0, 0.0, 0.0, (-3457480.0 - 960905.0 * SQ6) / 551636.0,
                    (-3457480.0 + 960905.0 * SQ6) / 551636.0, -844554132.0 / 47026969.0,
                    8444996352.0 / 302158619.0, -2509602342.0 / 877790785.0,
                    -28388795297996250.0 / 3199510091356783.0, 226716250.0 / 18341897.0,
                    1371316744.0 / 2131383595.0},
                {B[0], B[1], B[2], B[3], B[4], B[5], B[6], B[7], B[8], B[9], B[10], B[11]}},
            B,
            new double[] {116092271.0 / 8848465920.0, 0, 0, 0, 0, -1871647.0 / 1527680.0, -69799717.0 / 140793660.0,
                1230164450203.0 / 739113984000.0, -1980813971228885.0 / 5654156025964544.0,
                464500805.0 / 1389975552.0, 1606764981773.0 / 19613062656000.0, -137909.0 / 6168960.0, 0},
            8, 7).withSecondErrorWeights(E2);

    /** Creates the solver (stateless; share it freely). */
    public Dopri8() {
        super("Dormand-Prince 8(5,3)", TABLEAU);
    }
}
