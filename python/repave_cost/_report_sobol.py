"""The report's optional Sobol indices section: ``sobol_indices.csv``, the chart in each
format, and a paragraph appended to ``summary.md``. Written only when ``report`` is given
a :class:`~repave_cost.SensitivityIndices` (``report(..., sobol_indices=s)``)."""

from __future__ import annotations

from pathlib import Path

from .sensitivity import SensitivityIndices

__all__ = ["sobol_paragraph", "write_sobol_indices"]


def sobol_paragraph(s: SensitivityIndices) -> str:
    """One Markdown paragraph: the input with the largest total index, its first-order
    share, and how the indices were estimated."""
    top = s.table.sort("total", descending=True).row(0, named=True)
    interaction = max(top["total"] - top["first_order"], 0.0)
    return (
        "\n## Variance-based sensitivity\n\n"
        f"{top['label']} accounts for {top['first_order']:.0%} of the variance of "
        f"{s.output} on its own (95% interval {top['first_order_low']:.0%}–"
        f"{top['first_order_high']:.0%}) and {top['total']:.0%} with its interactions "
        f"({interaction:.0%} from interactions). Sobol indices from {s.base_points:,} base "
        f"points of `{s.method}` ({s.evaluations:,} trials, seed {s.seed}); see "
        "`sobol_indices.csv` and docs/model.md.\n"
    )


def write_sobol_indices(s: SensitivityIndices, folder: Path, formats: tuple[str, ...]) -> None:
    """Write the section's files into ``folder`` (the report's staging folder)."""
    if not isinstance(s, SensitivityIndices):
        raise TypeError(
            f"sobol_indices must be a SensitivityIndices from rc.sensitivity_indices(), "
            f"got {type(s).__name__}"
        )
    s.table.write_csv(folder / "sobol_indices.csv")
    chart = s.plot()
    for fmt in formats:
        chart.save(folder / f"sobol_indices.{fmt}")
    with (folder / "summary.md").open("a", encoding="utf-8") as out:
        out.write(sobol_paragraph(s))
