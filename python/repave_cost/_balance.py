"""The warning for a ``sobol`` run whose trial count is not a power of two.

Sobol points keep their balance properties (one point in each of ``N`` equal strata of
every coordinate, and the balance of the leading dimensions in the elementary intervals)
only for ``N = 2**m`` points; any other count is valid but loses part of the variance
reduction, so it is a warning, not an error.
"""

from __future__ import annotations

import warnings

__all__ = ["SobolBalanceWarning", "warn_if_unbalanced"]


class SobolBalanceWarning(UserWarning):
    """A ``sobol`` run of a trial count that is not a power of two.

    The run is valid (each seed's estimate stays unbiased), but Sobol points are balanced
    only at ``2**m`` points; the message names the nearest powers of two. Silence it with
    ``warnings.simplefilter("ignore", rc.SobolBalanceWarning)``.
    """


def powers_of_two_around(n: int) -> tuple[int, int]:
    """The powers of two at or below and above ``n`` (``n >= 1`` not a power of two)."""
    below = 1 << (n.bit_length() - 1)
    return below, below * 2


def warn_if_unbalanced(method: str, trials: int, what: str, stacklevel: int) -> None:
    """Warn (``SobolBalanceWarning``) when ``method`` is ``"sobol"`` and ``trials``
    (1 or more) is not a power of two; ``what`` names the argument (``trials``, ``n``).

    ``stacklevel`` counts from the caller of this function, as for ``warnings.warn``."""
    if method != "sobol" or trials < 1 or trials & (trials - 1) == 0:
        return
    below, above = powers_of_two_around(trials)
    warnings.warn(
        f"sobol is balanced at powers of two trials; {what}={trials:,} is not one. "
        f"Use {below:,} (2**{below.bit_length() - 1}) or {above:,} "
        f"(2**{above.bit_length() - 1}) to keep every coordinate's strata filled",
        SobolBalanceWarning,
        stacklevel=stacklevel + 1,
    )
