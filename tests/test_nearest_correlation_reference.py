"""Independent check of the Rust nearest-correlation-matrix reference values.

``src/stats/correlation_matrix_tests.rs`` checks Higham's alternating projections
(``stats::correlation_matrix::nearest_correlation``) against the matrix ``SCIPY_NEAREST``
written there. This test recomputes that matrix a different way, so the literals are not
the Rust code's own output: it minimises the Frobenius distance with scipy over matrices
``X = L Lᵀ`` whose rows of ``L`` have unit length (every such ``X`` is a correlation matrix,
and every correlation matrix is one), from several starting points.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

RUST_TESTS = Path(__file__).parent.parent / "src" / "stats" / "correlation_matrix_tests.rs"


def _rust_matrix(name: str) -> np.ndarray:
    """The 4 x 4 matrix literal ``const NAME: [f64; 16] = [...]`` in the Rust tests."""
    text = RUST_TESTS.read_text(encoding="utf-8")
    match = re.search(rf"const {name}: \[f64; 16\] = \[([^\]]*)\]", text)
    assert match is not None, f"{name} not found in {RUST_TESTS}"
    values = [float(v) for v in match.group(1).replace("\n", " ").split(",") if v.strip()]
    return np.array(values).reshape(4, 4)


def _nearest_by_optimisation(a: np.ndarray) -> np.ndarray:
    k = a.shape[0]
    rows, cols = np.tril_indices(k)

    def build(theta: np.ndarray) -> np.ndarray:
        lower = np.zeros((k, k))
        lower[rows, cols] = theta
        lower /= np.linalg.norm(lower, axis=1, keepdims=True)
        return lower @ lower.T

    def loss(theta: np.ndarray) -> float:
        return float(np.sum((build(theta) - a) ** 2))

    rng = np.random.default_rng(2002)
    starts = [np.linalg.cholesky(np.eye(k))[rows, cols]] + [
        rng.normal(size=rows.size) for _ in range(20)
    ]
    best = min(
        (minimize(loss, s, method="BFGS", options={"gtol": 1e-12}) for s in starts),
        key=lambda r: r.fun,
    )
    return build(best.x)


def test_rust_nearest_correlation_reference_matches_scipy() -> None:
    a = _rust_matrix("SCIPY_INPUT")
    assert np.linalg.eigvalsh(a).min() < -0.1  # the input really needs repair
    expected = _nearest_by_optimisation(a)
    assert np.linalg.eigvalsh(expected).min() > -1e-12
    np.testing.assert_allclose(_rust_matrix("SCIPY_NEAREST"), expected, atol=2e-6)
