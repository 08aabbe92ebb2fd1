package io.github.flows4j.core.optim;

/**
 * A line search for one problem that satisfies the strong Wolfe conditions (Nocedal and Wright, Numerical
 * Optimization, 2nd ed., Algorithms 3.5 and 3.6), written as a state machine so that many problems can search in
 * lock step: {@link #trial()} proposes a step t, the caller evaluates φ(t) = f(x + t p) and φ'(t) = ∇f(x + t p)·p
 * for every problem at once and reports them with {@link #observe}, until {@link #isDone()}.
 *
 * <p>Conditions: φ(t) &le; φ(0) + c₁ t φ'(0) (sufficient decrease; or, at the rounding floor, φ(t) within
 * valueTolerance (1 + |φ(0)|) of φ(0) — Hager and Zhang's approximate Wolfe test) and |φ'(t)| &le; c₂ |φ'(0)| (curvature).
 * Trial steps come from the minimiser of the cubic that interpolates the two latest values and slopes
 * (Nocedal and Wright, Eq. 3.59), kept inside safeguards; NaN or infinite values count as "too far".
 */
final class StrongWolfeSearch {
    /** A point on the search line: the step, the value, the slope along p and the full gradient. */
    record Point(double t, double f, double slope, double[] gradient) {
    }

    private final double f0;
    private final double slope0;
    private final double c1;
    private final double c2;
    private final double valueTolerance;
    private final int maxEvaluations;

    private double t;
    private Point previous;
    private Point lo;
    private Point hi;
    private boolean zooming;
    private int evaluations;
    private Point accepted;
    private boolean done;
    private boolean wolfe;

    /**
     * @param f0             φ(0)
     * @param slope0         φ'(0) &lt; 0
     * @param gradient0      ∇f(x), kept as the t = 0 point
     * @param initialStep    the first trial step &gt; 0
     * @param c1             sufficient-decrease constant
     * @param c2             curvature constant
     * @param valueTolerance relative precision of values (approximate Wolfe test)
     * @param maxEvaluations evaluations before giving up
     */
    StrongWolfeSearch(double f0, double slope0, double[] gradient0, double initialStep, double c1, double c2,
            double valueTolerance, int maxEvaluations) {
        this.f0 = f0;
        this.slope0 = slope0;
        this.c1 = c1;
        this.c2 = c2;
        this.valueTolerance = valueTolerance;
        this.maxEvaluations = maxEvaluations;
        this.t = initialStep;
        this.previous = new Point(0, f0, slope0, gradient0);
    }

    /** @return the step to evaluate next */
    double trial() {
        return t;
    }

    /** @return whether the search has ended */
    boolean isDone() {
        return done;
    }

    /** @return the accepted point (sufficient decrease holds), or {@code null} if the search failed */
    Point accepted() {
        return accepted;
    }

    /** @return whether the accepted point also satisfies the curvature condition */
    boolean satisfiesWolfe() {
        return wolfe;
    }

    /**
     * Sufficient decrease, or — near a minimum, where f(x + t p) and f(x) agree to rounding — a value within
     * valueTolerance · (1 + |f(x)|) of f(x): the approximate Wolfe test of Hager and Zhang (SIAM J. Optim. 2005),
     * which lets the curvature condition drive the last iterations when values can no longer show a decrease.
     */
    private boolean armijo(double step, double f) {
        return f <= f0 + c1 * step * slope0 || f <= f0 + valueTolerance * (1 + Math.abs(f0));
    }

    /** Whether f exceeds ref by more than the values' precision (so comparisons of noise are not trusted). */
    private boolean worse(double f, double ref) {
        return f > ref + valueTolerance * (1 + Math.abs(f0));
    }

    private boolean curvature(double slope) {
        return Math.abs(slope) <= -c2 * slope0;
    }

