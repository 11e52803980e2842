"""A report's web page, ``report.html``: one self-contained file for a memo's reviewer.

The page holds the key sentences (the report's ``summary.md``), every chart as inline SVG,
the summary and breakdown tables, the uncertain inputs and the provenance. It loads
nothing: no script, no font, no stylesheet or image from elsewhere, so it opens the same
anywhere, offline too; its print styles make "print to PDF" a clean memo (A4 or Letter,
charts and tables kept whole on a page where they fit, table headers repeated).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from ._format import input_number, money, percent
from ._outputs import label, statistic_text

__all__ = ["markdown_html", "page_html", "inline_svg"]

#: The page's styles: screen first, then print.
STYLE = """
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --rule: #d5dae3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 2rem 1.5rem 4rem; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; background: #fff; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--rule);
  padding-bottom: .2rem; }
p.meta, figcaption, .note { color: var(--muted); font-size: .9rem; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .88rem; }
pre { background: #f5f7fa; padding: .6rem .8rem; overflow-x: auto; border-radius: 4px; }
figure { margin: 1.2rem 0; }
figure svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .88rem; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--rule); text-align: right;
  font-variant-numeric: tabular-nums; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
thead th { border-bottom: 2px solid var(--ink); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; }
dt { color: var(--muted); }
dd { margin: 0; }
@page { margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  figure, table, dl, pre { break-inside: avoid; }
  thead { display: table-header-group; }
  figure svg { max-height: 120mm; }
  section.charts figure { break-before: auto; }
}
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    """One line of the report's Markdown as HTML: escaped, with ``**bold**`` and
    ``code``."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    return _BOLD.sub(r"<strong>\1</strong>", out)


def markdown_html(text: str, first_heading: int = 1) -> str:
    """The Markdown the report writes (``summary.md``: ``#`` headings, paragraphs,
    ``**bold**``, ``code`` and fenced code blocks) as HTML; ``first_heading`` is the
    level a ``#`` heading becomes. Not a general Markdown reader: the report's own
    sentences are all it is given."""
    blocks: list[str] = []
    para: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if para:
            blocks.append("<p>" + " ".join(_inline(line) for line in para) + "</p>")
            para.clear()

    for line in text.splitlines():
        if code is not None:
            if line.startswith("```"):
                blocks.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
                code = None
            else:
                code.append(line)
            continue
        if line.startswith("```"):
            flush()
            code = []
        elif line.startswith("#"):
            flush()
            hashes = len(line) - len(line.lstrip("#"))
            level = min(6, hashes - 1 + first_heading)
            blocks.append(f"<h{level}>{_inline(line[hashes:].strip())}</h{level}>")
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
    flush()
    if code is not None:
        blocks.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
    return "\n".join(blocks)


_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([0-9.]+)(px)?"')


def inline_svg(svg: str, label_text: str) -> str:
    """An SVG document as an element to put in a page: without its XML prologue, scaled
    to the page's width (a ``viewBox`` from its size), named for screen readers."""
    body = _PROLOGUE.sub("", svg, count=1)
    root = _ROOT.search(body)
    if root is None:
        raise ValueError("not an SVG document: no <svg> element")
    tag = root.group(0)
    size = {m.group(1): m.group(2) for m in _SIZE.finditer(tag)}
    new = tag
    if "viewBox" not in tag and "width" in size and "height" in size:
        new = new.replace("<svg", f'<svg viewBox="0 0 {size["width"]} {size["height"]}"', 1)
    new = new.replace("<svg", f'<svg role="img" aria-label="{html.escape(label_text)}"', 1)
    return body[: root.start()] + new + body[root.end() :]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], text_columns: int = 1) -> str:
    def cells(tag: str, row: Sequence[str]) -> str:
        return "".join(
            f'<{tag} class="text">{c}</{tag}>' if j < text_columns else f"<{tag}>{c}</{tag}>"
            for j, c in enumerate(row)
        )

    head = cells("th", [html.escape(h) for h in headers])
    body = "\n".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _summary_table(result: Any, threshold: float, threshold_output: str) -> str:
    cur = result.currency
    rows = [
        [
            html.escape(label(r["output"])),
            *(
                html.escape(statistic_text(r[s], r["output"], cur))
                for s in ("p50", "p5", "p95", "mean")
            ),
            html.escape(percent(r["prob_above"])),
        ]
        for r in result.summary(threshold, threshold_output).iter_rows(named=True)
    ]
    above = f"P(> {money(threshold, cur)})"
    return _table(["output", "median", "p5", "p95", "mean", above], rows)


