"""Fits the table of ``src/sampling/poisson_inverse.rs``: the continuous Poisson quantile.

For a Poisson mean ``m`` and a coordinate ``u`` in (0, 1), the count ``k`` that inverts
``u`` is the smallest with ``P(N <= k) = Q(k + 1, m) >= u`` (``Q`` the regularized upper
incomplete gamma function, increasing in its first argument). With ``a*`` the solution of
``Q(a*, m) = u`` in real ``a``, that count is ``ceil(a* - 1)``. This script tabulates

    g(w, t) = a* - (m + sqrt(m) w),   w = Phi^-1(u),  t = sqrt(30 / m),

which tends to ``(w^2 + 2) / 6`` as ``m`` grows, as a tensor Chebyshev interpolant of
degree (10, 7) on ``|w| <= 5`` and ``30 <= m <= 1e5``, at the Chebyshev points of both
variables, and prints it in the power basis of ``x = w / 5`` and ``y`` (``t`` mapped onto
[-1, 1]), row ``j`` holding the coefficients of ``x^0 y^j .. x^10 y^j``: its coefficients are
at most about 4, so the power basis loses nothing, and the library evaluates it without a
long chain of dependent operations. ``a*`` is solved by Brent's method on SciPy's
``gammaincc`` (``gammainc`` for the upper half, where ``1 - u`` is the accurate side). It
prints the Rust table and the largest interpolation error over random points (about 1e-6
counts; the library counts a coordinate by the table only when ``a* - 1`` lies at least
1e-4 from every whole number, and its tests check the table against the exact inversion).

    python docs/derivations/fit_poisson_inverse.py > table.rs
"""

from __future__ import annotations

import math
import sys

import numpy as np
from numpy.polynomial import chebyshev
from scipy.optimize import brentq
from scipy.special import gammainc, gammaincc

M_LOW = 30.0
M_HIGH = 1e5
W_MAX = 5.0
DEGREE_W = 10
DEGREE_T = 7
T_LOW = math.sqrt(M_LOW / M_HIGH)


def a_star(w: float, m: float) -> float:
    """The real ``a`` with ``Q(a, m) = Phi(w)``."""
    sd = math.sqrt(m)
    lo = max(1e-9, m + sd * w - 10 * sd - 10)
    hi = m + sd * w + 10 * sd + 10
    if w > 0:
        upper = 0.5 * math.erfc(w / math.sqrt(2))  # 1 - u, P(a, m) must equal it
        return float(brentq(lambda a: upper - gammainc(a, m), lo, hi, xtol=1e-13, rtol=1e-15))
    u = 0.5 * math.erfc(-w / math.sqrt(2))
    return float(brentq(lambda a: gammaincc(a, m) - u, lo, hi, xtol=1e-13, rtol=1e-15))


def g(w: float, t: float) -> float:
    """``a* - (m + sqrt(m) w)`` at ``m = 30 / t^2``."""
    m = M_LOW / (t * t)
    return a_star(w, m) - (m + math.sqrt(m) * w)


def t_of(y: float) -> float:
    """The ``t`` of the table's second variable ``y`` in [-1, 1]."""
    return T_LOW + (1.0 - T_LOW) * (y + 1.0) / 2.0


def nodes(n: int) -> np.ndarray:
    """The ``n`` Chebyshev points of the first kind."""
    return np.cos(np.pi * (np.arange(n) + 0.5) / n)


def fit() -> np.ndarray:
    """Coefficients ``c[i, j]`` of ``sum c[i, j] T_i(w / 5) T_j(y)``."""
    xs, ys = nodes(DEGREE_W + 1), nodes(DEGREE_T + 1)
    values = np.array([[g(W_MAX * x, t_of(y)) for y in ys] for x in xs])
    over_w = np.linalg.solve(chebyshev.chebvander(xs, DEGREE_W), values)
    return np.linalg.solve(chebyshev.chebvander(ys, DEGREE_T), over_w.T).T


def powers(coef: np.ndarray) -> np.ndarray:
    """The interpolant in the power basis: ``p[j, i]`` of ``sum p[j, i] x^i y^j``."""
    over_x = np.array([chebyshev.cheb2poly(coef[:, j]) for j in range(coef.shape[1])])
    return np.array([chebyshev.cheb2poly(over_x[:, i]) for i in range(over_x.shape[1])]).T


def main() -> int:
    coef = fit()
    table = powers(coef)
    drift = max(
        abs(np.polynomial.polynomial.polyval2d(x, y, table.T) - chebyshev.chebval2d(x, y, coef))
        for x, y in np.random.default_rng(1).uniform(-1.0, 1.0, (2000, 2))
    )
    rng = np.random.default_rng(20261201)
    worst = 0.0
    for _ in range(5000):
        w, t = rng.uniform(-W_MAX, W_MAX), rng.uniform(T_LOW, 1.0)
        y = 2.0 * (t - T_LOW) / (1.0 - T_LOW) - 1.0
        worst = max(worst, abs(chebyshev.chebval2d(w / W_MAX, y, coef) - g(w, t)))
    print(f"// Largest interpolation error over 5,000 random points: {worst:.2e} counts;")
    print(f"// the power basis differs from the Chebyshev sum by at most {drift:.1e}.")
    print(f"const TABLE: [[f64; {DEGREE_W + 1}]; {DEGREE_T + 1}] = [")
    for row in table:
        print("    [" + ", ".join(repr(float(c)) for c in row) + "],")
    print("];")
    return 0


if __name__ == "__main__":
    sys.exit(main())
