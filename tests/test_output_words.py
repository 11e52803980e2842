"""Sentences about an output other than savings name it by its registry label
(``_core.output_info(name)["label"]``), never by its raw name: the report's threshold
line and tail sentence, and the sweep's notebook table header."""

from __future__ import annotations

import html

import numpy as np
import pytest
import repave_cost as rc
from repave_cost.report import summary_text, tail_sentence

#: What the registry declares for a strategy's total (src/model/outputs.rs): the strategy's
#: name, then "total cost".
OUTPUT = "repave.total"
LABEL = "repave total cost"
THRESHOLD = 1_000_000.0


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate("fleet", trials=2_000, seed=5, progress=False)


def test_the_registry_gives_the_label_used_below() -> None:
    info = rc._core.output_info(OUTPUT)
    assert info is not None and info["label"].replace("{strategy}", "repave") == LABEL


def test_the_threshold_sentence_names_the_output_by_its_label(result: rc.Result) -> None:
    totals = result.trials[OUTPUT].to_numpy()
    above = float(np.mean(totals > THRESHOLD))
    assert 0.0 < above < 1.0  # the sentence is not a degenerate 0% or 100%
    text = summary_text(result, THRESHOLD, OUTPUT)
    expected = f"Probability of {LABEL} above $1M: {rc.format_probability(above)}."
    assert expected in text.splitlines()
    # Prose names the label; only the Reproduce section's command, which the CLI reads,
    # names the output itself.
    prose, reproduce = text.split("## Reproduce")
    assert OUTPUT not in prose
    assert f"--threshold={OUTPUT}=1000000" in reproduce


def test_the_tail_sentence_names_the_output_by_its_label(result: rc.Result) -> None:
    totals = np.sort(result.trials[OUTPUT].to_numpy())
    sentence = tail_sentence(result, OUTPUT, markdown=False)
    assert f"in the 5% of trials with the highest {LABEL} (at or above $" in sentence
    assert f"of {LABEL}" in sentence or f"tail of {LABEL}" in sentence
    assert OUTPUT not in sentence
    # The cutoff is the 95th percentile of the output, written as money.
    cutoff = rc.format_money(float(np.quantile(totals, 0.95, method="inverted_cdf")))
    assert f"(at or above {cutoff})" in sentence


def test_the_sweep_table_header_names_the_threshold_output_by_its_label() -> None:
    sw = rc.sweep(
        "fleet",
        {"staffing.sre.headcount": [1, 2]},
        trials=200,
        seed=2,
        threshold=THRESHOLD,
        threshold_output=OUTPUT,
        progress=False,
    )
    page = sw._repr_html_()
    assert html.escape(f"P({LABEL} > $1M)") in page
    assert OUTPUT not in page.split("<small>")[0].split("<tr>")[1]
