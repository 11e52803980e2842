"""``report.xlsx``, read back with openpyxl (a reader this project did not write): its
sheets, numbers that are numbers with the currency's number format, the summary's values,
frozen headers, fitted columns and the charts as images."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import repave_cost as rc
from openpyxl.worksheet.worksheet import Worksheet
from repave_cost.report import CHARTS
from repave_cost.scenario import scenario_file

#: The sheets a report's workbook holds, in order.
SHEETS = [
    "Summary",
    "Breakdown",
    "Labour",
    "Sensitivity",
    "Inputs",
    "Scenario",
    "Provenance",
    "Charts",
]

STATS = ("p50", "p5", "p95", "mean", "sd", "se", "p10", "p90", "min", "max")


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate("customer_repave", trials=3_000, seed=5)


@pytest.fixture(scope="module")
def book(result: rc.Result, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    folder = rc.report(
        result, tmp_path_factory.mktemp("xlsx") / "r", threshold=100_000, formats=["svg"]
    )
    return openpyxl.load_workbook(folder / "report.xlsx")


def same(got: object, want: object) -> bool:
    """A cell read back equals a table's value: text and missing values exactly; numbers
    to XlsxWriter's 16 significant digits (a relative error of at most 5e-16, plus the
    reading's rounding), never more than 1e-15 relative."""
    if isinstance(want, float) and isinstance(got, (int, float)):
        return abs(got - want) <= 1e-15 * abs(want)
    return got == want


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    """The sheet's rows below its header, as dicts by header."""
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def column_of(sheet: Worksheet, name: str) -> str:
    header = [c.value for c in sheet[1]]
    return openpyxl.utils.get_column_letter(header.index(name) + 1)


def test_the_workbook_has_every_sheet_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_summary_values_equal_summary(book: openpyxl.Workbook, result: rc.Result) -> None:
    want = result.summary(100_000)
    got = rows(book["Summary"])
    assert [r["output"] for r in got] == want["output"].to_list()
    for row, expected in zip(got, want.iter_rows(named=True)):
        for name, value in expected.items():
            assert same(row[name], value), (expected["output"], name, row[name], value)


def test_money_cells_are_numbers_with_a_currency_format(book: openpyxl.Workbook) -> None:
    sheet = book["Summary"]
    header = [c.value for c in sheet[1]]
    seen = 0
    for row in sheet.iter_rows(min_row=2):
        output = row[0].value
        assert isinstance(output, str)
        kind = rc._core.output_info(output)["kind"]
        for cell, name in zip(row, header):
            if name in STATS and kind == "money" and cell.value is not None:
                assert cell.data_type == "n"  # a number, not text
                assert cell.number_format == '"$"#,##0', (output, name)
                seen += 1
            if name == "prob_above" and cell.value is not None:
                assert cell.number_format == "0.0%"
                assert 0 <= cell.value <= 1
            if name == "count":
                assert isinstance(cell.value, int) and cell.number_format == "#,##0"
    assert seen >= 4 * len(STATS)
    breakdown = book["Breakdown"]
    cells = breakdown[column_of(breakdown, "mean")][1:]
    assert cells and all(c.number_format == '"$"#,##0' for c in cells)
    assert all(c.data_type == "n" and c.value is not None for c in cells)


def test_tables_match_their_frames(book: openpyxl.Workbook, result: rc.Result) -> None:
    for name, frame in [
        ("Breakdown", result.breakdown()),
        ("Labour", result.labour()),
        ("Sensitivity", result.sensitivity("savings")),
    ]:
        got = rows(book[name])
        assert list(got[0]) == frame.columns, name
        assert len(got) == frame.height, name
        for row, want in zip(got, frame.iter_rows(named=True)):
            assert all(same(row[k], v) for k, v in want.items()), (name, row, want)
    labour = book["Labour"]
    assert all(
        c.number_format == "0.0%" for c in labour[column_of(labour, "prob_over_capacity")][1:]
    )
    assert all(c.number_format == "0.00" for c in labour[column_of(labour, "mean_fte")][1:])


def test_the_inputs_sheet_is_scenario_inputs(book: openpyxl.Workbook, result: rc.Result) -> None:
    want = result.scenario.inputs()
    got = rows(book["Inputs"])
    assert want.height > 0 and len(got) == want.height
    assert list(got[0]) == want.columns
    for row, expected in zip(got, want.iter_rows(named=True)):
        assert all(same(row[k], v) for k, v in expected.items()), (row, expected)
    sheet = book["Inputs"]
    for name in ("family", "parameters", "mean", "p5", "p95"):
        assert name in want.columns
    assert all(c.data_type == "n" for c in sheet[column_of(sheet, "mean")][1:])


