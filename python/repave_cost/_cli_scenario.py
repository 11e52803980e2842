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
    path = Path(args.scenario)
    if not path.is_file():
        raise FileNotFoundError(f"scenario file not found: {path}")
    if path.suffix.lower() == ".json":
        return Scenario.from_json(path)
    return Scenario.from_toml(path)
