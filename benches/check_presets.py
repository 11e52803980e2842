"""Recompute the shipped presets with an independent numpy model, and print what they give.

This script is not part of the package. It re-implements the cost model of
``docs/model.md`` in vectorised numpy, reads the preset TOML files directly, and prints for
each preset the median, p5, p95 and mean of each strategy's total and of the savings, per
year and over the horizon. It checks nothing against the story: the presets are not
calibrated to any figure (docs/model.md, "What makes a comparison fair"); the tests use
``simulate`` below as an independent check of the engine's means.

It also prints the conditions sweeps of docs/defaults.md ("What the presets give"), and
recomputes the worked example of docs/model.md.

Usage::

    python benches/check_presets.py [--trials 20000] [--seed 20240601] [PRESET ...]
"""

from __future__ import annotations

import argparse
import copy
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - older interpreters
    import tomli as tomllib  # type: ignore[no-redef]

Z95 = 1.6448536269514722
PRESETS = Path(__file__).resolve().parent.parent / "presets"
QUANTILES = (5, 10, 50, 90, 95)
UNIT_KEYS = {"per_node": "nodes", "per_service": "services", "per_cluster": "clusters"}


# --------------------------------------------------------------------------- distributions


def draw(spec: dict[str, Any], rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw ``n`` values of one distribution table (one per trial)."""
    kind = spec["dist"]
    if kind == "fixed":
        return np.full(n, float(spec["value"]))
    if kind == "uniform":
        return rng.uniform(spec["low"], spec["high"], n)
    if kind == "triangular":
        return rng.triangular(spec["low"], spec["mode"], spec["high"], n)
    if kind == "pert":
        low, mode, high = spec["low"], spec["mode"], spec["high"]
        lam = spec.get("lambda", 4.0)
        span = high - low
        a = 1.0 + lam * (mode - low) / span
        b = 1.0 + lam * (high - mode) / span
        return low + span * rng.beta(a, b, n)
    if kind == "normal":
        mean, sd = spec["mean"], spec["sd"]
        low, high = spec.get("low", -math.inf), spec.get("high", math.inf)
        a, b = (low - mean) / sd, (high - mean) / sd
        return stats.truncnorm.rvs(a, b, loc=mean, scale=sd, size=n, random_state=rng)
    if kind == "lognormal":
        return rng.lognormal(spec["mu"], spec["sigma"], n)
    if kind == "lognormal_ci90":
        lo, hi = math.log(spec["p5"]), math.log(spec["p95"])
        return rng.lognormal((lo + hi) / 2.0, (hi - lo) / (2.0 * Z95), n)
    if kind == "beta":
        low, high = spec.get("low", 0.0), spec.get("high", 1.0)
        return low + (high - low) * rng.beta(spec["alpha"], spec["beta"], n)
    if kind == "gamma":
        return rng.gamma(spec["shape"], spec["scale"], n)
    if kind == "poisson":
        return rng.poisson(spec["mean"], n).astype(float)
    if kind == "bernoulli":
        return (rng.random(n) < spec["p"]).astype(float)
    if kind == "discrete":
        values = np.asarray(spec["values"], dtype=float)
        weights = np.asarray(spec.get("weights", np.ones(len(values))), dtype=float)
        return rng.choice(values, size=n, p=weights / weights.sum())
    if kind == "empirical":
        return rng.choice(np.asarray(spec["samples"], dtype=float), size=n)
    raise ValueError(f"unknown dist {kind!r}")


def ppf(spec: dict[str, Any], u: np.ndarray) -> np.ndarray:
    """The quantile function of one distribution table at the uniforms ``u`` (scipy), for
    the families correlated inputs use here."""
    kind = spec["dist"]
    if kind == "uniform":
        return np.asarray(stats.uniform.ppf(u, spec["low"], spec["high"] - spec["low"]))
    if kind == "triangular":
        low, mode, high = spec["low"], spec["mode"], spec["high"]
        return np.asarray(stats.triang.ppf(u, (mode - low) / (high - low), low, high - low))
    if kind == "pert":
        low, mode, high = spec["low"], spec["mode"], spec["high"]
        lam = spec.get("lambda", 4.0)
        span = high - low
        a = 1.0 + lam * (mode - low) / span
        b = 1.0 + lam * (high - mode) / span
        return np.asarray(low + span * stats.beta.ppf(u, a, b))
    if kind == "lognormal":
        return np.exp(spec["mu"] + spec["sigma"] * stats.norm.ppf(u))
    if kind == "lognormal_ci90":
        lo, hi = math.log(spec["p5"]), math.log(spec["p95"])
        return np.exp((lo + hi) / 2.0 + (hi - lo) / (2.0 * Z95) * stats.norm.ppf(u))
    if kind == "gamma":
        return np.asarray(stats.gamma.ppf(u, spec["shape"], scale=spec["scale"]))
    raise NotImplementedError(f"correlated {kind!r} inputs are not modelled here")


def draw_correlated(
    scenario: dict[str, Any], inp: Inputs, rng: np.random.Generator, n: int
) -> None:
    """Draw the parameters named in ``[[correlations]]`` jointly, by a Gaussian copula (a
    different route from the engine's Iman-Conover rearrangement, with the same marginals
    and, in the limit, the same rank correlations): normal scores with Pearson correlation
    ``2 sin(pi r / 6)``, through the normal CDF, into each parameter's quantile function.
    Only parameter names are supported (what the presets use)."""
    pairs = scenario.get("correlations", [])
    if not pairs:
        return
    params = scenario.get("parameters", {})
    names = sorted({name for p in pairs for name in p["between"]})
    for name in names:
        if not isinstance(params.get(name), dict):
            raise NotImplementedError(f"correlations: {name!r} is not a parameter distribution")
    k = len(names)
    target = np.eye(k)
    for p in pairs:
        i, j = (names.index(x) for x in p["between"])
        target[i, j] = target[j, i] = 2.0 * math.sin(math.pi * p["rank"] / 6.0)
    z = rng.standard_normal((n, k)) @ np.linalg.cholesky(target).T
    u = stats.norm.cdf(z)
    for c, name in enumerate(names):
        inp.cache[name] = inp.columns[name] = ppf(params[name], u[:, c])


class Inputs:
    """Resolves numeric fields to per-trial arrays; parameters are drawn once and shared."""

    def __init__(self, scenario: dict[str, Any], rng: np.random.Generator, n: int) -> None:
        self.params = scenario.get("parameters", {})
        self.rng = rng
        self.n = n
        self.cache: dict[str, np.ndarray] = {}
        self.columns: dict[str, np.ndarray] = {}

    def value(self, field: Any, path: str) -> np.ndarray:
        if isinstance(field, bool):
            raise TypeError(f"{path}: booleans are not numbers")
        if isinstance(field, (int, float)):
            return np.full(self.n, float(field))
        if isinstance(field, str):
            return self.param(field, ())
        out = draw(field, self.rng, self.n)
        self.columns[path] = out
        return out

    def param(self, name: str, seen: tuple[str, ...]) -> np.ndarray:
        if name in seen:
            raise ValueError(f"parameter cycle: {' -> '.join((*seen, name))}")
        if name not in self.cache:
            spec = self.params[name]
            if isinstance(spec, str):
                self.cache[name] = self.param(spec, (*seen, name))
            else:
                self.cache[name] = self.value(spec, name)
                self.columns[name] = self.cache[name]
        return self.cache[name]


# --------------------------------------------------------------------------------- model


def simulate(scenario: dict[str, Any], trials: int, seed: int) -> dict[str, Any]:
    """Run the model; returns per-trial arrays for every strategy and the comparison."""
    rng = np.random.default_rng(seed)
    inp = Inputs(scenario, rng, trials)
    draw_correlated(scenario, inp, rng, trials)
    settings = scenario.get("settings", {})
    horizon = int(settings.get("horizon_years", 3))
    rate_r = inp.value(settings.get("discount_rate", 0.0), "settings.discount_rate")
    fleet = scenario.get("fleet", {})
    counts = {k: inp.value(fleet.get(k, 0.0), f"fleet.{k}") for k in UNIT_KEYS.values()}
    growth = inp.value(fleet.get("growth", 0.0), "fleet.growth")

    roles = {}
    for role, spec in scenario.get("staffing", {}).items():
        path = f"staffing.{role}"
        r = {
            "rate": inp.value(spec["rate"], f"{path}.rate"),
            "headcount": inp.value(spec.get("headcount", 0.0), f"{path}.headcount"),
            "hours": inp.value(spec.get("hours_per_year", 1800.0), f"{path}.hours_per_year"),
            "share": inp.value(spec.get("available_share", 1.0), f"{path}.available_share"),
            "mult": inp.value(spec.get("overflow_multiplier", 1.5), f"{path}.overflow_multiplier"),
        }
        r["cap"] = r["headcount"] * r["hours"] * r["share"]
        roles[role] = r

    years = np.arange(1, horizon + 1)
    disc = (1.0 + rate_r[:, None]) ** years[None, :]  # trials x T
    scale = (1.0 + growth[:, None]) ** (years[None, :] - 1)

    results: dict[str, Any] = {"roles": roles, "horizon": horizon, "inputs": inp.columns}
    # Common random numbers for events, as in the engine: an activity's event uniforms are
    # keyed by its name, so the same activity in both strategies sees the same uniforms.
    uniforms: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def event_u(name: str, shape: tuple[int, ...]) -> np.ndarray:
        key = (name, shape)
        if key not in uniforms:
            uniforms[key] = rng.random(shape)
        return uniforms[key]

    for sname, strat in scenario["strategies"].items():
        once = np.zeros(trials)
        direct = np.zeros((trials, horizon))
        hours = {role: np.zeros((trials, horizon)) for role in roles}
        by_activity: dict[str, np.ndarray] = {}
        for i, act in enumerate(strat["activities"]):
            path = f"strategies.{sname}.activities[{i}]"
            drv = act["driver"]
            h = inp.value(act.get("hours", 0.0), f"{path}.hours")
            people = inp.value(act.get("people", 1.0), f"{path}.people")
            cost = inp.value(act.get("cost", 0.0), f"{path}.cost")
            f = inp.value(act.get("cycles_per_year", 1.0), f"{path}.cycles_per_year")
            prob = act.get("probability")
            p = None if prob is None else inp.value(prob, f"{path}.probability")
            role = act.get("role")
            if drv == "once":
                n = np.ones(trials) if p is None else (event_u(act["name"], (trials,)) < p)
                n = np.asarray(n, dtype=float)
                rate = roles[role]["rate"] if role else np.zeros(trials)
                o = n * (h * people * rate + cost)
                once += o
                by_activity[act["name"]] = o
                continue
            if drv == "yearly":
                units = np.ones((trials, horizon))
            elif drv == "per_cycle":
                units = np.repeat(f[:, None], horizon, axis=1)
            else:
                units = counts[UNIT_KEYS[drv]][:, None] * scale * f[:, None]
            if p is None:
                occ = units
            else:  # inversion of shared uniforms: equal means give equal counts
                occ = stats.poisson.ppf(event_u(act["name"], units.shape), units * p[:, None])
            direct += occ * cost[:, None]
            if role:
                hours[role] += occ * (h * people)[:, None]
            by_activity[act["name"]] = (occ * cost[:, None]).sum(axis=1)  # direct part
        labour = np.zeros((trials, horizon))
        over = {}
        for role, r in roles.items():
            cap = r["cap"][:, None]
            lab = hours[role]
            labour += r["rate"][:, None] * (
                np.minimum(lab, cap) + r["mult"][:, None] * np.maximum(lab - cap, 0.0)
            )
            over[role] = (lab > cap).any(axis=1)
        year_cost = labour + direct
        total = once + (year_cost / disc).sum(axis=1)
        results[sname] = {
            "once": once,
            "year": year_cost,
            "total": total,
            "hours": hours,
            "over": over,
            "labour": labour,
            "direct": direct,
            "by_activity": by_activity,
        }
    comp = scenario["comparison"]
    b, a = results[comp["baseline"]], results[comp["alternative"]]
    results["savings"] = b["total"] - a["total"]
    cs = (b["once"] - a["once"])[:, None] + np.cumsum((b["year"] - a["year"]) / disc, axis=1)
    cs = np.concatenate([(b["once"] - a["once"])[:, None], cs], axis=1)
    ok = cs >= 0
    results["payback"] = np.where(ok.any(axis=1), ok.argmax(axis=1), -1)
    return results


# ------------------------------------------------------------------------------- reports


def q(x: np.ndarray) -> str:
    p = np.percentile(x, QUANTILES)  # numpy's default linear interpolation
    cells = " ".join(f"p{k}={v:>11,.0f}" for k, v in zip(QUANTILES, p))
    return f"mean={x.mean():>11,.0f} {cells}"


KNOWN_KEYS = {
    "": {
        "name",
        "description",
        "settings",
        "fleet",
        "staffing",
        "parameters",
        "strategies",
        "comparison",
        "correlations",
        "finding_out",  # what learning an input costs, for reports: no cost of a strategy
    },
    "settings": {"horizon_years", "discount_rate", "currency"},
    "fleet": {"nodes", "services", "clusters", "growth"},
    "role": {"rate", "headcount", "hours_per_year", "available_share", "overflow_multiplier"},
    "strategy": {"description", "activities"},
    "activity": {
        "name",
        "driver",
        "cycles_per_year",
        "probability",
        "hours",
        "role",
        "people",
        "cost",
        "description",
        "practice",  # a tag for Result.attribution(): changes no cost
    },
    "comparison": {"baseline", "alternative"},
}
DRIVERS = {"once", "yearly", "per_cycle", "per_node", "per_service", "per_cluster"}


def check_keys(sc: dict[str, Any]) -> None:
    """Fail on fields the scenario format does not know (the engine rejects them too)."""

    def check(table: dict[str, Any], kind: str, path: str) -> None:
        unknown = set(table) - KNOWN_KEYS[kind]
        if unknown:
            raise ValueError(f"{path or 'top level'}: unknown fields {sorted(unknown)}")

    check(sc, "", "")
    for kind in ("settings", "fleet", "comparison"):
        check(sc.get(kind, {}), kind, kind)
    for role, spec in sc.get("staffing", {}).items():
        check(spec, "role", f"staffing.{role}")
    for sname, strat in sc["strategies"].items():
        check(strat, "strategy", f"strategies.{sname}")
        names = [a["name"] for a in strat["activities"]]
        if len(names) != len(set(names)):
            raise ValueError(f"strategies.{sname}: duplicate activity names")
        for i, act in enumerate(strat["activities"]):
            path = f"strategies.{sname}.activities[{i}]"
            check(act, "activity", path)
            if act["driver"] not in DRIVERS:
                raise ValueError(f"{path}: unknown driver {act['driver']!r}")
            if act.get("role") and act["role"] not in sc.get("staffing", {}):
                raise ValueError(f"{path}: unknown role {act['role']!r}")


def load(name: str) -> dict[str, Any]:
    with open(PRESETS / f"{name}.toml", "rb") as fh:
        sc = tomllib.load(fh)
    check_keys(sc)
    return sc


def report_preset(name: str, trials: int, seed: int) -> bool:
    """Print the totals and savings of one preset, per year and over the horizon."""
    sc = load(name)
    res = simulate(sc, trials, seed)
    horizon = res["horizon"]
    bname, aname = sc["comparison"]["baseline"], sc["comparison"]["alternative"]
    print(f"{name} (baseline {bname}, alternative {aname}; {horizon} year(s))")
    for label, x in (
        (f"{bname} total", res[bname]["total"]),
        (f"{aname} total", res[aname]["total"]),
        ("savings", res["savings"]),
    ):
        print(f"  {label:<28} {q(x)}")
        print(f"  {label + ' per year':<28} {q(x / horizon)}")
    print(f"  P(savings > 0) = {(res['savings'] > 0).mean():.3f}")
    for sname in (bname, aname):
        st = res[sname]
        for role, lab in st["hours"].items():
            if lab.any():
                print(
                    f"  {sname:<16} {role:<12} hours/yr mean={lab.mean():9,.0f} "
                    f"P(over capacity)={st['over'][role].mean():.3f}"
                )
    return True


def _with(sc: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of a scenario with fleet counts or parameters replaced."""
    out = copy.deepcopy(sc)
    for key, value in changes.items():
        if key in ("nodes", "services", "clusters"):
            out["fleet"][key] = value
        else:
            out["parameters"][key] = value
    return out


def report_conditions(trials: int, seed: int) -> bool:
    """When does the customer's saving reach $50K a year? One condition at a time."""
    sc = load("customer_repave")
    horizon = int(sc["settings"]["horizon_years"])
    print("customer_repave: median yearly saving (p5, p95), one condition changed at a time")
    cases: list[tuple[str, dict[str, Any]]] = [("as shipped", {})]
    cases += [(f"{n} nodes", {"nodes": n}) for n in (25, 50, 100, 400)]
    upgrades = sc["parameters"]["node_pool_upgrades_per_year"]
    cases += [
        # the repave cadence also sets the bound on a node foothold's dwell
        (f"{r} repaves a year", {"repaves_per_year": r,
                                 "node_dwell_days_with_repaves": 365 / (2 * (upgrades + r))})
        for r in (0, 4, 26, 52)
    ]  # fmt: skip
    cases += [
        ("unattended node replacement", {"attendance_per_node": 0}),
        ("hands-on share 2%", {"hands_on_share": 0.02}),
        ("no downtime cost", {"downtime_cost_per_failed_node_change": 0}),
        ("change failure rate 5%", {"change_failure_rate": 0.05}),
    ]
    for label, change in cases:
        y = simulate(_with(sc, change), trials, seed)["savings"] / horizon
        p5, p50, p95 = np.percentile(y, [5, 50, 95])
        print(f"  {label:<32} {p50:>10,.0f} ({p5:>10,.0f}, {p95:>10,.0f})")
    return True


WORKED_EXAMPLE = """
[settings]
horizon_years = 2
discount_rate = 0.10
[fleet]
nodes = 10
clusters = 1
[staffing.sre]
rate = 100
headcount = 1
hours_per_year = 1600
available_share = 0.125
overflow_multiplier = 1.5
[[strategies.repave.activities]]
name = "rebuild nodes"
driver = "per_node"
cycles_per_year = 12
hours = 2
role = "sre"
cost = 0.5
[[strategies.repave.activities]]
name = "CAB review"
driver = "per_cycle"
cycles_per_year = 12
hours = 0.5
people = 4
role = "sre"
[[strategies.repave.activities]]
name = "write runbook"
driver = "once"
hours = 10
role = "sre"
[[strategies.immutable.activities]]
name = "node-pool upgrade"
driver = "per_cluster"
cycles_per_year = 12
hours = 1
role = "sre"
[[strategies.immutable.activities]]
name = "build pipeline"
driver = "once"
hours = 40
role = "sre"
[comparison]
baseline = "repave"
alternative = "immutable"
"""


def report_example(trials: int, seed: int) -> bool:
    """Recompute the worked example of docs/model.md and compare with its figures."""
    sc = tomllib.loads(WORKED_EXAMPLE)
    check_keys(sc)
    res = simulate(sc, 1, seed)
    got = {
        "repave year cost": res["repave"]["year"][0, 0],
        "repave total": res["repave"]["total"][0],
        "immutable total": res["immutable"]["total"][0],
        "savings": res["savings"][0],
        "payback year": float(res["payback"][0]),
    }
    want = {
        "repave year cost": 29_660.0,
        "repave total": 52_476.03,
        "immutable total": 6_082.64,
        "savings": 46_393.39,
        "payback year": 1.0,
    }
    print("worked example (docs/model.md)")
    ok = True
    for key, value in want.items():
        good = abs(got[key] - value) < 0.01
        ok &= good
        print(
            f"  {key:<18} {got[key]:>12,.2f}  expected {value:>12,.2f}  {'OK' if good else 'FAIL'}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    names = ["vendor_initiative", "customer_repave", "fleet", "vm_fleet"]
    ap.add_argument("presets", nargs="*", default=["example", *names, "conditions"])
    ap.add_argument("--trials", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    ok = True
    for name in args.presets:
        if name == "example":
            ok &= report_example(args.trials, args.seed)
        elif name == "conditions":
            ok &= report_conditions(args.trials, args.seed)
        else:
            ok &= report_preset(name, args.trials, args.seed)
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
