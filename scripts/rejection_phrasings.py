"""Measure reading a no (rules, then meaning) on tests/data/rejection_phrasings.yaml: precision and recall.

    .venv/bin/python scripts/rejection_phrasings.py            # at saidno.THRESHOLD and MARGIN
    .venv/bin/python scripts/rejection_phrasings.py --sweep    # a grid, to choose them
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.reading.parts import PartMatcher  # noqa: E402
from assistant.reading.saidno import MARGIN, THRESHOLD, NoMatcher, measure  # noqa: E402


def main() -> None:
    """Print the table (or the sweep)."""
    path = ROOT / "tests" / "data" / "rejection_phrasings.yaml"
    matcher = NoMatcher(PartMatcher())
    if "--sweep" in sys.argv:
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55):
            for margin in (0.0, 0.02, 0.04, 0.08):
                matcher.threshold, matcher.margin = threshold, margin
                table = measure(matcher, path)
                cells = "  ".join(f"{k} P{p:.2f} R{r:.2f}" for k, (p, r, _) in table.items())
                print(f"threshold {threshold:.2f} margin {margin:.2f}: {cells}")
        return
    print(f"threshold {THRESHOLD} margin {MARGIN}")
    print(f"{'idea':8} precision recall  n")
    for idea, (precision, recall, n) in measure(matcher, path).items():
        print(f"{idea:8} {precision:9.2f} {recall:6.2f} {n:3d}")


if __name__ == "__main__":
    main()
