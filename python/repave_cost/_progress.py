"""A quiet-by-default progress bar for long runs, drawn on stderr."""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO, Union

#: What ``progress=`` accepts: ``None``/``"auto"`` (a bar only for runs longer than about
#: two seconds), ``True`` (always), ``False`` (never), or a callable ``f(done, total)``.
ProgressArg = Union[None, bool, str, Callable[[int, int], object]]

#: Seconds a run must last before the automatic bar appears.
DELAY = 2.0


class ProgressBar:
    """Draws ``[#####.....]  42%`` on a stream once a run has lasted ``delay`` seconds."""

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        """Update the bar with ``done`` of ``total`` units of work."""
        if not self.shown and time.monotonic() - self.start < self.delay:
            return
        self.shown = True
        share = done / total if total else 1.0
        width = 30
        filled = int(round(share * width))
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%}{end}")
        self.stream.flush()


def callback(progress: ProgressArg, label: str) -> Callable[[int, int], object] | None:
    """Resolve a ``progress=`` argument into a callback for the core, or ``None``."""
    if progress is False:
        return None
    if progress is None or progress == "auto":
        return ProgressBar(label)
    if progress is True:
        return ProgressBar(label, delay=0.0)
    if callable(progress):
        return progress
    raise TypeError(f"progress must be None, 'auto', a bool or a callable, got {progress!r}")
