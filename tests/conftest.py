"""Shared helpers and fixtures for the Python test suite (more helpers in ``_helpers.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

import numpy as np
import pytest


def run_python(
    code: str, env: Mapping[str, str] | None = None, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (this one) with extra environment variables."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def rng() -> np.random.Generator:
    """An independent numpy generator with a fixed seed."""
    return np.random.default_rng(20240601)