    /**
     * @param f        φ(t) at the step last returned by {@link #trial()}
     * @param gradient ∇f(x + t p) (kept, not copied)
     * @param slope    φ'(t) = ∇f(x + t p)·p
     */
    void observe(double f, double[] gradient, double slope) {
        evaluations++;
        boolean finite = Double.isFinite(f) && Double.isFinite(slope);
        Point cur = new Point(t, finite ? f : Double.POSITIVE_INFINITY, finite ? slope : Double.NaN, gradient);
        if (!zooming) {
            bracket(cur, finite);
        } else {
            zoom(cur, finite);
        }
        if (!done && evaluations >= maxEvaluations) {
            giveUp(cur);
        }
    }

    private void bracket(Point cur, boolean finite) {
        if (!finite || !armijo(cur.t, cur.f) || (evaluations > 1 && worse(cur.f, previous.f))) {
            startZoom(previous, cur);
        } else if (curvature(cur.slope)) {
            accept(cur, true);
        } else if (cur.slope >= 0) {
            startZoom(cur, previous);
        } else {
            double lower = cur.t + 0.01 * (cur.t - previous.t);
            double upper = 10 * cur.t;
            double next = cubicMinimiser(previous, cur, lower, upper);
            previous = cur;
            t = next;
        }
    }

    private void startZoom(Point low, Point high) {
        zooming = true;
        lo = low;
        hi = high;
        nextZoomTrial();
    }

    private void zoom(Point cur, boolean finite) {
        if (!finite || !armijo(cur.t, cur.f) || worse(cur.f, lo.f)) {
            hi = cur;
        } else {
            if (curvature(cur.slope)) {
                accept(cur, true);
                return;
            }
            if (cur.slope * (hi.t - lo.t) >= 0) {
                hi = lo;
            }
            lo = cur;
        }
        nextZoomTrial();
    }

    private void nextZoomTrial() {
        double a = Math.min(lo.t, hi.t);
        double b = Math.max(lo.t, hi.t);
        double width = b - a;
        if (width <= 1e-14 * Math.max(1.0, b)) {
            giveUp(lo);
            return;
        }
        double next = Double.isFinite(hi.f) && Double.isFinite(hi.slope) ? cubicMinimiser(lo, hi, a, b) : Double.NaN;
        if (!(next >= a + 0.1 * width && next <= b - 0.1 * width)) {
            next = 0.5 * (a + b);
        }
        t = next;
    }

    /** Ends the search with the best point that satisfies sufficient decrease, or fails if there is none. */
    private void giveUp(Point cur) {
        Point best = null;
        for (Point p : new Point[] {lo, hi, previous, cur}) {
            if (p != null && p.t > 0 && Double.isFinite(p.f) && p.f <= f0 + c1 * p.t * slope0 && p.f < f0
                    && (best == null || p.f < best.f)) {
                best = p;
            }
        }
        done = true;
        accepted = best;
        wolfe = false;
    }

    private void accept(Point p, boolean satisfiesWolfe) {
        done = true;
        accepted = p;
        wolfe = satisfiesWolfe;
    }

    /**
     * The minimiser of the cubic through (t₁, f₁, f₁') and (t₂, f₂, f₂') (Nocedal and Wright, Eq. 3.59), clipped to
     * [lower, upper]; the midpoint of the bounds when the cubic has no minimiser.
     */
    static double cubicMinimiser(Point p1, Point p2, double lower, double upper) {
        double d1 = p1.slope + p2.slope - 3 * (p1.f - p2.f) / (p1.t - p2.t);
        double disc = d1 * d1 - p1.slope * p2.slope;
        if (!(disc >= 0)) {
            return 0.5 * (lower + upper);
        }
        double d2 = Math.sqrt(disc);
        double m;
        if (p1.t <= p2.t) {
            m = p2.t - (p2.t - p1.t) * (p2.slope + d2 - d1) / (p2.slope - p1.slope + 2 * d2);
        } else {
            m = p1.t - (p1.t - p2.t) * (p1.slope + d2 - d1) / (p1.slope - p2.slope + 2 * d2);
        }
        if (!Double.isFinite(m)) {
            return 0.5 * (lower + upper);
        }
        return Math.min(Math.max(m, lower), upper);
    }
}
