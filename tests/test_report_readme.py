"""The README's charts are made by a script in the repository, and are there."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_script() -> object:
    spec = importlib.util.spec_from_file_location(
        "readme_charts", ROOT / "scripts/readme_charts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_the_images_the_script_makes(tmp_path: Path) -> None:
    script = load_script()
    images: dict[str, str] = script.IMAGES  # type: ignore[attr-defined]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]*\]\(docs/images/([^)]+)\)", readme))
    assert shown == set(images)
    for name in images:
        assert (ROOT / "docs/images" / name).read_bytes()[:4] == b"\x89PNG"
    written = script.write(tmp_path, 500, 0)  # type: ignore[attr-defined]
    assert sorted(p.name for p in written) == sorted(images)
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in written)
    assert "python scripts/readme_charts.py" in readme


def test_the_readme_says_what_outputs_are() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Outputs are totals over the horizon, in present value" in readme
    assert 'rc.Scenario.from_toml("my-fleet.toml")' in readme
