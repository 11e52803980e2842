"""The scenario a command line names: ``--preset NAME`` or a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .scenario import Scenario


def load_scenario(args: argparse.Namespace) -> Scenario:
    """The scenario of ``args``: its ``preset`` when one is given (an empty name is an
    unknown preset, not a missing one), else the ``.toml`` or ``.json`` file ``scenario``.

    Raises
    ------
    ScenarioError
        An unknown preset or a scenario that is not valid.
    FileNotFoundError
        No scenario file at the path given.
    """
    if args.preset is not None:
        return Scenario.preset(args.preset)
    return load_file(args.scenario)


def load_file(spec: str) -> Scenario:
    """The scenario in the ``.json`` or ``.toml`` (any other suffix) file ``spec``.

    Raises
    ------
    FileNotFoundError
        No file at ``spec`` (the message quotes ``spec`` as given: ``''`` is no file).
    IsADirectoryError
        ``spec`` is a folder.
    ScenarioError
        A scenario that is not valid, or a file that is not UTF-8 text.
    """
    path = Path(spec)
    if spec and path.is_dir():
        raise IsADirectoryError(f"{spec}: a folder, not a scenario file")
    if not spec or not path.is_file():
        raise FileNotFoundError(f"scenario file not found: {spec!r}")
    if path.suffix.lower() == ".json":
        return Scenario.from_json(path)
    return Scenario.from_toml(path)