def test_headers_are_frozen_and_columns_fit(book: openpyxl.Workbook, result: rc.Result) -> None:
    for name in SHEETS[:-1]:
        assert book[name].freeze_panes == "A2", name
    sheet = book["Breakdown"]
    frame = result.breakdown()
    longest = max(len(a) for a in frame["activity"].to_list())
    assert sheet.column_dimensions[column_of(sheet, "activity")].width >= longest
    # a money column is wide enough for "$1,234,567" of its largest value
    widest = max(len(f"${abs(v):,.0f}") for v in frame["p95"].to_list())
    assert sheet.column_dimensions[column_of(sheet, "p95")].width >= widest


def test_the_other_currencies_format(tmp_path: Path) -> None:
    eur = rc.Scenario.preset("fleet").replace({"settings.currency": "EUR"})
    folder = rc.report(rc.simulate(eur, trials=500), tmp_path / "eur", formats=["svg"])
    sheet = openpyxl.load_workbook(folder / "report.xlsx")["Summary"]
    savings = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "savings")
    assert savings[1].number_format == '"€"#,##0'


def test_scenario_and_provenance_sheets(
    book: openpyxl.Workbook, result: rc.Result, tmp_path: Path
) -> None:
    lines = [row[0] for row in book["Scenario"].iter_rows(min_row=2, values_only=True)]
    assert "\n".join(lines) == rc.Scenario.preset("customer_repave").source_toml.rstrip("\n")
    facts = {r["field"]: r["value"] for r in rows(book["Provenance"])}
    assert facts["seed"] == str(result.seed)
    assert facts["trials"] == str(result.n_trials)
    assert facts["method"] == result.method
    assert facts["scenario hash"] == result.scenario_hash
    assert facts["version"] == rc.__version__
    assert facts["precision"] == "none (fixed trials)"
    assert facts["command"] == (
        f"repave-cost run scenario.toml --trials {result.n_trials} --seed {result.seed} "
        f"--method {result.method} --threshold=savings=100000"
    )


def test_the_charts_are_images(book: openpyxl.Workbook) -> None:
    sheet = book["Charts"]
    images = sheet._images  # openpyxl's list of the sheet's pictures
    assert len(images) == len(CHARTS)
    names = [c.value for c in sheet["A"] if c.value]
    assert names == [
        "savings",
        "exceedance",
        "tornado",
        "breakdown",
        "cumulative",
        "attribution",
        "value_of_information",
    ]
    for image in images:
        assert image.width > 300 and image.height > 150
        assert image._data()[:4] == b"\x89PNG"


def test_no_workbook_when_not_asked(tmp_path: Path, result: rc.Result) -> None:
    folder = rc.report(result, tmp_path / "r", workbook=False, formats=["svg"])
    assert not (folder / "report.xlsx").exists()


def test_a_missing_value_is_a_blank_cell(book: openpyxl.Workbook, result: rc.Result) -> None:
    # prob_above is null on every row but the threshold's output: blank, not 0 or text
    table = result.summary(100_000)
    sheet = book["Summary"]
    column = column_of(sheet, "prob_above")
    for i, value in enumerate(table["prob_above"].to_list(), start=2):
        cell = sheet[f"{column}{i}"]
        if value is None:
            assert cell.value is None and cell.data_type == "n"
        else:
            assert cell.data_type == "n" and same(cell.value, value)
    assert table["prob_above"].null_count() == table.height - 1


def test_a_line_longer_than_a_cell_goes_on_in_the_next_cells(tmp_path: Path) -> None:
    # Excel holds 32,767 characters in a cell and XlsxWriter cut a longer string without a
    # word: a long description lost its end in the Scenario sheet.
    description = "".join(f"{i:06d} " for i in range(11_000))  # 77,000 characters
    long = rc.Scenario.preset("fleet").replace({"description": description})
    folder = rc.report(rc.simulate(long, trials=200), tmp_path / "long", formats=["svg"])
    book = openpyxl.load_workbook(folder / "report.xlsx")
    sheet = book["Scenario"]
    lines = [
        "".join(cell or "" for cell in row) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert "\n".join(lines).rstrip("\n") == scenario_file(long).rstrip("\n")
    assert f'description = "{description}"' in lines
    assert "join them" in str(sheet.cell(row=1, column=2).value)
    for each in book.worksheets:
        for row in each.iter_rows(values_only=True):
            assert all(len(str(cell)) <= 32_767 for cell in row if cell is not None)


def test_a_table_cell_too_long_for_excel_says_it_was_cut() -> None:
    from repave_cost._xlsx import CELL_LIMIT, cell_text, pieces

    assert pieces("") == [""]
    assert pieces("abcde", 2) == ["ab", "cd", "e"]
    text = "x" * 40_000
    assert "".join(pieces(text)) == text
    assert [len(p) for p in pieces(text)] == [CELL_LIMIT, 40_000 - CELL_LIMIT]
    assert cell_text("short") == "short"
    cut = cell_text(text)
    assert len(cut) == CELL_LIMIT
    assert cut.endswith("[cut: 40,000 characters, more than Excel's 32,767 per cell]")
    with pytest.raises(ValueError, match="size"):
        pieces("abc", 0)
