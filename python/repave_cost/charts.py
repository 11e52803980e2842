"""Charts drawn by the Rust core (PNG and SVG), shown inline in Jupyter.

Examples
--------
>>> import repave_cost as rc
>>> result = rc.simulate("customer_repave", trials=2_000)
>>> chart = result.plot.savings(threshold=150_000)
>>> chart.to_svg().startswith("<svg")
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import polars as pl

from . import _core
from . import _validate as v
from ._atomic import write_bytes_atomic
from ._format import format_money

if TYPE_CHECKING:
    from ._types import ResultView, SweepView

__all__ = ["Chart", "ResultPlots", "SweepPlots"]

#: Default size: a 16:10 slide.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 750

Renderer = Callable[[dict[str, Any]], bytes]


class Chart:
    """A chart ready to render as PNG or SVG.

    Rendering happens on demand; ``save`` picks the format from the file suffix.
    In Jupyter the chart shows inline (``_repr_svg_`` and ``_repr_png_``).
    """

    def __init__(self, render: Renderer, kind: str, options: dict[str, Any]) -> None:
        self._render = render
        self.kind = kind
        self.options = options

    def _bytes(self, fmt: str) -> bytes:
        return self._render({**self.options, "format": fmt})

    def to_png(self) -> bytes:
        """The chart as PNG bytes (with provenance in text chunks)."""
        return self._bytes("png")

    def to_svg(self) -> str:
        """The chart as an SVG document (with provenance in ``<metadata>``)."""
        return self._bytes("svg").decode("utf-8")

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the chart to ``path`` (``.png`` or ``.svg``) atomically; return the path."""
        target = Path(path)
        suffix = target.suffix.lower().lstrip(".")
        if suffix not in ("png", "svg"):
            raise ValueError(f"path must end in .png or .svg, got {target.name!r}")
        write_bytes_atomic(target, self._bytes(suffix))
        return target

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def __repr__(self) -> str:
        o = self.options
        return f"<Chart {self.kind} {o['width']}×{o['height']} {o['theme']}>"


def _options(
    width: int, height: int, title: str | None, subtitle: str | None, theme: str, footer: bool
) -> dict[str, Any]:
    # Types are checked here; values (width and height integers in [200, 10000] px, the
    # theme "light" or "dark") by the core, which every chart is drawn by once when made.
    if not isinstance(theme, str):
        raise TypeError(f"theme must be a str, got {type(theme).__name__} {v.shown(theme)}")
    return {
        "width": width,
        "height": height,
        "title": title,
        "subtitle": subtitle,
        "theme": theme,
        "footer": bool(footer),
        "format": "svg",
    }


def _threshold(threshold: float | None) -> float | None:
    """A chart's threshold: ``None`` or a number (``TypeError`` for other types); the core
    checks that it is finite."""
    return None if threshold is None else v.number("threshold", threshold)


