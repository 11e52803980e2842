"""A vectorised numpy implementation of the cost model, as a peer for benchmarks and checks.

It reads a scenario TOML file (the ``fleet`` preset by default) with ``tomllib`` and applies
the formulas of docs/model.md to all trials at once: draws of every uncertain input, units by
driver, Poisson and Bernoulli events, capacity and overflow, proportional allocation within a
role, discounting, totals and savings; rank correlations between parameters
(``[[correlations]]``) by rearranging their columns. It shares no code with the library;
only the scenario file is common.

Events follow the model's common random numbers (docs/model.md, "Event counts"): an activity
of the same name in both strategies with the same mean in a year has the same counts in every
trial (here: the first strategy's draw is reused), so a risk both strategies share cancels out
of the savings. Without that the savings of the presets would spread about seven times wider
(their shared compromise and failure events would add two unrelated draws), and a benchmark
"to the same precision" would compare different distributions.

    python benches/numpy_peer.py [--trials N] [--seed S] [--check]

``--check`` also runs the library on the same scenario and prints whether the two mean
savings agree within 4 standard errors.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
FLEET = ROOT / "presets" / "fleet.toml"
Z95 = 1.6448536269514722


def draw(spec: dict[str, Any], n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one distribution spec (a dict with ``dist``)."""
    family = spec["dist"]
    if family == "fixed":
        return np.full(n, float(spec["value"]))
    if family == "uniform":
        return rng.uniform(spec["low"], spec["high"], n)
    if family == "triangular":
        return rng.triangular(spec["low"], spec["mode"], spec["high"], n)
    if family == "pert":
        lo, mode, hi = spec["low"], spec["mode"], spec["high"]
        lam = spec.get("lambda", 4.0)
        a = 1 + lam * (mode - lo) / (hi - lo)
        b = 1 + lam * (hi - mode) / (hi - lo)
        return lo + (hi - lo) * rng.beta(a, b, n)
    if family == "lognormal":
        return rng.lognormal(spec["mu"], spec["sigma"], n)
    if family == "lognormal_ci90":
        lp5, lp95 = math.log(spec["p5"]), math.log(spec["p95"])
        return rng.lognormal((lp5 + lp95) / 2, (lp95 - lp5) / (2 * Z95), n)
    if family == "normal" and "low" not in spec and "high" not in spec:
        return rng.normal(spec["mean"], spec["sd"], n)
    if family == "beta":
        lo, hi = spec.get("low", 0.0), spec.get("high", 1.0)
        return lo + (hi - lo) * rng.beta(spec["alpha"], spec["beta"], n)
    if family == "gamma":
        return rng.gamma(spec["shape"], spec["scale"], n)
    if family == "poisson":
        return rng.poisson(spec["mean"], n).astype(float)
    if family == "bernoulli":
        return (rng.random(n) < spec["p"]).astype(float)
    raise NotImplementedError(f"numpy peer: distribution {family!r}")


class Inputs:
    """Resolves scenario values to per-trial arrays (or floats), one draw per input."""

    def __init__(self, scenario: dict[str, Any], n: int, rng: np.random.Generator) -> None:
        self.params = scenario.get("parameters", {})
        self.n = n
        self.rng = rng
        self.cache: dict[str, Any] = {}

    def value(self, v: Any, key: str) -> Any:
        if isinstance(v, (int, float)):
            return float(v)
        if isinstance(v, str):  # a parameter (possibly an alias)
            return self.value(self.params[v], v)
        if key not in self.cache:
            self.cache[key] = draw(v, self.n, self.rng)
        return self.cache[key]


def correlate(scenario: dict[str, Any], inp: Inputs, n: int, rng: np.random.Generator) -> None:
    """Draw the parameters named in ``[[correlations]]`` and pair them to the target rank
    correlations: each column is sorted and placed by the ranks of a column of correlated
    normal scores (Pearson ``2 sin(pi r / 6)``), so it keeps its own values. This is Iman &
    Conover's rearrangement without their correction for the scores' own sample
    correlation; a few sorts per column, the same kind of work the library does. Only
    parameter names are supported (what the presets use)."""
    pairs = scenario.get("correlations", [])
    if not pairs:
        return
    names = sorted({name for p in pairs for name in p["between"]})
    for name in names:
        if not isinstance(inp.params.get(name), dict):
            raise NotImplementedError(f"numpy peer: correlated {name!r} is not a parameter")
    target = np.eye(len(names))
    for p in pairs:
        i, j = (names.index(x) for x in p["between"])
        target[i, j] = target[j, i] = 2.0 * math.sin(math.pi * p["rank"] / 6.0)
    scores = rng.standard_normal((n, len(names))) @ np.linalg.cholesky(target).T
    for c, name in enumerate(names):
        column = np.sort(inp.value(inp.params[name], name))
        placed = np.empty(n)
        placed[np.argsort(scores[:, c], kind="stable")] = column
        inp.cache[name] = placed


