//! The continuous Poisson quantile by a fitted table: the count of a coordinate in O(1)
//! wherever the table settles it, for [`super::inversion::poisson_at_from`].
//!
//! For a mean `m` and a coordinate `u` in (0, 1), the count is the smallest `k` with
//! `P(N ≤ k) = Q(k + 1, m) ≥ u`, `Q` being the regularized upper incomplete gamma function,
//! which increases with its first argument. With `a*` the real solution of `Q(a*, m) = u`,
//! the count is therefore `⌈a* − 1⌉`: the continuous inverse carries the discrete one, the
//! approach of Giles (2016, "Algorithm 955: approximation of the inverse Poisson cumulative
//! distribution function", ACM Trans. Math. Softw. 42(1):7), who approximates `a*` and
//! computes the CDF only where the approximation lies close to a whole number.
//!
//! Here `a* = m + √m w + g(w, t)`, with `w = Φ⁻¹(u)` and `t = √(30/m)`, and `g` (which tends
//! to `(w² + 2)/6` as `m` grows) is a tensor Chebyshev interpolant of degree (10, 7) on
//! `|w| ≤ 5` and `30 ≤ m ≤ 10⁵`, fitted by `docs/derivations/fit_poisson_inverse.py` to `a*`
//! solved on SciPy's incomplete gamma function (its largest error over random points is
//! about 1e-6 counts; with [`normal_quantile`]'s, 1.3e-6 at the CDF's steps). [`count`] answers only where `a* − 1` lies at least [`MARGIN`] from
//! every whole number, a hundred times the table's error; elsewhere (about one coordinate
//! in 5,000), and outside the table's range, it leaves the count to the exact walk. The
//! counts it gives are therefore the exact walk's, bit for bit (the tests check both the
//! table's error and the counts against the walk).

/// The smallest mean the table covers (the walk's own smallest,
/// [`super::inversion::poisson_at_from`] sums smaller ones from 0).
pub(crate) const MEAN_FROM: f64 = 30.0;
/// The largest mean the table covers.
pub(crate) const MEAN_UP_TO: f64 = 1e5;
/// The largest `|Φ⁻¹(u)|` the table covers (a share 5.7e-7 of coordinates lies beyond).
pub(crate) const W_MAX: f64 = 5.0;
/// How far from a whole number `a* − 1` must lie for the table to settle the count.
pub(crate) const MARGIN: f64 = 1e-4;
/// `√(30 / 10⁵)`: the table's smallest `t`.
const T_LOW: f64 = 0.017_320_508_075_688_773;

/// The Poisson quantile of `u` for the mean `mean` (the smallest `k` with `P(N ≤ k) ≥ u`)
/// when the table settles it: `mean` in [`MEAN_FROM`]..=[`MEAN_UP_TO`], `|Φ⁻¹(u)|` at most
/// [`W_MAX`] and `a* − 1` at least [`MARGIN`] from a whole number; `None` otherwise.
#[inline]
pub(crate) fn count(u: f64, mean: f64) -> Option<f64> {
    if !(MEAN_FROM..=MEAN_UP_TO).contains(&mean) {
        return None;
    }
    let w = normal_quantile(u);
    // Also refuses a NaN `w`.
    if w.is_nan() || w.abs() > W_MAX {
        return None;
    }
    let below = continuous_quantile(w, mean) - 1.0;
    let k = below.ceil();
    if k - below < MARGIN || below - (k - 1.0) < MARGIN || below < MARGIN {
        return None;
    }
    Some(k)
}

