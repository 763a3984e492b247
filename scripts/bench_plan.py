"""Time `build_plan` and `list_people` on the sample case file grown to many people and touches.

    .venv/bin/python scripts/bench_plan.py [PEOPLE TOUCHES ...]

Prints one line per size: milliseconds for the plan and for the people list (reading the notes is not timed).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from assistant.casefile import CaseFile, Ground, PartClaim, Person, Touch
from assistant.notes import load_notes
from assistant.people import list_people
from assistant.planner import build_plan
from assistant.reading import read_case_file

TODAY = dt.date(2026, 11, 25)


def grown(case: CaseFile, people: int, touches: int) -> CaseFile:
    """The case file with `people` more managers at Northwind and `touches` touches spread over them."""
    bigger = case.model_copy(deep=True)
    for i in range(people):
        bigger.people.append(Person(
            name=f"Person {i} Extra", company="Northwind Analytics", sources=[f"p{i}.md"],
            parts=[PartClaim(part="manager-i-liked", ground=Ground(source=f"p{i}.md", quote="we got on well"))]))
    for j in range(touches):
        bigger.touches.append(Touch(**{"with": f"Person {j % people} Extra"}, direction="sent", source=f"t{j}.md",
                                    date=dt.date(2026, 1 + j % 10, 1 + j % 27)))
    return bigger


def main(argv: list[str]) -> None:
    """Time each size given as PEOPLE TOUCHES pairs (default: three sizes)."""
    sizes = [int(a) for a in argv] or [50, 2000, 200, 10000, 1000, 50000]
    case = read_case_file(load_notes(Path(__file__).resolve().parent.parent / "knowledge"), today=TODAY)
    for people, touches in zip(sizes[::2], sizes[1::2], strict=True):
        big = grown(case, people, touches)
        start = time.perf_counter()
        plan = build_plan(big, today=TODAY)
        planned = time.perf_counter()
        list_people(big, plan=plan)
        done = time.perf_counter()
        print(f"{people} people, {touches} touches: plan {1000 * (planned - start):.0f} ms, "
              f"people {1000 * (done - planned):.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
