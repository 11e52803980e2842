"""Fixtures shared by the tests (helpers live in ``_helpers.py``)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """An independent numpy generator with a fixed seed."""
    return np.random.default_rng(20240601)
