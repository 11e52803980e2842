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

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import polars as pl

from . import _core
from ._atomic import write_bytes_atomic
from ._validate import shown

if TYPE_CHECKING:
    from .simulation import Result, SweepResult

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
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {shown(value)}")
        if not 200 <= value <= 10_000:
            raise _core.ScenarioError(f"{name} must be between 200 and 10000 px, got {value}")
    if theme not in ("light", "dark"):
        raise _core.ScenarioError(f"theme must be 'light' or 'dark', got {shown(theme)}")
    return {
        "width": width,
        "height": height,
        "title": title,
        "subtitle": subtitle,
        "theme": theme,
        "footer": bool(footer),
        "format": "svg",
    }


class ResultPlots:
    """Charts of a :class:`~repave_cost.Result`: ``result.plot.savings()`` and friends.

    Every method takes ``width``, ``height`` (pixels, default 1200×750), ``title``,
    ``subtitle``, ``theme`` (``"light"`` or ``"dark"``) and ``footer`` (print the
    provenance line) and returns a :class:`Chart`.
    """

    def __init__(self, result: Result) -> None:
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
        if threshold is not None and not (
            isinstance(threshold, (int, float)) and math.isfinite(threshold)
        ):
            raise _core.ScenarioError(f"threshold must be a finite number, got {shown(threshold)}")
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart(
            "savings", style, threshold=None if threshold is None else float(threshold)
        )

    def exceedance(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """P(X > x) against x for savings and for each strategy's total cost."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("exceedance", style)

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
        """Sensitivity swings of ``output``: the ``top`` inputs, largest swing on top."""
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise _core.ScenarioError(f"top must be a positive int, got {shown(top)}")
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("tornado", style, output=output, max_rows=top)

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
        """Cumulative cost per strategy over the years with p5–p95 bands; the year the
        median cumulative saving turns non-negative is marked as the payback year."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("cumulative", style)


def _label(path: str) -> str:
    """A readable axis label for a scenario path or output name."""
    for prefix in ("staffing.", "strategies.", "parameters."):
        path = path.replace(prefix, "")
    return path.replace(".", " ").replace("_", " ")


def _axis_values(table: pl.DataFrame, column: str) -> list[Any]:
    return table[column].unique(maintain_order=True).to_list()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


class SweepPlots:
    """Charts of a :class:`~repave_cost.SweepResult`: ``lines`` and ``heatmap``."""

    def __init__(self, sweep: SweepResult) -> None:
        self._sweep = sweep

    def _prov(self) -> tuple[int, int, str, str]:
        s = self._sweep
        return (s.seed, s.n_trials, s.method, s.scenario_hash)

    def _check_path(self, path: str, role: str) -> None:
        if path not in self._sweep.grid:
            raise _core.ScenarioError(
                f"{role}: {path!r} is not a grid path (grid: {', '.join(self._sweep.grid)})"
            )

    def lines(
        self,
        x: str | None = None,
        by: str | None = None,
        output: str = "savings",
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """``output``'s median against grid variable ``x`` with p5–p95 bands, one line per
        value of ``by``; break-even (where the median crosses 0) is marked.

        ``x`` defaults to the first grid path and ``by`` to the second, if any.
        """
        s = self._sweep
        paths = list(s.grid)
        x = x or paths[0]
        self._check_path(x, "x")
        if by is None and len(paths) > 1:
            by = next(p for p in paths if p != x)
        if by is not None:
            self._check_path(by, "by")
        rows = s.output(output)
        if rows.height == 0:
            raise _core.ScenarioError(f"output: unknown output {shown(output)}")
        others = [p for p in paths if p not in (x, by)]
        for p in others:  # hold other grid variables at their first value
            rows = rows.filter(pl.col(p) == s.grid[p][0])
        xs = _axis_values(rows, x)
        if not all(isinstance(v, (int, float)) for v in xs):
            raise _core.ScenarioError(f"x: grid values of {x} must be numbers to draw lines")
        groups = [None] if by is None else _axis_values(rows, by)
        series = []
        for g in groups:
            part = rows if g is None or by is None else rows.filter(pl.col(by) == g)
            part = part.sort(x)
            name = output if g is None else f"{_label(by or '')} = {_cell_text(g)}"
            series.append(
                (name, part["p5"].to_list(), part["p50"].to_list(), part["p95"].to_list())
            )
        options = _options(width, height, title, subtitle, theme, footer)
        years = s.scenario.to_dict()["settings"]["horizon_years"]
        if ".fte." in output:
            y_label = f"FTE in year {years}: {_label(output)}"
        elif output == "savings":
            y_label = f"Savings over {years} years"
        else:
            y_label = f"{_label(output)} cost over {years} years"
        x_sorted = sorted(float(v) for v in xs)

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_sweep_lines(
                x_sorted,
                _label(x),
                y_label,
                _label(by) if by else "",
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
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """A two-variable grid coloured by ``value`` of ``output``: ``"prob_above"`` (the
        probability that it exceeds the sweep's threshold) or a money statistic such as
        ``"p50"`` or ``"mean"``; values are written in the cells."""
        s = self._sweep
        paths = list(s.grid)
        if len(paths) < 2:
            raise _core.ScenarioError("grid: a heatmap needs a sweep over two grid paths")
        x = x or paths[0]
        y = y or next(p for p in paths if p != x)
        self._check_path(x, "x")
        self._check_path(y, "y")
        allowed = ("prob_above", "mean", "p5", "p10", "p50", "p90", "p95")
        if value not in allowed:
            raise _core.ScenarioError(
                f"value must be one of {', '.join(allowed)}, got {shown(value)}"
            )
        rows = s.output(output)
        if rows.height == 0:
            raise _core.ScenarioError(f"output: unknown output {shown(output)}")
        xs, ys = _axis_values(rows, x), _axis_values(rows, y)
        grid_values: list[list[float]] = []
        for yv in ys:
            row = []
            for xv in xs:
                cell = rows.filter((pl.col(x) == xv) & (pl.col(y) == yv))
                row.append(float(cell[value][0]))
            grid_values.append(row)
        kind = "probability" if value == "prob_above" else "money"
        threshold = _core.format_money(s.threshold, s.currency)
        scale = (
            f"P({_label(output)} > {threshold})"
            if kind == "probability"
            else f"{value} of {_label(output)}"
        )
        options = _options(width, height, title, subtitle, theme, footer)
        xl = [_cell_text(v) for v in xs]
        yl = [_cell_text(v) for v in ys]

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_heatmap(
                xl,
                yl,
                grid_values,
                kind,
                _label(x),
                _label(y),
                scale,
                s.currency,
                opts,
                self._prov(),
            )
            return data

        render(options)
        return Chart(render, "heatmap", options)