class ResultPlots:
    """Charts of a :class:`~repave_cost.Result`: ``result.plot.savings()`` and friends.

    Every method takes ``width``, ``height`` (pixels, default 1200×750), ``title``,
    ``subtitle``, ``theme`` (``"light"`` or ``"dark"``) and ``footer`` (print the
    provenance line) and returns a :class:`Chart`.
    """

    def __init__(self, result: ResultView) -> None:
        self._result = result

    def _chart(self, kind: str, style: dict[str, Any], **extra: Any) -> Chart:
        core = self._result._core
        options = _options(**style)

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_result_chart(core, kind, opts, **extra)
            return data

        render(options)  # fail early on bad data, not at display time
        return Chart(render, kind, options)

    def savings(
        self,
        threshold: float | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Histogram of savings with p5, median and p95 marked; with ``threshold``, a line
        there and the probability of exceeding it written on the chart."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("savings", style, threshold=_threshold(threshold))

    def exceedance(
        self,
        threshold: float | None = None,
        *,
        outputs: Sequence[str] | None = None,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """P(X > x) against x for each of ``outputs`` (amounts over the horizon, present
        value).

        ``outputs`` names outputs of :attr:`Result.outputs` (``"savings"``,
        ``"repave.total"``, ...); by default savings alone, since the strategies' totals run
        to many times the savings (shared risks and running costs count in both) and on one
        axis with them the savings curve would be squeezed into a sliver. Pass e.g.
        ``outputs=["repave.total", "immutable.total"]`` for the totals. A vertical line marks
        ``threshold`` (labelled "threshold $150K") when given, else zero, with each curve's
        probability of exceeding it. The x axis shows the bulk of every curve: a tail beyond
        a curve's 0.5th or 99.5th percentile is cut off when it would stretch the axis by
        more than half the width of that central range, and the plot then says which share
        of each curve's trials lies beyond the range shown.
        """
        names: list[str] | None = None
        if outputs is not None:
            if isinstance(outputs, str) or not all(isinstance(o, str) for o in outputs):
                raise TypeError(
                    f"outputs must be a sequence of output names, got {v.shown(outputs)}"
                )
            names = list(outputs)
            if not names:
                message = "outputs: give at least one output name"
                raise _core.ScenarioError(message, [("outputs", message)])
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("exceedance", style, threshold=_threshold(threshold), outputs=names)

    def tornado(
        self,
        output: str = "savings",
        top: int = 12,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Conditional means by decile of ``output`` (a tornado): for each of the ``top``
        inputs with the largest swing, the mean of ``output`` over the trials where that
        input is in its lowest decile and over those where it is in its highest, as bars
        from the overall mean. Not a one-at-a-time sensitivity: the other inputs vary as in
        the simulation. Inputs are named by their labels (``[parameter_labels]``, an
        activity's ``label``), else by a readable form of their path."""
        # top (an integer, 1 or more) is checked by the core, with the other integers.
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("tornado", style, output=output, top=top)

    def breakdown(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Stacked bars per strategy of the mean present-value cost of each activity."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("breakdown", style)

    def cumulative(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Cumulative cost per strategy over the years with p5–p95 bands; the payback year
        of the median cumulative saving (the first year from which it stays non-negative
        through the horizon) is marked."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("cumulative", style)


def _output_label(output: str) -> str:
    """Words for an output, the core's (``repave total cost``), as every chart writes it."""
    return str(_core.output_label(output))


def _cell_text(value: Any) -> str:
    """A grid value as a label: whole numbers with thousands separators (``1,000``)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Grid values equal as scenario values (``10 == 10.0``; ``True`` is not ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


class _Step:
    """One step of a grid axis: its values as given, and as the table holds them."""

    def __init__(self, values: tuple[Any, ...], cells: tuple[Any, ...]) -> None:
        self.values = values
        self.cells = cells


class SweepPlots:
    """Charts of a :class:`~repave_cost.SweepResult`: ``lines`` and ``heatmap``.

    A chart shows two grid axes at most (``x`` and ``by``, or ``x`` and ``y``). When the
    sweep has more axes, each of the others must be held at one value with
    ``at={"path": value}`` (any path of a linked axis will do); the chart says so in its
    subtitle. Nothing is averaged over an axis or drawn on top of another.
    """

    def __init__(self, sweep: SweepView) -> None:
        self._sweep = sweep

    def _label(self, path: str) -> str:
        """What the charts call the swept path ``path``: the core's label of the input it
        sets, as in ``Result.sensitivity()["label"]``."""
        return str(_core.path_labels(self._sweep.scenario.to_json(), [path])[0])

    def _prov(self) -> tuple[int, int, str, str]:
        s = self._sweep
        return (s.seed, s.n_trials, s.method, s.scenario_hash)

    def _axis(self, path: str, role: str) -> tuple[str, ...]:
        for axis in self._sweep.axes:
            if path in axis:
                return axis
        raise _core.ScenarioError(
            f"{role}: {v.shown(path)} is not a grid path (grid: {', '.join(self._sweep.grid)})"
        )

    def _steps(self, axis: tuple[str, ...]) -> list[_Step]:
        """The axis's distinct steps, in grid order."""
        s = self._sweep
        cells = s.table.select(list(axis)).unique(maintain_order=True).rows()
        given: list[tuple[Any, ...]] = []
        for step in s._steps[axis]:
            if not any(all(_same(a, b) for a, b in zip(step, g)) for g in given):
                given.append(step)
        if len(given) != len(cells):  # pragma: no cover - the core writes one row per step
            raise _core.ScenarioError(f"grid: the table does not match the axis {axis}")
        return [_Step(g, c) for g, c in zip(given, cells)]

    @staticmethod
    def _where(axis: tuple[str, ...], step: _Step) -> pl.Expr:
        return pl.all_horizontal([pl.col(p) == c for p, c in zip(axis, step.cells)])

    def _fixed(
        self, shown: list[tuple[str, ...]], at: Mapping[str, Any] | None
    ) -> tuple[pl.Expr, list[str]]:
        """A filter holding every axis not ``shown`` at one step, and its description.

        Axes with a single step need nothing; every other one needs a value in ``at``."""
        s = self._sweep
        at = _at(at)
        for path in at:
            axis = self._axis(path, "at")
            if axis in shown:
                raise _core.ScenarioError(
                    f"at: {path} is on an axis the chart shows; fix only the other axes"
                )
        keep: list[pl.Expr] = [pl.lit(True)]
        words: list[str] = []
        missing: list[str] = []
        for axis in s.axes:
            if axis in shown:
                continue
            steps = self._steps(axis)
            given = {p: at[p] for p in axis if p in at}
            if not given:
                if len(steps) > 1:
                    missing.append(axis[0])
                    continue
                match = steps
            else:
                match = [
                    st
                    for st in steps
                    if all(_same(st.values[axis.index(p)], v) for p, v in given.items())
                ]
            if len(match) != 1:
                path, value = next(iter(given.items()))
                options = ", ".join(_cell_text(st.values[axis.index(path)]) for st in steps)
                raise _core.ScenarioError(
                    f"at: {v.shown(path)} = {v.shown(value)} "
                    + ("is not one of its grid values" if not match else "is on several steps")
                    + f" (values: {options})"
                )
            keep.append(self._where(axis, match[0]))
            words.append(
                ", ".join(
                    f"{self._label(p)} = {_cell_text(v)}" for p, v in zip(axis, match[0].values)
                )
            )
        if missing:
            example = ", ".join(f"{p!r}: {_cell_text(s.grid[p][0])}" for p in missing)
            raise _core.ScenarioError(
                f"at: the sweep has {len(s.axes)} grid axes and a chart shows two; hold "
                f"{', '.join(missing)} at one value with at={{{example}}} (or similar)"
            )
        return pl.all_horizontal(keep), words

    def _axis_title(self, path: str, axis: tuple[str, ...]) -> str:
        others = [self._label(p) for p in axis if p != path]
        return self._label(path) + (f" (with {', '.join(others)})" if others else "")

    def _distinct(self, path: str, axis: tuple[str, ...], steps: list[_Step], role: str) -> None:
        values = [st.values[axis.index(path)] for st in steps]
        if len({json_key(v) for v in values}) != len(values):
            better = [p for p in axis if p != path]
            raise _core.ScenarioError(
                f"{role}: {path} repeats values along its linked axis "
                f"({', '.join(_cell_text(v) for v in values)}); use "
                f"{' or '.join(better)} instead"
            )

    def _default_pair(
        self, first: str | None, at: Mapping[str, Any] | None
    ) -> tuple[str, str | None]:
        """``first`` (default: the first path of the first axis that ``at`` does not hold)
        and the first path of the next axis that ``at`` does not hold, if any; axes with
        more than one step come before those with one."""
        s = self._sweep
        fixed = set(_at(at))
        # Axes that `at` does not hold, those with more than one step first.
        free = [a for a in s.axes if not fixed & set(a)]
        free.sort(key=lambda a: len(s._steps[a]) < 2)
        x = first or (free or s.axes)[0][0]
        x_axis = self._axis(x, "x")
        others = [a for a in free if a != x_axis]
        return x, (others[0][0] if others else None)

    def lines(
        self,
        x: str | None = None,
        by: str | None = None,
        output: str = "savings",
        at: Mapping[str, Any] | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """``output``'s median against grid path ``x`` with p5–p95 bands, one line per
        value of ``by``; break-even (where the median crosses 0) is marked.

        ``x`` defaults to the first grid path and ``by`` to the first path of the next
        grid axis not fixed by ``at``. Any further axis must be held at one value with
        ``at={"path": value}``; the subtitle (unless given) says where they are held.
        A path linked with ``x`` moves along with it and is named in the axis title.
        """
        s = self._sweep
        x, default_by = self._default_pair(x, at)
        x_axis = self._axis(x, "x")
        by = by if by is not None else default_by
        shown = [x_axis]
        by_axis: tuple[str, ...] | None = None
        if by is not None:
            by_axis = self._axis(by, "by")
            if by_axis == x_axis:
                raise _core.ScenarioError(f"by: {by} is linked with x ({x}); choose another axis")
            shown.append(by_axis)
        rows = s.output(output)
        if rows.height == 0:
            raise _core.ScenarioError(f"output: unknown output {v.shown(output)}")
        keep, fixed = self._fixed(shown, at)
        rows = rows.filter(keep)
        x_steps = self._steps(x_axis)
        self._distinct(x, x_axis, x_steps, "x")
        xs = [st.values[x_axis.index(x)] for st in x_steps]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in xs):
            raise _core.ScenarioError(f"x: grid values of {x} must be numbers to draw lines")
        order = sorted(range(len(xs)), key=lambda i: float(xs[i]))
        groups: list[_Step | None] = [None]
        if by_axis is not None:
            groups = list(self._steps(by_axis))
        series = []
        for g in groups:
            part = rows if g is None or by_axis is None else rows.filter(self._where(by_axis, g))
            bands: dict[str, list[float]] = {"p5": [], "p50": [], "p95": []}
            for i in order:
                row = part.filter(self._where(x_axis, x_steps[i])).row(0, named=True)
                for k in bands:
                    bands[k].append(float(row[k]))
            if g is None or by_axis is None or by is None:
                name = output
            else:
                name = f"{self._label(by)} = {_cell_text(g.values[by_axis.index(by)])}"
            series.append((name, bands["p5"], bands["p50"], bands["p95"]))
        if subtitle is None and fixed:
            subtitle = "At " + "; ".join(fixed)
        options = _options(width, height, title, subtitle, theme, footer)
        years = s.scenario.to_dict()["settings"]["horizon_years"]
        if ".fte." in output:
            y_label = f"FTE in year {years}: {_output_label(output)}"
        elif output == "savings":
            y_label = f"Savings over {years} years"
        else:
            y_label = f"{_output_label(output)} over {years} years"
        x_sorted = [float(xs[i]) for i in order]
        by_title = self._axis_title(by, by_axis) if by and by_axis else ""

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_sweep_lines(
                x_sorted,
                self._axis_title(x, x_axis),
                y_label,
                by_title,
                series,
                None,
                "" if ".fte." in output else s.currency,
                opts,
                self._prov(),
            )
            return data

        render(options)
        return Chart(render, "lines", options)

    def heatmap(
        self,
        x: str | None = None,
        y: str | None = None,
        value: str = "prob_above",
        output: str = "savings",
        at: Mapping[str, Any] | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Two grid axes, ``x`` and ``y``, coloured by ``value`` of ``output``:
        ``"prob_above"`` (the probability that it exceeds the sweep's threshold; only for the
        threshold's output) or a money statistic such as ``"p50"`` or ``"mean"``; values are
        written in the cells.

        ``x`` defaults to the first grid path and ``y`` to the first path of the next axis
        not fixed by ``at``; further axes must be held at one value with ``at``, as for
        :meth:`lines`. The cells of a linked axis are labelled with every path's value
        (``100 / 20 / 2``).
        """
        s = self._sweep
        x, default_y = self._default_pair(x, at)
        x_axis = self._axis(x, "x")
        y = y if y is not None else default_y
        if y is None:
            raise _core.ScenarioError(
                "grid: a heatmap needs a sweep over two grid paths that are not linked "
                "(two grid axes)"
            )
        y_axis = self._axis(y, "y")
        if y_axis == x_axis:
            raise _core.ScenarioError(f"y: {y} is linked with x ({x}); choose another axis")
        allowed = ("prob_above", "mean", "p5", "p10", "p50", "p90", "p95")
        if value not in allowed:
            raise _core.ScenarioError(
                f"value must be one of {', '.join(allowed)}, got {v.shown(value)}"
            )
        rows = s.output(output)
        if rows.height == 0:
            raise _core.ScenarioError(f"output: unknown output {v.shown(output)}")
        if value == "prob_above" and output != s.threshold_output:
            raise _core.ScenarioError(
                f"value: 'prob_above' is there only for the threshold's output "
                f"({s.threshold_output!r}), not {v.shown(output)}; sweep with "
                f"threshold_output={v.shown(output)} or choose another value such as 'p50'"
            )
        keep, fixed = self._fixed([x_axis, y_axis], at)
        rows = rows.filter(keep)
        x_steps, y_steps = self._steps(x_axis), self._steps(y_axis)
        self._distinct(x, x_axis, x_steps, "x")
        self._distinct(y, y_axis, y_steps, "y")
        grid_values: list[list[float]] = []
        for ys in y_steps:
            line = rows.filter(self._where(y_axis, ys))
            grid_values.append(
                [float(line.filter(self._where(x_axis, xs))[value][0]) for xs in x_steps]
            )
        kind = "probability" if value == "prob_above" else "money"
        threshold = format_money(s.threshold, s.currency)
        scale = (
            f"P({_output_label(output)} > {threshold})"
            if kind == "probability"
            else f"{value} of {_output_label(output)}"
        )
        if subtitle is None and fixed:
            subtitle = "At " + "; ".join(fixed)
        options = _options(width, height, title, subtitle, theme, footer)
        # A linked axis shows every path's value at each step: "100 / 20 / 2".
        xl = [" / ".join(map(_cell_text, st.values)) for st in x_steps]
        yl = [" / ".join(map(_cell_text, st.values)) for st in y_steps]
        x_title = " / ".join(map(self._label, x_axis))
        y_title = " / ".join(map(self._label, y_axis))

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_heatmap(
                xl,
                yl,
                grid_values,
                kind,
                x_title,
                y_title,
                scale,
                s.currency,
                opts,
                self._prov(),
            )
            return data

        render(options)
        return Chart(render, "heatmap", options)


def _at(at: Any) -> dict[str, Any]:
    """``at`` as a dict of grid path to value (``None`` is empty)."""
    if at is None:
        return {}
    if not isinstance(at, Mapping) or not all(isinstance(k, str) for k in at):
        raise TypeError(f"at must be a mapping of grid path to value, got {v.shown(at)}")
    return dict(at)


def json_key(value: Any) -> str:
    """A hashable key of a grid value (numbers compare by value: ``10`` is ``10.0``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(float(value))
    return json.dumps(value, sort_keys=True)
