"""Calls of the public API that the property suite (test_api_properties.py) found failing
(a panic, an abort, an OverflowError naming nothing), each kept as an ordinary regression
test. Each call runs in a fresh interpreter so that an abort fails one test instead of the
run.
"""

from __future__ import annotations

import pytest
from conftest import run_python

PRELUDE = """
import repave_cost as rc
result = rc.simulate("fleet", trials=60, seed=1, progress=False)
try:
    {call}
except (TypeError, ValueError) as error:
    print("clear", type(error).__name__, error)
except BaseException as error:
    print("unclear", type(error).__module__, type(error).__qualname__, error)
else:
    print("returned")
"""

KNOWN_FAILURES = [
    # Sizes beyond an int64 raise OverflowError ("Python int too large to convert to C
    # long"), not a ValueError naming the argument.
    "rc.normal(1, 2, low=0, high=3).sample(2**64 - 1, seed=2818047)",
    "rc.discrete([1, 2, 3], [1, 0, 2]).sample(2**100)",
    "rc.pert(1, 3, 8).sample(2**63)",
    "rc.sample({'x': rc.pert(1, 3, 8)}, 2**64)",
    "rc.simulate('fleet', 2**63, progress=False)",
    "rc.simulate('fleet', 2**64 - 1, progress=False)",
    "rc.sweep('fleet', {'fleet.nodes': [10, 20]}, trials=2**63, progress=False)",
    "rc.sweep('fleet', {'fleet.nodes': [10, 20]}, trials=2**100, progress=False)",
    # ResultPlots.tornado: top beyond an int64 raises OverflowError ("int too big to convert").
    "result.plot.tornado('savings', 2**64)",
    "result.plot.tornado('savings', 2**100)",
    # A size that fits in an int64 but cannot be allocated aborts the interpreter
    # ("memory allocation of ... bytes failed", exit -6) or panics ("capacity overflow").
    # (Here without an address-space limit: 2**40 asks for 8 TiB and fails at once; the
    # property suite also sees 2**31 and 2**32 abort under its 4 GiB limit, which on a
    # machine with enough memory would instead allocate 16 and 32 GiB.)
    "rc.pert(1, 3, 8).sample(2**40)",
    "rc.empirical([1, 2, 2, 5, 9]).sample(2**53 + 1)",
    "rc.pert(1, 3, 8).sample(2**63 - 1)",
    "rc.sample({'x': rc.pert(1, 3, 8)}, 2**40)",
    "rc.sample({'x': rc.pert(1, 3, 8)}, 2**63 - 1)",
]


@pytest.mark.parametrize("call", KNOWN_FAILURES)
def test_known_failure_now_raises_a_clear_error(call: str) -> None:
    proc = run_python(PRELUDE.format(call=call), {"RAYON_NUM_THREADS": "2"}, timeout=120)
    assert proc.returncode == 0, f"crashed with exit {proc.returncode}: {proc.stderr[-800:]}"
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("clear "), last


@pytest.mark.parametrize(
    ("trials", "said"),
    [
        # beyond an int64 this raised OverflowError out of main() (a traceback)
        (2**63, "trials: must be at most"),
        (2**64 - 1, "trials: must be at most"),
        (2**64, "trials must be an integer in [1, 2**64 - 1]"),
    ],
)
def test_cli_huge_trials_is_one_clear_error_line(trials: int, said: str) -> None:
    code = (
        "import sys\n"
        "from repave_cost.cli import main\n"
        f"sys.exit(main(['run', '--preset', 'fleet', '--trials', '{trials}']))\n"
    )
    proc = run_python(code, {"RAYON_NUM_THREADS": "2"}, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-800:])
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("repave-cost: error: "), proc.stderr
    assert said in proc.stderr, proc.stderr
