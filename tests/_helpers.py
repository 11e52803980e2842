"""Shared helpers for the cost-model tests: small scenarios built as plain dicts."""

from __future__ import annotations

import copy
import hashlib
import math
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import polars as pl


def role(
    rate: Any = 100,
    headcount: Any = 1,
    hours_per_year: Any = 1800,
    available_share: Any = 1.0,
    overflow_multiplier: Any = 1.5,
) -> dict[str, Any]:
    """A staffing role as a dict."""
    return {
        "rate": rate,
        "headcount": headcount,
        "hours_per_year": hours_per_year,
        "available_share": available_share,
        "overflow_multiplier": overflow_multiplier,
    }


def activity(name: str, driver: str, **fields: Any) -> dict[str, Any]:
    """An activity as a dict."""
    return {"name": name, "driver": driver, **fields}


def scenario(
    baseline: list[dict[str, Any]],
    alternative: list[dict[str, Any]] | None = None,
    *,
    horizon: int = 1,
    discount: Any = 0.0,
    nodes: Any = 0,
    services: Any = 0,
    clusters: Any = 0,
    growth: Any = 0.0,
    staffing: dict[str, dict[str, Any]] | None = None,
    parameters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A scenario dict with strategies ``base`` (baseline) and ``alt`` (alternative).

    The default staff is one ``sre`` role at $100/h with effectively unlimited capacity.
    """
    return {
        "name": "test",
        "settings": {"horizon_years": horizon, "discount_rate": discount},
        "fleet": {"nodes": nodes, "services": services, "clusters": clusters, "growth": growth},
        "staffing": copy.deepcopy(staffing)
        if staffing is not None
        else {"sre": role(headcount=1000)},
        "parameters": copy.deepcopy(parameters) if parameters else {},
        "strategies": {
            "base": {"activities": copy.deepcopy(baseline)},
            "alt": {"activities": copy.deepcopy(alternative or [])},
        },
        "comparison": {"baseline": "base", "alternative": "alt"},
    }


def worked_example() -> dict[str, Any]:
    """The fixed-input example of docs/model.md (two years, 10% discount, 200 h capacity)."""
    return {
        "name": "worked example",
        "settings": {"horizon_years": 2, "discount_rate": 0.1},
        "fleet": {"nodes": 10, "clusters": 1},
        "staffing": {"sre": role(100, 1, 1600, 0.125, 1.5)},
        "strategies": {
            "repave": {
                "activities": [
                    activity(
                        "rebuild nodes",
                        "per_node",
                        cycles_per_year=12,
                        hours=2,
                        role="sre",
                        cost=0.5,
                    ),
                    activity(
                        "CAB review",
                        "per_cycle",
                        cycles_per_year=12,
                        hours=0.5,
                        people=4,
                        role="sre",
                    ),
                    activity("write runbook", "once", hours=10, role="sre"),
                ]
            },
            "immutable": {
                "activities": [
                    activity(
                        "node-pool upgrade", "per_cluster", cycles_per_year=12, hours=1, role="sre"
                    ),
                    activity("pipeline build", "once", hours=40, role="sre"),
                ]
            },
        },
        "comparison": {"baseline": "repave", "alternative": "immutable"},
    }


def close(actual: float, expected: float, rel: float = 1e-9) -> bool:
    """Relative closeness, exact when the expected value is 0."""
    if expected == 0:
        return actual == 0
    return abs(actual - expected) <= rel * abs(expected)


def assert_mean_within(samples: np.ndarray, expected: float, extra_se: float = 0.0) -> None:
    """The sample mean lies within 4 standard errors (from the data) of ``expected``;
    ``extra_se`` adds the standard error of an independent estimate of ``expected``."""
    samples = np.asarray(samples, dtype=float)
    se = samples.std(ddof=1) / np.sqrt(samples.size)
    tol = 4 * np.hypot(se, extra_se)
    assert tol > 0, "no spread: the test could not fail on a wrong mean"
    assert abs(samples.mean() - expected) <= tol, (
        f"mean {samples.mean()!r} vs expected {expected!r}: off by "
        f"{abs(samples.mean() - expected) / np.hypot(se, extra_se):.2f} SE"
    )


def table_bits(table: pl.DataFrame) -> list[tuple[str, str, list[bool], bytes | list[Any]]]:
    """A table as its columns' names, types, nulls and values, the numeric ones as their
    bytes (so -0.0 and 0.0, or two NaNs with different payloads, compare as different)."""
    out: list[tuple[str, str, list[bool], bytes | list[Any]]] = []
    for name in table.columns:
        column = table[name]
        nulls = column.is_null().to_list()
        if column.dtype.is_numeric():
            values: bytes | list[Any] = column.drop_nulls().to_numpy().tobytes()
        else:
            values = column.to_list()
        out.append((name, str(column.dtype), nulls, values))
    return out


def public_outputs(obj: Any) -> dict[str, Any]:
    """Everything ``obj`` shows, as values that compare with ``==``: its ``repr``, every
    public attribute and property (a table as :func:`table_bits`, a float by its bits),
    and what every public method returns when called with its defaults (a chart as its
    SVG text). A method that needs an argument fails here, so it cannot go unchecked."""

    def shown(value: Any) -> Any:
        if isinstance(value, pl.DataFrame):
            return table_bits(value)
        if isinstance(value, float):
            return ("float", value.hex())
        if isinstance(value, tuple):
            return tuple(shown(v) for v in value)
        if hasattr(value, "to_svg"):
            return ("chart", value.to_svg())
        return value

    out: dict[str, Any] = {"repr": repr(obj)}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        out[name] = shown(value() if callable(value) else value)
    return out


def result_hash(result: Any) -> str:
    """SHA-256 of a result's trials table (names and bytes of every column) and of its
    breakdown and labour tables, which come from the second, detailed pass."""
    h = hashlib.sha256()
    for name in result.trials.columns:
        h.update(name.encode())
        h.update(result.trials[name].to_numpy().tobytes())
    h.update(result.breakdown().write_csv().encode())
    h.update(result.labour().write_csv().encode())
    return h.hexdigest()


#: The charts a report writes, each as PNG and SVG unless told otherwise.
REPORT_CHARTS = (
    "savings",
    "exceedance",
    "tornado",
    "breakdown",
    "cumulative",
    "attribution",
    "value_of_information",
)
#: The other files a report writes.
REPORT_TABLES = (
    "summary.md",
    "inputs.csv",
    "summary.csv",
    "breakdown.csv",
    "labour.csv",
    "sensitivity.csv",
    "trials.parquet",
    "scenario.toml",
    "run.json",
    "report.xlsx",
    "report.html",
    "manifest.json",
)


def report_files(formats: tuple[str, ...] = ("png", "svg")) -> set[str]:
    """Every file name a report folder holds when its charts are written in `formats`."""
    return {f"{c}.{f}" for c in REPORT_CHARTS for f in formats} | set(REPORT_TABLES)


#: How soon after Ctrl-C (or a failing progress callback) a run must have stopped, in seconds.
STOP_WITHIN = 0.5
#: How long the work of a cancellation test would take if it were not cancelled, measured
#: in the test itself and in units of (delay before the signal + STOP_WITHIN): a run that
#: ignores the cancellation then misses the deadline by far on any machine.
UNCANCELLED_FACTOR = 10.0


def trials_lasting(seconds: float, per_trial: float, at_least: int = 1) -> int:
    """Trials for `seconds` of uncancelled work, from a measured cost of `per_trial`
    seconds per trial (measured on a smaller run of the same kind)."""
    assert per_trial > 0
    return max(at_least, math.ceil(seconds / per_trial))


def seconds_per_trial(call: Callable[[int], object], trials: int) -> float:
    """Seconds per trial of `call(trials)`, the best of two runs (the first also warms up)."""
    best = math.inf
    for _ in range(2):
        start = time.perf_counter()
        call(trials)
        best = min(best, time.perf_counter() - start)
    return best / trials


#: A line a child process prints when its run was stopped: ``stopped <time.monotonic()>``.
#: Linux and macOS share the monotonic clock between processes, so the parent can compare
#: it with the moment it sent the signal.
STOPPED = "stopped "


@dataclass
class Interrupted:
    """What :func:`interrupt_once_started` saw."""

    code: int
    out: str
    err: str
    #: Seconds from the signal to the line ``stopped <t>`` the child printed, if it did.
    stopped_after: float | None
    #: Seconds from the signal to the child's exit.
    exited_after: float


def interrupt_once_started(
    args: list[str], ready: str, timeout: float, delay: float, env: dict[str, str] | None = None
) -> Interrupted:
    """Starts `args`, waits for the line `ready` on its stdout and `delay` seconds more,
    checks it is still running, sends SIGINT and waits up to `timeout` seconds for it to end.

    The process is killed if the test fails before it ends."""
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first == ready, (first, proc.stderr.read() if proc.stderr else "")
        time.sleep(delay)
        assert proc.poll() is None, "the run finished before it could be interrupted"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=timeout)
        exited = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    stopped = [line for line in out.splitlines() if line.startswith(STOPPED)]
    stopped_after = float(stopped[0][len(STOPPED) :]) - sent if stopped else None
    return Interrupted(proc.returncode, out, err, stopped_after, exited)
