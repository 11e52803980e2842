"""``report.html`` in a real browser: headless Chromium (Debian's package) loads it with no
console error and no network request, draws something, prints it to PDF, and shows the key
sentence. Without a browser the browser tests fail in CI (``CI`` set) and skip elsewhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
import repave_cost as rc
from _browser import Page, find_browser, in_ci
from PIL import Image
from repave_cost import _page
from repave_cost.report import CHARTS


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate("customer_repave", trials=3_000, seed=8)


@pytest.fixture(scope="module")
def folder(result: rc.Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rc.report(result, tmp_path_factory.mktemp("page") / "r", formats=["png"])


@pytest.fixture(scope="module")
def browser() -> str:
    path = find_browser()
    if path is None:
        message = "no Chromium found (Debian: apt-get install chromium; .ci/run does it)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def loaded(
    browser: str, folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, object]:
    """Everything the browser saw and made of the page, from one browser run."""
    with Page(browser, tmp_path_factory.mktemp("profile")) as page:
        page.open(folder / "report.html")
        return {
            "url": (folder / "report.html").resolve().as_uri(),
            "problems": page.problems(),
            "requests": page.requests(),
            "text": page.text(),
            "screenshot": page.screenshot(),
            "pdf": page.pdf(),
        }


def key_sentence(result: rc.Result) -> str:
    """The report's first sentence, from the summary's numbers (not from the page)."""
    yearly = result.summary(0.0, "savings_per_year").row(1, named=True)
    assert yearly["output"] == "savings_per_year"
    cur = result.currency
    return (
        f"{result.alternative.capitalize()} saves {rc.format_money(yearly['p50'], cur)} a year "
        f"at the median compared with {result.baseline}"
    )


def test_no_console_error(loaded: dict[str, object]) -> None:
    assert loaded["problems"] == []


def test_no_network_request(loaded: dict[str, object]) -> None:
    # the page's own file is the one request
    assert loaded["requests"] == [loaded["url"]]


def test_the_screenshot_is_not_blank(loaded: dict[str, object]) -> None:
    image = Image.open(io.BytesIO(loaded["screenshot"])).convert("L")  # type: ignore[arg-type]
    histogram = image.histogram()
    background = max(range(256), key=lambda v: histogram[v])
    share_drawn = 1 - histogram[background] / sum(histogram)
    assert share_drawn > 0.02, share_drawn


def test_printing_gives_pages(loaded: dict[str, object]) -> None:
    pdf = pypdf.PdfReader(io.BytesIO(loaded["pdf"]))  # type: ignore[arg-type]
    assert len(pdf.pages) >= 1
    assert "saves" in pdf.pages[0].extract_text()


def test_the_page_holds_the_key_sentence(loaded: dict[str, object], result: rc.Result) -> None:
    text = " ".join(str(loaded["text"]).split())
    assert key_sentence(result) in text
    for heading in ("Charts", "Summary", "Cost by strategy, activity and year", "Provenance"):
        assert heading in text
    assert result.scenario_hash in text


def test_the_page_is_self_contained(folder: Path) -> None:
    page = (folder / "report.html").read_text(encoding="utf-8")
    # every chart inline, nothing fetched: no src/href, no url(), no @import, no script
    assert page.count("<svg") == len(CHARTS)
    assert not re.search(r"\s(src|href)\s*=", page)
    assert "url(" not in page and "@import" not in page and "<script" not in page
    # the SVG namespace is the only address written in the page
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert "@media print" in page


def test_tables_hold_the_summary(folder: Path, result: rc.Result) -> None:
    page = (folder / "report.html").read_text(encoding="utf-8")
    savings = result.summary().row(0, named=True)
    assert savings["output"] == "savings"
    assert f"<td>{rc.format_money(savings['p50'], 'USD')}</td>" in page
    for row in result.breakdown().iter_rows(named=True):
        assert f'<td class="text">{row["activity"]}</td>' in page


def test_the_page_lists_the_inputs(loaded: dict[str, object], result: rc.Result) -> None:
    text = " ".join(str(loaded["text"]).split())
    assert "Uncertain inputs" in text
    for row in result.scenario.inputs().iter_rows(named=True):
        assert f"{row['family']}: {row['parameters']}" in text
        assert row["input"] in text


def test_no_page_when_not_asked(result: rc.Result, tmp_path: Path) -> None:
    folder = rc.report(result, tmp_path / "r", page=False, formats=["svg"])
    assert not (folder / "report.html").exists()


def test_markdown_of_the_report() -> None:
    got = _page.markdown_html("# T\n\nA **b** `c` <d>\nand e.\n\n```\nx < y\n```\n## R")
    assert got == (
        "<h1>T</h1>\n<p>A <strong>b</strong> <code>c</code> &lt;d&gt; and e.</p>\n"
        "<pre><code>x &lt; y</code></pre>\n<h2>R</h2>"
    )


def test_inline_svg_scales_with_the_page() -> None:
    svg = '<?xml version="1.0"?>\n<svg width="800" height="500" xmlns="x"><g/></svg>'
    got = _page.inline_svg(svg, "a <b>")
    assert got.startswith('<svg role="img" aria-label="a &lt;b&gt;" viewBox="0 0 800 500"')
    with pytest.raises(ValueError, match="no <svg>"):
        _page.inline_svg("<html/>", "x")
