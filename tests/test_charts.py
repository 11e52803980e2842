"""Charts of results and sweeps: real PNG and SVG files of the requested size, not blank,
with their title, axis labels and provenance, and the same without fontconfig."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
import repave_cost as rc
from conftest import run_python
from PIL import Image

SVG = "{http://www.w3.org/2000/svg}"
PROV = "{urn:repave-cost:provenance}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

RESULT_SEED, RESULT_TRIALS = 7, 2_000
SWEEP_SEED, SWEEP_TRIALS = 11, 400


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate("customer_repave", trials=RESULT_TRIALS, seed=RESULT_SEED)


@pytest.fixture(scope="module")
def sweep() -> rc.SweepResult:
    grid = {"fleet.nodes": [10, 100, 1000], "staffing.sre.headcount": [1, 2, 4]}
    return rc.sweep("fleet", grid=grid, trials=SWEEP_TRIALS, seed=SWEEP_SEED)


# ---------------------------------------------------------------- decoding helpers


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk of a PNG as (type, payload), checking the signature and each CRC."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG signature"
    chunks = []
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        payload = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + payload) == crc, f"bad CRC in {kind!r} chunk"
        chunks.append((kind, payload))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png_chunks(data)[0][1][:8])
    return width, height


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt, zTXt and iTXt chunks of a PNG as keyword → text."""
    out = {}
    for kind, payload in png_chunks(data):
        if kind == b"tEXt":
            key, _, text = payload.partition(b"\0")
            out[key.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = payload.partition(b"\0")
            out[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = payload.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            if compressed:
                text = zlib.decompress(text)
            out[key.decode("latin-1")] = text.decode("utf-8")
    return out


def png_pixels(data: bytes) -> np.ndarray:
    """Decoded RGB pixels (height × width × 3)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return np.asarray(image.convert("RGB"), dtype=np.float64)


def svg_root(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def svg_texts(root: ET.Element) -> list[str]:
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def svg_provenance(root: ET.Element) -> dict[str, str]:
    found = list(root.iter(f"{PROV}provenance"))
    assert len(found) == 1, "expected one provenance element in <metadata>"
    return {k.removeprefix(PROV): v for k, v in found[0].attrib.items()}


# ---------------------------------------------------------------- the charts


ChartFactory = Callable[..., rc.Chart]

RESULT_CHARTS: dict[str, Callable[[rc.Result], ChartFactory]] = {
    "savings": lambda r: lambda **kw: r.plot.savings(threshold=150_000, **kw),
    "exceedance": lambda r: r.plot.exceedance,
    "tornado": lambda r: lambda **kw: r.plot.tornado(output="savings", top=6, **kw),
    "breakdown": lambda r: r.plot.breakdown,
    "cumulative": lambda r: r.plot.cumulative,
}
SWEEP_CHARTS: dict[str, Callable[[rc.SweepResult], ChartFactory]] = {
    "lines": lambda s: (
        lambda **kw: s.plot.lines(x="fleet.nodes", by="staffing.sre.headcount", **kw)
    ),
    "heatmap": lambda s: (
        lambda **kw: s.plot.heatmap(
            x="fleet.nodes", y="staffing.sre.headcount", value="prob_above", **kw
        )
    ),
}
ALL_CHARTS = [*RESULT_CHARTS, *SWEEP_CHARTS]


def factory(kind: str, result: rc.Result, sweep: rc.SweepResult) -> ChartFactory:
    if kind in RESULT_CHARTS:
        return RESULT_CHARTS[kind](result)
    return SWEEP_CHARTS[kind](sweep)


def expected_provenance(kind: str) -> tuple[int, int]:
    return (RESULT_SEED, RESULT_TRIALS) if kind in RESULT_CHARTS else (SWEEP_SEED, SWEEP_TRIALS)


def axis_labels(kind: str, years: int) -> list[str]:
    """Words each chart's axes must carry (from the chart definitions in figures.rs and
    charts.py: a savings axis names the horizon; sweep axes name the grid variables)."""
    return {
        "savings": [f"Savings over {years} years", "Share of trials"],
        "exceedance": [f"over {years} years", "Probability of exceeding"],
        "tornado": ["Mean savings"],
        "breakdown": [f"Mean cost over {years} years"],
        "cumulative": ["Year", "Cumulative cost"],
        "lines": ["Nodes", f"Savings over {years} years"],
        "heatmap": ["Nodes", "sre headcount"],
    }[kind]


# ---------------------------------------------------------------- PNG


@pytest.mark.parametrize(
    "size", [None, (900, 600), (400, 1000)], ids=["default", "900x600", "tall"]
)
@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_png_decodes_at_requested_size_and_is_not_blank(
    kind: str, size: tuple[int, int] | None, result: rc.Result, sweep: rc.SweepResult
) -> None:
    kw: dict[str, Any] = {} if size is None else {"width": size[0], "height": size[1]}
    chart = factory(kind, result, sweep)(**kw)
    data = chart.to_png()
    want = size or (1200, 750)
    assert png_size(data) == want
    pixels = png_pixels(data)
    assert pixels.shape == (want[1], want[0], 3)
    assert pixels.std() > 10, "the image is (nearly) one flat colour"
    # a chart has background, text and data colours: many distinct colours
    distinct = np.unique(pixels.reshape(-1, 3), axis=0).shape[0]
    assert distinct > 20
    # and ink in more than one region: not just a title on an empty canvas
    background = np.median(pixels.reshape(-1, 3), axis=0)
    inked = np.abs(pixels - background).sum(axis=2) > 60
    h, w = inked.shape
    quadrants = [
        inked[: h // 2, : w // 2],
        inked[: h // 2, w // 2 :],
        inked[h // 2 :, : w // 2],
        inked[h // 2 :, w // 2 :],
    ]
    assert sum(q.mean() > 0.002 for q in quadrants) >= 3


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_png_carries_provenance_in_text_chunks(
    kind: str, result: rc.Result, sweep: rc.SweepResult
) -> None:
    text = png_text(factory(kind, result, sweep)(title="Provenance check").to_png())
    seed, trials = expected_provenance(kind)
    assert text["repave-cost:seed"] == str(seed)
    assert text["repave-cost:trials"] == str(trials)
    assert text["repave-cost:method"] == "random"
    assert text["repave-cost:version"] == rc.__version__
    assert text["Title"] == "Provenance check"
    assert text["Software"].startswith("repave-cost")


def test_png_provenance_follows_the_run() -> None:
    a = rc.simulate("fleet", trials=300, seed=1).plot.savings().to_png()
    b = rc.simulate("fleet", trials=301, seed=2, method="lhs").plot.savings().to_png()
    ta, tb = png_text(a), png_text(b)
    assert (ta["repave-cost:seed"], ta["repave-cost:trials"]) == ("1", "300")
    assert (tb["repave-cost:seed"], tb["repave-cost:trials"]) == ("2", "301")
    assert tb["repave-cost:method"] == "lhs"
    # same scenario: same scenario hash; a changed scenario: another hash
    assert ta["repave-cost:scenario"] == tb["repave-cost:scenario"]
    other = rc.Scenario.preset("fleet").replace({"fleet.nodes": 201})
    tc = png_text(rc.simulate(other, trials=300, seed=1).plot.savings().to_png())
    assert tc["repave-cost:scenario"] != ta["repave-cost:scenario"]


# ---------------------------------------------------------------- SVG


@pytest.mark.parametrize("size", [None, (900, 600)], ids=["default", "900x600"])
@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_svg_parses_with_size_title_and_axis_labels(
    kind: str, size: tuple[int, int] | None, result: rc.Result, sweep: rc.SweepResult
) -> None:
    title = f"Custom title for {kind} & <friends>"
    kw: dict[str, Any] = {"title": title}
    if size is not None:
        kw.update(width=size[0], height=size[1])
    root = svg_root(factory(kind, result, sweep)(**kw).to_svg())
    assert root.tag == f"{SVG}svg"
    want = size or (1200, 750)
    assert (float(root.get("width", "0")), float(root.get("height", "0"))) == want
    texts = svg_texts(root)
    assert title in texts, "the custom title is not drawn as <text>"
    years = rc.Scenario.preset("customer_repave" if kind in RESULT_CHARTS else "fleet").to_dict()[
        "settings"
    ]["horizon_years"]
    for label in axis_labels(kind, years):
        assert any(label in t for t in texts), f"axis label {label!r} missing from {texts}"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == title  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_control_characters_in_a_title_are_drawn_as_spaces_and_the_svg_stays_xml(
    kind: str, result: rc.Result, sweep: rc.SweepResult
) -> None:
    # A NUL or an escape may not appear in XML 1.0: drawn raw, the SVG did not parse.
    chart = factory(kind, result, sweep)(title="cost\x00per\x1bnode", subtitle="a\tb\nc")
    texts = svg_texts(svg_root(chart.to_svg()))
    assert "cost per node" in texts
    assert any("a b c" in t for t in texts)
    chart.to_png()


@pytest.mark.parametrize("field", ["title", "subtitle"])
def test_a_title_that_is_not_text_is_a_type_error_naming_it(field: str, result: rc.Result) -> None:
    with pytest.raises(TypeError, match=f"^{field} must be a str or None, got int 3"):
        result.plot.savings(**{field: 3})


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_svg_carries_provenance_in_metadata_and_footer(
    kind: str, result: rc.Result, sweep: rc.SweepResult
) -> None:
    make = factory(kind, result, sweep)
    seed, trials = expected_provenance(kind)
    root = svg_root(make().to_svg())
    prov = svg_provenance(root)
    assert prov["seed"] == str(seed)
    assert prov["trials"] == str(trials)
    assert prov["method"] == "random"
    assert prov["version"] == rc.__version__
    footer = [t for t in svg_texts(root) if f"seed {seed}" in t]
    assert footer and f"{trials:,} trials" in footer[0]
    # without the footer line the metadata stays but the printed line goes
    quiet = svg_root(make(footer=False).to_svg())
    assert svg_provenance(quiet)["seed"] == str(seed)
    assert not [t for t in svg_texts(quiet) if f"seed {seed}" in t]


def test_savings_threshold_is_written_as_money(result: rc.Result) -> None:
    texts = svg_texts(svg_root(result.plot.savings(threshold=150_000).to_svg()))
    assert any("$150K" in t for t in texts)
    assert not any("$150K" in t for t in svg_texts(svg_root(result.plot.savings().to_svg())))


def test_tornado_shows_at_most_top_rows(result: rc.Result) -> None:
    labels = result.sensitivity("savings")["label"].to_list()
    assert len(labels) > 3
    texts = " | ".join(svg_texts(svg_root(result.plot.tornado(top=3, width=1600).to_svg())))
    shown = [label for label in labels if label in texts]
    assert shown == labels[:3]


# ---------------------------------------------------------------- saving, themes, options


def test_save_writes_the_format_of_the_suffix(tmp_path: Path, result: rc.Result) -> None:
    chart = result.plot.breakdown(width=640, height=400)
    png = chart.save(tmp_path / "b.png")
    svg = chart.save(tmp_path / "b.SVG")
    assert png_size(png.read_bytes()) == (640, 400)
    assert svg_root(svg.read_text(encoding="utf-8")).get("width") == "640"
    with pytest.raises(ValueError, match="png or .svg"):
        chart.save(tmp_path / "b.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.SVG", "b.png"]


def test_notebook_display_is_svg(result: rc.Result, sweep: rc.SweepResult) -> None:
    for chart in (result.plot.cumulative(), sweep.plot.heatmap()):
        assert svg_root(chart._repr_svg_()).tag == f"{SVG}svg"
    assert "<table" in result._repr_html_()
    assert "<table" in sweep._repr_html_()


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_dark_theme_renders_dark(kind: str, result: rc.Result, sweep: rc.SweepResult) -> None:
    make = factory(kind, result, sweep)
    light = png_pixels(make(theme="light", width=600, height=400).to_png())
    dark = png_pixels(make(theme="dark", width=600, height=400).to_png())
    assert dark.shape == light.shape
    assert dark.mean() < 100 < light.mean()
    assert dark.std() > 10
    root = svg_root(make(theme="dark", title="Dark").to_svg())
    assert "Dark" in svg_texts(root)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"width": 50}, "width"),
        ({"height": 199}, "height"),
        ({"width": 10_001}, "width"),
        ({"theme": "neon"}, "theme"),
    ],
)
def test_bad_options_raise_scenario_error(
    options: dict[str, Any], match: str, result: rc.Result, sweep: rc.SweepResult
) -> None:
    for kind in ALL_CHARTS:
        with pytest.raises(rc.ScenarioError, match=match) as info:
            factory(kind, result, sweep)(**options)
        assert isinstance(info.value, ValueError)


def test_bad_chart_arguments_raise_scenario_error(result: rc.Result, sweep: rc.SweepResult) -> None:
    with pytest.raises(rc.ScenarioError, match="no_such_output"):
        result.plot.tornado(output="no_such_output")
    with pytest.raises(rc.ScenarioError, match="top"):
        result.plot.tornado(top=0)
    with pytest.raises(rc.ScenarioError, match="threshold"):
        result.plot.savings(threshold=float("nan"))
    with pytest.raises(rc.ScenarioError, match="value"):
        sweep.plot.heatmap(value="median")
    with pytest.raises(rc.ScenarioError, match="fleet.clusters"):
        sweep.plot.lines(x="fleet.clusters")
    with pytest.raises(rc.ScenarioError, match="output"):
        sweep.plot.lines(output="no_such_output")
    one_axis = rc.sweep("fleet", grid={"fleet.nodes": [10, 20]}, trials=50)
    with pytest.raises(rc.ScenarioError, match="two grid paths"):
        one_axis.plot.heatmap()
    assert png_size(one_axis.plot.lines(width=500, height=300).to_png()) == (500, 300)


# ---------------------------------------------------------------- no fontconfig

NO_FONTCONFIG_SCRIPT = """
import sys
import repave_cost as rc
r = rc.simulate("customer_repave", trials=500, seed=3)
chart = r.plot.tornado(title="No fontconfig here", width=700, height=450)
sys.stdout.write(chart.to_png().hex() + "\\n")
sys.stdout.write(chart.to_svg().encode("utf-8").hex() + "\\n")
"""


def test_renders_without_fontconfig(tmp_path: Path) -> None:
    env = {
        "FONTCONFIG_FILE": "/dev/null",
        "FONTCONFIG_PATH": str(tmp_path / "nonexistent"),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "nonexistent"),
        "XDG_CACHE_HOME": str(tmp_path / "nonexistent"),
    }
    proc = run_python(NO_FONTCONFIG_SCRIPT, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Fontconfig" not in proc.stderr
    png_hex, svg_hex = proc.stdout.split()
    png = bytes.fromhex(png_hex)
    assert png_size(png) == (700, 450)
    pixels = png_pixels(png)
    assert pixels.std() > 10
    root = svg_root(bytes.fromhex(svg_hex).decode("utf-8"))
    assert "No fontconfig here" in svg_texts(root)
    # text is drawn with the embedded font: the same pixels as in this process
    here = rc.simulate("customer_repave", trials=500, seed=3).plot.tornado(
        title="No fontconfig here", width=700, height=450
    )
    assert np.array_equal(png_pixels(here.to_png()), pixels)


def test_fte_lines_are_not_labelled_as_money(sweep: rc.SweepResult) -> None:
    chart = sweep.plot.lines(x="fleet.nodes", by="staffing.sre.headcount", output="repave.fte.sre")
    texts = svg_texts(svg_root(chart.to_svg()))
    assert any("FTE" in t for t in texts)
    assert not [t for t in texts if t.startswith("$")]


def test_saving_into_a_missing_folder_names_the_chart_not_a_temporary_file(
    tmp_path: Path, result: rc.Result
) -> None:
    # The error named the hidden temporary file (".c.png.5b30cac8.tmp") the write goes
    # through; it names the file asked for and says its folder is missing.
    target = tmp_path / "no" / "such" / "c.png"
    with pytest.raises(FileNotFoundError) as err:
        result.plot.savings().save(target)
    assert err.value.filename == str(target)
    assert f"the folder {target.parent} does not exist" in str(err.value)
    assert ".tmp" not in str(err.value)
    assert not (tmp_path / "no").exists()
