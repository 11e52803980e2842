"""Results are freed as soon as the last reference to them goes: nothing that holds their
columns sits in a reference cycle, so memory does not wait for Python's cyclic collector."""

from __future__ import annotations

import gc
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import repave_cost as rc


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    """Turn the cyclic garbage collector off for the test: only reference counting frees."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def test_a_used_result_is_freed_by_reference_counting(no_cyclic_gc: None, tmp_path: Path) -> None:
    r = rc.simulate("fleet", trials=500, seed=1, progress=False)
    # Touch everything that caches or hands out objects referring to the result.
    assert r.trials.height == 500
    r.summary()
    r.breakdown()
    r.labour()
    r.sensitivity()
    r.cumulative()
    r.payback()
    r._repr_html_()
    repr(r)
    chart = r.plot.savings()
    chart.to_svg()
    r.plot.breakdown()
    rc.report(r, tmp_path / "report")
    gone = weakref.ref(r)
    del r
    assert gone() is None, gc.get_referrers(gone())
    chart.to_svg()  # a chart kept alive still renders: it holds the core, not the result


def test_a_used_sweep_is_freed_by_reference_counting(no_cyclic_gc: None, tmp_path: Path) -> None:
    s = rc.sweep("fleet", {"fleet.nodes": [10, 100], "fleet.clusters": [1, 2]}, trials=200)
    s.plot.lines()
    s.plot.heatmap()
    s.write(tmp_path / "sweep")
    s._repr_html_()
    repr(s)
    gone = weakref.ref(s)
    del s
    assert gone() is None


def _rss_mib() -> float:
    """Resident memory of this process in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_memory_of_a_simulate_and_breakdown_loop_stays_flat(no_cyclic_gc: None) -> None:
    trials, rounds = 50_000, 15

    def one(seed: int) -> None:
        r = rc.simulate("fleet", trials=trials, seed=seed, progress=False)
        r.breakdown()  # computes and keeps the per-activity columns: most of the memory
        r.plot.breakdown()

    before = _rss_mib()
    r = rc.simulate("fleet", trials=trials, seed=0, progress=False)
    r.breakdown()
    one_result = _rss_mib() - before  # what holding one result costs
    del r
    assert one_result > 20, f"one result took only {one_result:.1f} MiB; the test would be blind"
    one(1)  # let the allocator settle on its working set
    settled = _rss_mib()
    for seed in range(2, 2 + rounds):
        one(seed)
    growth = _rss_mib() - settled
    # A leak of every result would grow by about `rounds` results; allow two.
    assert growth < 2 * one_result, (
        f"memory grew by {growth:.0f} MiB over {rounds} rounds; one result is {one_result:.0f} MiB"
    )
