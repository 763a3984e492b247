"""Write the reviewed offline-letter examples: three letters per persona into evals/examples/<persona>/.

Run after changing the offline writer, then read every letter as its recipient would before committing:
    .venv/bin/python scripts/offline_examples.py
Letters go through `second-chance draft ... --model offline` (write_letter); where the people list cannot see a
recipient yet, they are composed from the case file like the eval does.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "sample": ("2026-11-25", [("follow-up", "Dana Reyes"), ("consultant-offer", "Sam Patel"),
                              ("referral-request", "Lena Fischer")]),
    "grace": ("2026-12-01", [("follow-up", "Marta Silva"), ("referral-request", "Chloe Park"),
                             ("reapplication", "Marta Silva")]),
    "omar": ("2026-11-25", [("follow-up", "Alex Kim"), ("article-share", "Alex Kim"),
                            ("referral-request", "Alex Moreno")]),
    "devika": ("2026-11-30", [("follow-up", "Marcus Obi"), ("consultant-offer", "Tariq Hamdan"),
                              ("reapplication", "Marcus Obi")]),
    "lucia": ("2026-11-30", [("follow-up", "Owen Marsh"), ("article-share", "Owen Marsh"),
                             ("reapplication", "Owen Marsh")]),
    "mateo": ("2026-11-30", [("article-share", "Sam Okafor")]),
}


def main() -> int:
    """Write every example; print where each went and any warning."""
    from assistant.errors import NotFoundError
    from assistant.evals.offline_letters import compose_from_case_file
    from assistant.evals.runner import Runner
    from assistant.evals.suite import load_suite
    from assistant.letters import write_letter

    suite = load_suite(ROOT / "evals")
    runner = Runner(suite)
    with runner.session():
        for name, (day, letters) in EXAMPLES.items():
            persona = runner.persona(name)
            today = dt.date.fromisoformat(day)
            folder = ROOT / "evals" / "examples" / name
            folder.mkdir(parents=True, exist_ok=True)
            for kind, to in letters:
                try:
                    letter = write_letter(persona.settings, kind, to, model="offline", index=persona.index,
                                          today=today)
                    subject, body, warnings = letter.subject, letter.body, letter.warnings
                except NotFoundError:
                    composed = compose_from_case_file(persona, kind, to, today)
                    subject, body, warnings = composed.subject, composed.body, composed.warnings
                path = folder / f"{kind}-{to.lower().replace(' ', '-')}.md"
                note = "".join(f"<!-- note to the user: {w} -->\n" for w in warnings)
                path.write_text(f"Subject: {subject}\n\n{body}{note}", encoding="utf-8")
                print(f"{path.relative_to(ROOT)}" + (f"  ({warnings[0]})" if warnings else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