def _breakdown_table(result: Any) -> str:
    cur = result.currency
    frame = result.breakdown()
    text = [c for c in frame.columns if frame.schema[c] == pl.Utf8]
    rows = [
        [html.escape(str(r[c])) for c in text]
        + [str(r["year"])]
        + [html.escape(money(r[s], cur)) for s in ("mean", "p5", "p50", "p95")]
        for r in frame.iter_rows(named=True)
    ]
    return _table([*text, "year", "mean", "p5", "p50", "p95"], rows, len(text))


#: The statistics of an input the page shows (``Scenario.inputs()`` columns).
INPUT_STATISTICS = ("mean", "p5", "p50", "p95")


def _inputs_table(inputs: pl.DataFrame) -> str:
    """Each uncertain input: its label and name, its distribution as written, its exact
    mean and 90% interval with the median."""
    rows = [
        [
            f"{html.escape(r['label'])}<br><code>{html.escape(r['input'])}</code>",
            html.escape(f"{r['family']}: {r['parameters']}"),
            *(html.escape(input_number(r[s])) for s in INPUT_STATISTICS),
        ]
        for r in inputs.iter_rows(named=True)
    ]
    return _table(["input", "distribution", *INPUT_STATISTICS], rows, 2)


def page_html(
    result: Any,
    summary_markdown: str,
    charts: Sequence[tuple[str, str]],
    provenance: Sequence[tuple[str, Any]],
    threshold: float,
    threshold_output: str,
    inputs: pl.DataFrame | None = None,
) -> str:
    """The report's page: ``summary_markdown`` (the report's ``summary.md``) as its key
    sentences, ``charts`` as ``(name, SVG document)`` pairs, the summary and breakdown
    tables, ``inputs`` (a table of the uncertain inputs, when given) and ``provenance``
    ``(field, value)`` pairs."""
    title = f"{result.scenario.name or 'scenario'}: {result.alternative} compared with " + (
        f"{result.baseline}"
    )
    meta = (
        f"{result.n_trials:,} trials · seed {result.seed} · method {result.method} · "
        f"horizon {result.horizon_years} year{'s' if result.horizon_years != 1 else ''} · "
        f"repave-cost {result.version} · scenario {result.scenario_hash[:12]}"
    )
    # summary.md opens with the same title as the page: the page keeps one.
    lines = summary_markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    key_sentences = markdown_html("\n".join(lines), first_heading=2)
    figures = "\n".join(
        f'<figure id="chart-{html.escape(name)}">{inline_svg(svg, name + " chart")}'
        f"<figcaption>{html.escape(name.capitalize())} chart</figcaption></figure>"
        for name, svg in charts
    )
    inputs_part = (
        '<section class="inputs"><h2>Uncertain inputs</h2><p class="note">Each input as '
        "written in the scenario, in its own unit, with what its distribution implies "
        f"(exact values, not sampled).</p>{_inputs_table(inputs)}</section>"
        if inputs is not None and inputs.height
        else ""
    )
    facts = "\n".join(
        f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in provenance
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="repave-cost {html.escape(result.version)}">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><p class="meta">{html.escape(meta)}</p></header>
<main>
<section class="summary">{key_sentences}</section>
<section class="charts"><h2>Charts</h2>
{figures}
</section>
<section class="tables"><h2>Summary</h2>
<p class="note">Totals over the horizon are present values; medians lead, with the 90%
interval (p5 to p95) beside them.</p>
{_summary_table(result, threshold, threshold_output)}
<h2>Cost by strategy, activity and year</h2>
<p class="note">Present-value cost; year 0 holds one-time items.</p>
{_breakdown_table(result)}
</section>
{inputs_part}
<section class="provenance"><h2>Provenance</h2>
<dl>
{facts}
</dl>
</section>
</main>
</body>
</html>
"""
