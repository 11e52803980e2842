"""Every example in the package's docstrings runs and prints what it says (two did not: a
break-even of a field whose savings never cross zero, and an SVG said to start with
``<svg`` under its XML declaration)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
import repave_cost

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(repave_cost.__path__, prefix="repave_cost.")
    if not info.name.endswith("._core")
)


def test_the_package_has_examples_to_run() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(
        len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name))
    )
    assert examples >= 30, examples


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
