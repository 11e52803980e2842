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
//! `|w| ≤ 5` and `30 ≤ m ≤ 10⁵`, kept in the power basis, fitted by
//! `docs/derivations/fit_poisson_inverse.py` to `a*` solved on SciPy's incomplete gamma
//! function (its largest error over random points is about 1e-6 counts; with
//! [`normal_quantile`]'s, 1.3e-6 at the CDF's steps). [`count`] answers only where `a* − 1`
//! lies at least [`MARGIN`] from every whole number, 80 times the table's error; elsewhere
//! (about one coordinate in 5,000), and outside the table's range, it leaves the count to
//! the exact walk. The counts it gives are therefore the exact walk's, bit for bit (the
//! tests check both the table's error and the counts against the walk).

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
/// as much, and the count does not need its last digits. The walk's Cornish–Fisher start
/// ([`super::inversion::walk_from`]) takes it too.
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
    mean + sd * w + polynomial_2d(w / W_MAX, y)
}

/// `Σ TABLE[j][i] x^i y^j`: each power of `x`'s coefficient as a polynomial in `y` (the
/// eleven accumulate side by side), then Estrin's scheme in `x`, so that few operations
/// wait on each other.
#[inline]
fn polynomial_2d(x: f64, y: f64) -> f64 {
    let y2 = y * y;
    let y4 = y2 * y2;
    let ys = [1.0, y, y2, y2 * y, y4, y4 * y, y4 * y2, y4 * y2 * y];
    let mut c = [0.0; 11];
    for (row, yj) in TABLE.iter().zip(ys) {
        for (ci, p) in c.iter_mut().zip(row) {
            *ci += p * yj;
        }
    }
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let low = (c[0] + c[1] * x) + x2 * (c[2] + c[3] * x);
    let middle = (c[4] + c[5] * x) + x2 * (c[6] + c[7] * x);
    let high = (c[8] + c[9] * x) + x2 * c[10];
    low + x4 * middle + x8 * high
}

/// `p[j][i]` of `g(w, t) = Σ p[j][i] x^i y^j`, `x = w / 5`, `y = 2 (t − T_LOW) / (1 − T_LOW) − 1`:
/// the degree-(10, 7) Chebyshev interpolant in the power basis, as printed by
/// `docs/derivations/fit_poisson_inverse.py`.
#[rustfmt::skip]
// Largest interpolation error over 5,000 random points: 9.03e-07 counts;
// the power basis differs from the Chebyshev sum by at most 1.8e-15.
const TABLE: [[f64; 11]; 8] = [
    [0.3331629270369441, -0.012829189314295514, 4.168506303179397, -0.1615745173298326, 0.02003850347697992, -0.0033491069507362546, 0.0006532055236731448, -0.0001397674260713446, 3.260262591604177e-05, -8.628127870765625e-06, 1.7654944684219174e-06],
    [-0.00032929371874960067, -0.012258631668362621, 0.003508175701642621, -0.1567229376357584, 0.03885057519347936, -0.009743008558746092, 0.0025342556354424903, -0.0006657259918394542, 0.00018330810803844784, -6.631414462986504e-05, 1.8864759920529824e-05],
    [-0.00015920322539903224, 0.00019363033973807516, 0.0016058561957499064, -0.0009063774530660495, 0.01901811084248174, -0.009522921622184944, 0.0037129841327515753, -0.0012277233213424015, 0.0004083444898614073, -0.00023154522358529372, 8.815260329170498e-05],
    [-1.499467621466113e-07, 6.214861319906165e-05, -8.56959431650057e-05, -0.00023355309990010423, 0.00022512499852249483, -0.0032148738253844826, 0.002440300625438634, -0.0011253600346382826, 0.0005217424080806686, -0.00039270272102103615, 0.00015768503237657553],
    [-2.7366185628648786e-08, 2.6618228478133516e-08, -2.130821572728931e-05, 3.9149613065742114e-05, 3.674369053591173e-05, -8.356668405469468e-05, 0.0005923008524081484, -0.0005504644820327337, 0.000454989466479447, -0.0003501370667746342, 0.0001222095811642756],
    [5.089551183835015e-09, -7.846228944278464e-07, 8.629186208972857e-08, 2.3217990460966632e-05, -1.8737046954162e-05, -9.124667436801443e-05, 4.171440196923093e-05, 7.601781974474293e-05, 9.496055560824505e-05, -0.00033671157187379925, 0.00017333802518451413],
    [8.029354085301445e-10, -2.213991940048178e-06, 1.4767005737734292e-06, 4.3244692419965855e-05, -3.140995409870299e-05, -0.00022300754839653538, 0.000151291076066306, 0.00046395758908020245, -0.0002890697747678708, -0.0004009400702707776, 0.00029368575552744764],
    [3.507010534840177e-11, -1.2796470821870993e-06, 9.370606630072998e-07, 2.4919111188537503e-05, -1.8213067868361426e-05, -0.00012969314250545482, 9.377373696855453e-05, 0.0002617639794812731, -0.00019368255760589275, -0.00019600425637634726, 0.000156325543062823],
];

#[cfg(test)]
#[path = "poisson_inverse_tests.rs"]
mod tests;
