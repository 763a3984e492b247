"""Measure the offline part reader on tests/data/part_phrasings.yaml: precision and recall per part.

    .venv/bin/python scripts/part_phrasings.py            # at parts.THRESHOLD and MARGIN
    .venv/bin/python scripts/part_phrasings.py --sweep    # a grid, to choose them
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.reading.parts import MARGIN, THRESHOLD, PartMatcher, measure  # noqa: E402


def main() -> None:
    """Print the table (or the sweep)."""
    path = ROOT / "tests" / "data" / "part_phrasings.yaml"
    matcher = PartMatcher()
    if "--sweep" in sys.argv:
        for threshold in (0.34, 0.38, 0.42, 0.46, 0.5):
            for margin in (0.0, 0.03, 0.06, 0.1):
                matcher.threshold, matcher.margin = threshold, margin
                table = measure(matcher, path)
                f1 = [2 * p * r / (p + r) if p + r else 0.0 for p, r, _ in table.values()]
                print(f"threshold {threshold:.2f} margin {margin:.2f}: mean F1 {sum(f1) / len(f1):.3f}")
        return
    print(f"threshold {THRESHOLD} margin {MARGIN}")
    print(f"{'part':18} precision recall  n")
    for part, (precision, recall, n) in measure(matcher, path).items():
        print(f"{part:18} {precision:9.2f} {recall:6.2f} {n:3d}")


if __name__ == "__main__":
    main()