def simulate(scenario: dict[str, Any], n: int, seed: int) -> dict[str, np.ndarray]:
    """Per-trial totals of each strategy, one-time costs and savings."""
    rng = np.random.default_rng(seed)
    inp = Inputs(scenario, n, rng)
    correlate(scenario, inp, n, rng)
    settings = scenario.get("settings", {})
    horizon = int(settings.get("horizon_years", 3))
    rate = 1 + inp.value(settings.get("discount_rate", 0.0), "settings.discount_rate")
    fleet = scenario.get("fleet", {})
    counts = {
        k: inp.value(fleet.get(k, 0.0), f"fleet.{k}") for k in ("nodes", "services", "clusters")
    }
    growth = 1 + inp.value(fleet.get("growth", 0.0), "fleet.growth")
    roles = {}
    for name, r in scenario.get("staffing", {}).items():
        p = f"staffing.{name}."
        hpy = inp.value(r.get("hours_per_year", 1800.0), p + "hours_per_year")
        share = inp.value(r.get("available_share", 1.0), p + "available_share")
        heads = inp.value(r["headcount"], p + "headcount")
        roles[name] = {
            "rate": inp.value(r["rate"], p + "rate"),
            "cap": heads * hpy * share,
            "m": inp.value(r.get("overflow_multiplier", 1.5), p + "overflow_multiplier"),
        }
    per = {"per_node": "nodes", "per_service": "services", "per_cluster": "clusters"}
    out: dict[str, np.ndarray] = {}
    # (activity name, year) -> (mean or probability, counts): common random numbers.
    shared: dict[tuple[str, int], tuple[Any, np.ndarray]] = {}

    def events(name: str, year: int, mean: Any, draw_counts: Any) -> np.ndarray:
        hit = shared.get((name, year))
        if hit is not None and np.array_equal(hit[0], mean):
            return hit[1]
        counts: np.ndarray = draw_counts(mean)
        shared[(name, year)] = (mean, counts)
        return counts

    for sname, strategy in scenario["strategies"].items():
        acts = []
        for a in strategy.get("activities", []):
            key = f"strategies.{sname}.{a['name']}."
            acts.append(
                {
                    "driver": a["driver"],
                    "f": inp.value(a.get("cycles_per_year", 1.0), key + "cycles_per_year"),
                    "p": None
                    if "probability" not in a
                    else inp.value(a["probability"], key + "probability"),
                    "h": inp.value(a.get("hours", 0.0), key + "hours"),
                    "people": inp.value(a.get("people", 1.0), key + "people"),
                    "c": inp.value(a.get("cost", 0.0), key + "cost"),
                    "role": a.get("role"),
                    "name": a["name"],
                }
            )
        once = np.zeros(n)
        for a in acts:
            if a["driver"] != "once":
                continue
            if a["p"] is None:
                occ: Any = 1.0
            else:
                p_once = np.broadcast_to(a["p"], (n,))
                occ = events(a["name"], 0, p_once, lambda p: (rng.random(n) < p).astype(float))
            role_rate = roles[a["role"]]["rate"] if a["role"] else 0.0
            once = once + occ * (a["h"] * a["people"] * role_rate + a["c"])
        total = once.copy()
        for y in range(1, horizon + 1):
            scale = growth ** (y - 1)
            hours = {r: np.zeros(n) for r in roles}
            direct = np.zeros(n)
            for a in acts:
                d = a["driver"]
                if d == "once":
                    continue
                if d == "yearly":
                    units: Any = 1.0
                elif d == "per_cycle":
                    units = a["f"]
                else:
                    units = counts[per[d]] * scale * a["f"]
                if a["p"] is None:
                    occ = units
                else:
                    mean = np.broadcast_to(units * a["p"], (n,))
                    occ = events(a["name"], y, mean, lambda m: rng.poisson(m).astype(float))
                if a["role"]:
                    hours[a["role"]] = hours[a["role"]] + occ * a["h"] * a["people"]
                direct = direct + occ * a["c"]
            year = direct
            for r, role in roles.items():
                load, cap = hours[r], role["cap"]
                over = np.maximum(load - cap, 0.0)
                year = year + role["rate"] * (np.minimum(load, cap) + role["m"] * over)
            total = total + year / rate**y
        out[f"{sname}.total"] = total
        out[f"{sname}.one_time"] = once
    cmp = scenario["comparison"]
    out["savings"] = out[f"{cmp['baseline']}.total"] - out[f"{cmp['alternative']}.total"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scenario", type=Path, default=FLEET)
    ap.add_argument("--check", action="store_true", help="compare mean savings with the library")
    args = ap.parse_args(argv)
    scenario = tomllib.loads(args.scenario.read_text(encoding="utf-8"))

    start = time.perf_counter()
    out = simulate(scenario, args.trials, args.seed)
    seconds = time.perf_counter() - start
    s = out["savings"]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"numpy peer: {args.trials:,} trials in {seconds:.3f} s "
        f"({args.trials / seconds:,.0f} trials/s), peak RSS {peak_mib:,.0f} MiB"
    )
    print(f"  mean savings {s.mean():,.2f} (se {s.std(ddof=1) / math.sqrt(s.size):,.2f})")

    if args.check:
        import repave_cost as rc

        r = rc.simulate(
            rc.Scenario.from_toml(args.scenario), trials=args.trials, seed=args.seed,
            progress=False,
        )  # fmt: skip
        ours = r.trials["savings"].to_numpy()
        se = math.hypot(ours.std(ddof=1) / math.sqrt(ours.size), s.std(ddof=1) / math.sqrt(s.size))
        gap = abs(ours.mean() - s.mean())
        ok = gap <= 4 * se
        print(
            f"  check: repave_cost mean savings {ours.mean():,.2f}, numpy {s.mean():,.2f}, "
            f"gap {gap:,.2f} = {gap / se:.2f} SE -> {'OK' if ok else 'MISMATCH'} (limit 4 SE)"
        )
        for name in out:
            if name == "savings":
                continue
            a, b = r.trials[name].to_numpy(), out[name]
            se_n = math.hypot(a.std(ddof=1), b.std(ddof=1)) / math.sqrt(a.size)
            z = abs(a.mean() - b.mean()) / se_n if se_n > 0 else 0.0
            print(f"    {name:<22} ours {a.mean():>14,.2f}  numpy {b.mean():>14,.2f}  {z:5.2f} SE")
            ok = ok and (z <= 4 or se_n == 0 and a.mean() == b.mean())
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
