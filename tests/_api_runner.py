"""Runs a batch of public-API calls in this (child) process for tests/test_api_properties.py.

Usage: ``python _api_runner.py WORKDIR RESULTS < batch.pickle``. The batch is a pickled list
of ``(index, target, args, kwargs)``. Arguments may hold markers (small dicts) that stand for
values that cannot travel by pickle or must be made here: the fixture objects (a result, a
sweep, a scenario, distributions, a chart), paths, numpy arrays and very deeply nested
lists. For each call the runner appends one JSON line to RESULTS *before* the call
(``{"start": index}``) and one after it (``{"done": index, ...}``), flushing each, so the
parent knows which call a crash (segfault, abort, a hard exit) interrupted.

The address space is limited (``API_RUNNER_MEMORY`` bytes, default 4 GiB) so a call that
tries to allocate without bound fails here instead of exhausting the machine.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import pickle
import resource
import sys
from pathlib import Path
from typing import Any

#: Fixture distributions, by name, that methods of Distribution are called on.
DISTRIBUTIONS = {
    "pert": ("pert", (1, 3, 8)),
    "pert_flat": ("pert", (0, 0, 1e-300)),
    "uniform": ("uniform", (-1e300, 1e300)),
    "normal_truncated": ("normal", (1, 2, 0, 3)),
    "lognormal": ("lognormal", (0, 1)),
    "lognormal_ci90": ("lognormal_ci90", (2_000, 60_000)),
    "beta_tiny": ("beta", (1e-3, 1e-3)),
    "gamma": ("gamma", (2.5, 3)),
    "poisson": ("poisson", (3.7,)),
    "bernoulli": ("bernoulli", (0.05,)),
    "discrete": ("discrete", ([1, 2, 3], [1, 0, 2])),
    "empirical": ("empirical", ([1, 2, 2, 5, 9],)),
    "fixed": ("fixed", (12.5,)),
    "triangular": ("triangular", (0, 1, 4)),
}


class Fixtures:
    """The objects that calls run on, made once per child process."""

    def __init__(self, workdir: Path) -> None:
        import repave_cost as rc

        self.rc = rc
        self.workdir = workdir
        self.counter = 0
        self.result = rc.simulate("fleet", trials=60, seed=1, progress=False)
        self.sweep = rc.sweep(
            "fleet", grid={"fleet.nodes": [10, 100]}, trials=40, seed=1, progress=False
        )
        self.scenario = rc.Scenario.preset("fleet")
        self.chart = self.result.plot.savings()
        self.dists = {
            name: getattr(rc, family)(*args) for name, (family, args) in DISTRIBUTIONS.items()
        }

    def fresh(self) -> Path:
        self.counter += 1
        return self.workdir / f"out{self.counter}"

    def fresh_cwd(self) -> Path:
        p = self.fresh()
        p.mkdir()
        return p

    def obj(self, name: str) -> Any:
        if name in self.dists:
            return self.dists[name]
        return {
            "result": self.result,
            "sweep": self.sweep,
            "scenario": self.scenario,
            "chart": self.chart,
            "dist": self.dists["pert"],
            "result_plot": self.result.plot,
            "sweep_plot": self.sweep.plot,
        }[name]

    def path(self, kind: str) -> Any:
        if kind == "fresh":
            return self.fresh() / "target.svg"
        if kind == "fresh_dir":
            return self.fresh()
        if kind == "unwritable":
            return Path("/proc/repave-cost-proptest/x/target.png")
        if kind == "existing_file":
            p = self.fresh()
            p.write_text("not a folder")
            return p
        if kind == "existing_dir":
            p = self.fresh()
            p.mkdir()
            (p / "keep.txt").write_text("keep")
            return p
        if kind == "str":
            return str(self.fresh())
        raise KeyError(kind)

    def decode(self, value: Any) -> Any:
        """Builds the real argument from its pickled description."""
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, inner),) = value.items()
                if key == "__obj__":
                    return self.obj(inner)
                if key == "__path__":
                    return self.path(inner)
                if key == "__array__":
                    import numpy as np

                    return np.asarray(inner, dtype=np.float64)
                if key == "__deep_list__":
                    out: Any = 1.0
                    for _ in range(inner):
                        out = [out]
                    return out
                if key == "__deep_dict__":
                    out = {"dist": "fixed", "value": 1}
                    for _ in range(inner):
                        out = {"a": out}
                    return out
                if key == "__scenario_dict__":
                    return self.scenario_dict(*inner)
                if key == "__scenario_json__":
                    return json.dumps(self.scenario_dict(*inner), allow_nan=True)
            return {self.decode(k): self.decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.decode(v) for v in value)
        return value

    def scenario_dict(self, path: str, raw: Any) -> dict[str, Any]:
        """The fleet preset as a dict with the field at `path` (dotted) set to `raw`."""
        data: Any = self.scenario.to_dict()
        value = self.decode(raw)
        keys = path.split(".")
        node = data
        for key in keys[:-1]:
            if isinstance(node, list):
                node = node[int(key) % max(len(node), 1)] if node else {}
            else:
                node = node.setdefault(key, {})
        if isinstance(node, list):
            if node:
                node[int(keys[-1]) % len(node)] = value
        else:
            node[keys[-1]] = value
        return dict(data)


def find_nan(value: Any, where: str = "result", depth: int = 0) -> str | None:
    """Where a NaN is in `value` (numbers, arrays, polars frames, containers), or None."""
    import numpy as np
    import polars as pl
    import repave_cost as rc

    if depth > 50:
        return None
    if isinstance(value, float):
        return where if math.isnan(value) else None
    if isinstance(value, np.floating):
        return where if bool(np.isnan(value)) else None
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and bool(np.isnan(value).any()):
            return where
        return None
    if isinstance(value, pl.Series):
        if value.dtype.is_float() and bool(value.is_nan().any()):
            return where
        return None
    if isinstance(value, pl.DataFrame):
        for name in value.columns:
            found = find_nan(value[name], f"{where}[{name!r}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(value, rc.Result):
        return find_nan(value.trials, f"{where}.trials", depth + 1)
    if isinstance(value, rc.SweepResult):
        return find_nan(value.table, f"{where}.table", depth + 1)
    if isinstance(value, (rc.Scenario, rc.Distribution)):
        return find_nan(value.to_dict(), f"{where}.to_dict()", depth + 1)
    if isinstance(value, dict):
        for k, v in value.items():
            found = find_nan(v, f"{where}[{k!r}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = find_nan(v, f"{where}[{i}]", depth + 1)
            if found:
                return found
    return None


def has_path(value: Any) -> bool:
    """Whether a path marker is among the arguments."""
    if isinstance(value, dict):
        return "__path__" in value or any(has_path(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_path(v) for v in value)
    return False


def judge(target: str, error: BaseException, args: Any) -> str | None:
    """Why `error` from `target` is a failure, or None when it is an allowed error."""
    if isinstance(error, (TypeError, ValueError)):
        return None
    # A path that cannot be read or written (missing folder, a folder given for a file, an
    # existing non-empty report folder, /proc) may raise the usual OSError.
    if isinstance(error, OSError) and has_path(args):
        return None
    if target == "cli.main" and isinstance(error, SystemExit) and error.code in (0, 2):
        return None  # argparse: --help/--version (0) and usage errors (2)
    return f"raised {type(error).__module__}.{type(error).__qualname__}"


def call(fixtures: Fixtures, target: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Calls ``target`` from a fresh working directory, so that a relative path among the
    generated arguments (``report(result, "lhs")``) writes there, not into the checkout."""
    cwd = os.getcwd()
    os.chdir(fixtures.fresh_cwd())
    try:
        return call_here(fixtures, target, args, kwargs)
    finally:
        os.chdir(cwd)


