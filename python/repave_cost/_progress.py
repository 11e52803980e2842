"""Progress bars for long runs, drawn by ``tqdm.auto``, and only where someone sees them.

``tqdm.auto`` picks the bar: in a Jupyter kernel a notebook widget (when ``ipywidgets``
is installed; otherwise tqdm warns once and draws a text bar), elsewhere a text bar on
stderr. By default a bar appears once a run has lasted :data:`DELAY` seconds, and only
when stderr is a terminal or a Jupyter kernel's stream: a log file or a pipe gets no
carriage-return updates.
"""

from __future__ import annotations

import reprlib
import sys
import time
import warnings
from typing import Any, Callable, TextIO, Union

from tqdm import TqdmExperimentalWarning

with warnings.catch_warnings():
    # tqdm.auto announces its notebook mode as "experimental" on import; the widget is
    # what the package wants in Jupyter, so the notice says nothing to the user.
    warnings.simplefilter("ignore", TqdmExperimentalWarning)
    from tqdm.auto import tqdm

#: What ``progress=`` accepts: ``None``/``"auto"`` (a bar for runs longer than about two
#: seconds, when stderr is a terminal), ``True`` (always, wherever stderr goes), ``False``
#: (never), or a callable ``f(done, total)``.
ProgressArg = Union[None, bool, str, Callable[[int, int], object]]

#: Seconds a run must last before the automatic bar appears.
DELAY = 2.0


def interactive(stream: TextIO) -> bool:
    """True when ``stream`` shows a bar as a bar: a terminal, or a Jupyter kernel's stream."""
    try:
        if stream.isatty():
            return True
    except (AttributeError, OSError, ValueError):
        return False
    return type(stream).__module__.split(".")[0] == "ipykernel"


class ProgressBar:
    """A ``tqdm.auto`` bar fed by ``(done, total)`` updates: a widget in Jupyter, else text
    on ``stream`` (default stderr).

    Nothing is drawn before ``delay`` seconds (default :data:`DELAY`); the bar ends with
    one final line at 100% however often the run reports completion.
    """

    def __init__(
        self, label: str, stream: TextIO | None = None, delay: float | None = None
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = DELAY if delay is None else delay
        self.start = time.monotonic()
        self.finished = False
        self._bar: tqdm[Any] | None = None

    def __call__(self, done: int, total: int) -> None:
        """Update the bar with ``done`` of ``total`` units of work."""
        if self.finished:
            return
        bar = self._bar
        if bar is None:  # created once the total is known, still counting the delay
            bar = self._bar = tqdm(
                total=total,
                desc=self.label,
                file=self.stream,
                delay=max(0.0, self.delay - (time.monotonic() - self.start)),
                leave=True,
                unit="",
                unit_scale=True,
                mininterval=0.2,
            )
        if total != bar.total:  # a precision-controlled run adds each batch as it starts
            bar.total = total
            bar.refresh()
        bar.update(max(0, min(done, total) - bar.n))
        if done >= total:
            self.finished = True
            bar.close()


def callback(progress: ProgressArg, label: str) -> Callable[[int, int], object] | None:
    """Resolve a ``progress=`` argument into a callback for the core, or ``None``."""
    if progress is False:
        return None
    if progress is None or progress == "auto":
        return ProgressBar(label) if interactive(sys.stderr) else None
    if progress is True:
        return ProgressBar(label, delay=0.0)
    if callable(progress):
        return progress
    # reprlib bounds the depth and length: a deeply nested argument must not turn the
    # TypeError into a RecursionError.
    shown = reprlib.repr(progress)
    raise TypeError(f"progress must be None, 'auto', a bool or a callable, got {shown}")