/// `Φ⁻¹(u)`, the standard normal quantile, to within 1.15e-9 relative (Acklam 2003, "An
/// algorithm for computing the inverse normal cumulative distribution function": a rational
/// function of `u − ½` in the middle, of `√(−2 ln p)` for the smaller tail `p` below
/// 0.02425). That moves `a*` by at most `√m · 5 · 1.15e-9`, under 2e-6 counts over the
/// table's range, far inside [`MARGIN`]; statrs' exact `erfc_inv` costs about three times
/// as much, and the count does not need its last digits.
#[inline]
pub(crate) fn normal_quantile(u: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    let tail = |p: f64| {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if u < LOW {
        tail(u)
    } else if u > 1.0 - LOW {
        -tail(1.0 - u)
    } else {
        let q = u - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The table's `a*` for `w = Φ⁻¹(u)` (`|w| ≤ W_MAX`) and `mean` in its range.
#[inline]
pub(crate) fn continuous_quantile(w: f64, mean: f64) -> f64 {
    let sd = mean.sqrt();
    let t = (MEAN_FROM / mean).sqrt();
    let y = 2.0 * (t - T_LOW) / (1.0 - T_LOW) - 1.0;
    mean + sd * w + chebyshev_2d(w / W_MAX, y)
}

/// `Σ TABLE[i][j] T_i(x) T_j(y)`: the `T_j(y)` once, then Clenshaw's recurrence in `x`
/// over the rows' values.
#[inline]
fn chebyshev_2d(x: f64, y: f64) -> f64 {
    let mut ty = [0.0; 8];
    ty[0] = 1.0;
    ty[1] = y;
    for j in 2..8 {
        ty[j] = 2.0 * y * ty[j - 1] - ty[j - 2];
    }
    let row = |i: usize| -> f64 { TABLE[i].iter().zip(&ty).map(|(c, t)| c * t).sum() };
    let (mut b1, mut b2) = (0.0, 0.0);
    for i in (1..TABLE.len()).rev() {
        let b0 = 2.0 * x * b1 - b2 + row(i);
        b2 = b1;
        b1 = b0;
    }
    x * b1 - b2 + row(0)
}

/// `c[i][j]` of `g(w, t) = Σ c[i][j] T_i(w / 5) T_j(y)`, `y = 2 (t − T_LOW) / (1 − T_LOW) − 1`,
/// as printed by `docs/derivations/fit_poisson_inverse.py`.
// Largest interpolation error over 5,000 random points: 9.03e-07 counts.
#[rustfmt::skip]
const TABLE: [[f64; 8]; 11] = [
    [2.4298162943239974, 0.017630894441875464, 0.00471974039281332, 0.00027248337264191495, 4.836043921690347e-05, 5.592163403852326e-06, 9.209560646014181e-07, 1.3208785189690704e-07],
    [-0.1399981971572986, -0.13859731812077178, -0.0038845176016021297, -0.0007897470103126683, -7.192066408659968e-05, -1.2140367303773482e-05, -1.6490960837834696e-06, -2.6511244395477246e-07],
    [2.1009432665443097, 0.023669982420165724, 0.006424306197675683, 0.0004198559351675506, 7.618147591901747e-05, 9.287158899769471e-06, 1.5606277140071048e-06, 2.2969086204087169e-07],
    [-0.04345845920921899, -0.043711101959672184, -0.0020144902131078828, -0.0004282902472891999, -4.6142332789681134e-05, -8.157099106446143e-06, -1.1937832002994784e-06, -1.987800014377574e-07],
    [0.004327372097888437, 0.00590064011089112, 0.00172770882292931, 0.0001832381297861341, 3.611003935666567e-05, 5.227327123552669e-06, 9.387318194177591e-07, 1.4963565432998275e-07],
    [-0.0006559501462544543, -0.001007317762271624, -0.0004475226322881384, -0.000111100216331891, -1.8003775908422277e-05, -3.565992571233504e-06, -6.11712745342638e-07, -1.0997632349610184e-07],
    [0.00012278616620532828, 0.00020089803789941047, 0.00010934051306177218, 3.920260065768014e-05, 9.549641809839195e-06, 1.9038644128004774e-06, 3.8978780659327223e-07, 7.132529864304625e-08],
    [-2.6129801908752712e-05, -4.446333018163578e-05, -2.732613810663831e-05, -1.2094453221453028e-05, -3.897478976209436e-06, -9.719365355087352e-07, -2.1394412550246442e-07, -4.376113216931355e-08],
    [6.059996760113996e-06, 1.058932375724836e-05, 7.056884738880401e-06, 3.584124694435888e-06, 1.39475619186158e-06, 4.2640888362259197e-07, 1.0867788428973345e-07, 2.406387940077695e-08],
    [-1.4882652799356184e-06, -2.6502958809475844e-06, -1.870241418435121e-06, -1.0457497776926182e-06, -4.646226426664066e-07, -1.6594702649716968e-07, -4.894287967172578e-08, -1.1963150413595414e-08],
    [3.582952883851663e-07, 6.463971314565706e-07, 4.743091604130495e-07, 2.8297599566756513e-07, 1.3738725938853687e-07, 5.455416571587577e-08, 1.7925155977017068e-08, 4.770676973352753e-09],
];

#[cfg(test)]
#[path = "poisson_inverse_tests.rs"]
mod tests;