def call_here(fixtures: Fixtures, target: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    rc = fixtures.rc
    a = [fixtures.decode(x) for x in args]
    k = {key: fixtures.decode(v) for key, v in kwargs.items()}
    if target == "cli.main":
        from repave_cost.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(*a, **k)
        if code not in (0, 2, 130):
            raise AssertionError(f"exit code {code!r}")
        if "Traceback" in err.getvalue():
            raise AssertionError(f"traceback on stderr: {err.getvalue()[-500:]}")
        return code
    if "." in target:
        cls, method = target.split(".", 1)
        if (
            cls in ("Scenario", "Distribution")
            and method.startswith("from_")
            or method in ("preset",)
        ):
            fn = getattr(getattr(rc, cls), method)
            return fn(*a, **k)
        receiver, *rest = a
        return getattr(receiver, method)(*rest, **k)
    return getattr(rc, target)(*a, **k)


def main() -> None:
    limit = int(os.environ.get("API_RUNNER_MEMORY", str(4 << 30)))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    workdir, results = Path(sys.argv[1]), Path(sys.argv[2])
    batch = pickle.load(sys.stdin.buffer)
    fixtures = Fixtures(workdir)
    with results.open("a", encoding="utf-8") as log:

        def write(record: dict[str, Any]) -> None:
            log.write(json.dumps(record) + "\n")
            log.flush()  # on disk for the parent even if the next call kills us

        for index, target, args, kwargs in batch:
            write({"start": index})
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    out = call(fixtures, target, args, kwargs)
                nan = find_nan(out)
                failure = f"NaN in {nan}" if nan else None
                message = ""
            except BaseException as error:  # noqa: BLE001 - every kind is judged
                failure = judge(target, error, (args, kwargs))
                message = f"{type(error).__name__}: {str(error)[:300]}"
            write({"done": index, "failure": failure, "message": message})


if __name__ == "__main__":
    main()
