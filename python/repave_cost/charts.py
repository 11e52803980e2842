"""Charts drawn by the Rust core (PNG and SVG), shown inline in Jupyter.

Examples
--------
>>> import repave_cost as rc
>>> result = rc.simulate("customer_repave", trials=2_000)
>>> chart = result.plot.savings(threshold=150_000)
>>> "<svg" in chart.to_svg()
True
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import _core
from . import _validate as v
from ._atomic import write_bytes_atomic
from ._json import dumps

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

    Every chart carries its provenance, in PNG text chunks ``repave-cost:KEY`` and as
    attributes of the SVG's ``<metadata>`` (namespace ``urn:repave-cost:provenance``):
    ``version``, ``seed``, ``trials``, ``method`` and ``scenario`` (the scenario's hash);
    for a precision-controlled run also ``precision`` (every setting, e.g.
    ``relative=0.005 outputs=savings statistics=mean,p5,p50,p95 confidence=0.95
    max_trials=1048576``: its trials follow from those, the seed and the method). A fit's
    chart has no seed, trials or scenario but ``values`` (how many were fitted); a Sobol
    indices chart has ``base_points``, ``evaluations`` and ``resamples`` in place of
    ``trials``. The footer line (``footer=True``) prints the same in words.
    """

    def __init__(self, render: Renderer, kind: str, options: dict[str, Any]) -> None:
        self._render = render
        self.kind = kind
        self.options = options
        #: The core's chart object behind a sweep chart (its ``data()`` are the numbers
        #: and texts drawn); ``None`` for a result's charts.
        self._source: _core.SweepChart | None = None

    def _bytes(self, fmt: str) -> bytes:
        return self._render({**self.options, "format": fmt})

    def to_png(self) -> bytes:
        """The chart as PNG bytes (with provenance in text chunks)."""
        return self._bytes("png")

    def to_svg(self) -> str:
        """The chart as an SVG document (with provenance in ``<metadata>``)."""
        return self._bytes("svg").decode("utf-8")

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the chart to ``path`` (``.png`` or ``.svg``) atomically; return the path.

        Raises
        ------
        ScenarioError
            ``path`` does not end in ``.png`` or ``.svg``.
        IsADirectoryError, FileNotFoundError
            ``path`` is a folder, or its folder does not exist.
        """
        target, suffix = chart_path(path)
        write_bytes_atomic(target, self._bytes(suffix))
        return target

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def __repr__(self) -> str:
        o = self.options
        return f"<Chart {self.kind} {o['width']}×{o['height']} {o['theme']}>"


def chart_path(path: str | os.PathLike[str], name: str = "path") -> tuple[Path, str]:
    """``path`` checked as a place to save a chart, before any drawing (a command checks
    its chart option this way before it runs): it ends in ``.png`` or ``.svg`` (returned
    lower-case, without the dot), is not a folder, and its folder exists. ``name`` is the
    argument's name in the errors (``--chart`` on the command line)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path, got {type(path).__name__}")
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in ("png", "svg"):
        raise v.argument_error(name, f"{name} must end in .png or .svg, got {target.name!r}")
    if target.is_dir():
        raise IsADirectoryError(f"{name} {target}: a folder, not a file name")
    if not target.parent.is_dir():
        raise FileNotFoundError(
            errno.ENOENT,
            f"cannot write {name}: the folder {target.parent} does not exist",
            os.fspath(target),
        )
    return target, suffix


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
        "title": _text("title", title),
        "subtitle": _text("subtitle", subtitle),
        "theme": theme,
        "footer": v.flag("footer", footer),
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
        # A precision-controlled run's charts name the precision that decided its trials.
        convergence = self._result._convergence
        options = _options(**style)

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_result_chart(
                core, kind, opts, convergence=convergence, **extra
            )
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

    def attribution(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """One stacked bar of the mean saving split by practice (Repave, Rotate, Repair,
        other; see :meth:`Result.attribution`): a negative part stacks below zero, the net
        mean saving is written on top."""
        style = dict(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )
        return self._chart("attribution", style)

    def value_of_information(
        self,
        groups: Mapping[str, Sequence[str]] | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """Bars of each input's (and group's) EVPPI in the scenario's currency, largest
        first (at most 15), with ±2 standard error whiskers and the EVPI marked (see
        :meth:`Result.value_of_information`)."""
        from .value_of_information import groups_arg

        core = self._result._core
        convergence = self._result._convergence
        chosen = groups_arg(groups)
        options = _options(width, height, title, subtitle, theme, footer)
        chart = Chart(
            lambda o: _core.render_value_of_information(core, chosen, o, convergence),
            "value_of_information",
            options,
        )
        chart.to_svg()  # errors (groups, options) now, not at the first display
        return chart

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

    def convergence(
        self,
        output: str | None = None,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """How a precision-controlled run converged (``simulate(..., precision=...)``):
        each watched statistic of ``output`` (default: the first watched output) as a line
        of its estimates over the batches' trials (log scale), with its confidence interval
        as a band. The subtitle (unless given) states the confidence, the precision asked
        for and where it was reached. A plain run's result has no convergence: a
        :class:`~repave_cost.ScenarioError`."""
        if output is not None and not isinstance(output, str):
            raise TypeError(f"output must be a str, got {type(output).__name__}")
        convergence = self._result._convergence
        if convergence is None:
            message = (
                "precision: this result was simulated without precision=; "
                "run rc.simulate(..., precision=0.005) to chart its convergence"
            )
            raise _core.ScenarioError(message, [("precision", message)])
        options = _options(
            width=width, height=height, title=title, subtitle=subtitle, theme=theme, footer=footer
        )

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = convergence.render(opts, output)
            return data

        render(options)  # fail early on bad data, not at display time
        return Chart(render, "convergence", options)


class SweepPlots:
    """Charts of a :class:`~repave_cost.SweepResult`: ``lines`` and ``heatmap``.

    A chart shows two grid axes at most (``x`` and ``by``, or ``x`` and ``y``). When the
    sweep has more axes, each of the others must be held at one value with
    ``at={"path": value}`` (any path of a linked axis will do); the chart says so in its
    subtitle. Nothing is averaged over an axis or drawn on top of another.

    The core decides everything a chart shows (``src/figures/sweep.rs``); these methods
    pass the arguments on and return the chart.
    """

    def __init__(self, sweep: SweepView) -> None:
        self._sweep = sweep
        self._core_charts: _core.SweepCharts | None = None

    @property
    def _charts(self) -> _core.SweepCharts:
        """The core's view of the sweep (its table, axes, scenario and threshold), built on
        first use."""
        if self._core_charts is None:
            s = self._sweep
            columns = [(name, s.table[name].to_list()) for name in s.table.columns]
            axes = [(list(a), dumps([list(step) for step in s._steps[a]])) for a in s.axes]
            prov = (s.seed, s.n_trials, s.method, s.scenario_hash)
            self._core_charts = _core.SweepCharts(
                columns, axes, s.scenario._core, s.threshold, s.threshold_output, prov
            )
        return self._core_charts

    def _default_pair(
        self, first: str | None, at: Mapping[str, Any] | None
    ) -> tuple[str, str | None]:
        """The chart axes when not given: ``first`` (default: the first path of the first
        axis that ``at`` does not hold) and the first path of the next axis that ``at``
        does not hold, if any; axes with more than one step come before those with one."""
        return self._charts.default_pair(_text("x", first), _at(at))

    def _chart(self, kind: str, made: _core.SweepChart, style: dict[str, Any]) -> Chart:
        options = _options(**{**style, "subtitle": made.subtitle})
        made.render(options)  # fail early on bad data, not at display time
        chart = Chart(made.render, kind, options)
        chart._source = made
        return chart

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
        made = self._charts.lines(
            _text("x", x),
            _text("by", by),
            _text("output", output, optional=False),
            _at(at),
            _text("subtitle", subtitle),
        )
        style = dict(width=width, height=height, title=title, theme=theme, footer=footer)
        return self._chart("lines", made, style)

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
        made = self._charts.heatmap(
            _text("x", x),
            _text("y", y),
            _text("value", value, optional=False),
            _text("output", output, optional=False),
            _at(at),
            _text("subtitle", subtitle),
        )
        style = dict(width=width, height=height, title=title, theme=theme, footer=footer)
        return self._chart("heatmap", made, style)


def _text(name: str, value: Any, optional: bool = True) -> Any:
    """``value`` when it is a str (or ``None`` if ``optional``), else ``TypeError`` naming
    ``name``; the core checks what it names."""
    if not (isinstance(value, str) or (optional and value is None)):
        kind = "a str or None" if optional else "a str"
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__} {v.shown(value)}")
    return value


def _at(at: Any) -> list[tuple[str, str]]:
    """``at`` as (grid path, JSON value) pairs for the core (``None`` is none)."""
    if at is None:
        return []
    if not isinstance(at, Mapping) or not all(isinstance(k, str) for k in at):
        raise TypeError(f"at must be a mapping of grid path to value, got {v.shown(at)}")
    pairs = []
    for path, value in at.items():
        try:
            pairs.append((path, dumps(value)))
        except ValueError as err:
            message = f"at: {path} = {v.shown(value)}: {err}"
            raise _core.ScenarioError(message, [("at", message)]) from None
    return pairs
