"""Draw the charts the README shows: the savings distribution and the tornado of the
``customer_repave`` preset, into ``docs/images/``.

    python scripts/readme_charts.py [--out docs/images] [--trials 20000] [--seed 0]

Run it again after a change to the preset or to the charts, and commit the images.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import repave_cost as rc

ROOT = Path(__file__).resolve().parent.parent
#: The README's images: file name → chart of ``result.plot``.
IMAGES = {
    "customer_repave_savings.png": "savings",
    "customer_repave_tornado.png": "tornado",
}


def write(out: Path, trials: int, seed: int) -> list[Path]:
    """Simulate ``customer_repave`` and write :data:`IMAGES` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    result = rc.simulate("customer_repave", trials=trials, seed=seed, progress=False)
    written = []
    for name, chart in IMAGES.items():
        figure = getattr(result.plot, chart)(width=1000, height=625)
        written.append(figure.save(out / name))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--trials", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for path in write(args.out, args.trials, args.seed):
        print(path)


if __name__ == "__main__":
    main()
