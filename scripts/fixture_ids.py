"""Rewrite the 8-digit chunk ids (format 1) in fixtures as the 12-digit ids of the same chunks (format 2).

    .venv/bin/python scripts/fixture_ids.py      # then: second-chance eval --update-requests, and review git diff

Run once when 12-digit ids came in, and again on fixtures from a branch made before them (cases, recorded
responses and requests, snapshots, tests, docs). A chunk's old id is `n` and 8 hex digits of the SHA-1 of (source,
index, note hash); its new id is 12 digits of the same SHA-1, so the mapping is computed from the notes every eval
and test uses, never guessed. A note that quotes a forged 8-digit id (an injection test) gets it padded to 12 digits
first, like a real id now; its old ids are found from its text as it was, its new ones from its text now. Ids no note
has (made-up ids such as n00000001) are padded with zeros after the `n`, and listed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.chunks import chunk_id, chunk_note  # noqa: E402
from assistant.notes import content_hash, load_notes  # noqa: E402

OLD = re.compile(r"\bn[0-9a-f]{8}\b")
PADDED = re.compile(rb"\bn0000([0-9a-f]{8})\b")
EXAMPLES = {"n3f9a2c1d": "n3f9a2c1d07be", "n1a2b3c4d": "n1a2b3c4d5e6"}  # the examples in docs and schemas
NOTES = ("knowledge", "tests/fixtures/helio/knowledge", "evals/personas")
# Tests that hold 8-digit ids on purpose (saved drafts and transcripts of format 1) are left as they are.
FIXTURES = ("evals", "tests", "docs", "README.md", ":(exclude)tests/test_chunk_ids.py", ":(exclude)tests/test_chat.py")


def padded(old: str) -> str:
    """The 12-digit form of an id no note has."""
    return EXAMPLES.get(old, "n0000" + old[1:])


def files_with_old_ids(*where: str) -> list[str]:
    """The tracked files under `where` that hold an 8-digit id."""
    found = subprocess.run(["git", "grep", "-lE", OLD.pattern, "--", *where], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.split()


def folders() -> list[Path]:
    """Every folder of notes the evals and tests index."""
    personas = sorted(p for p in (ROOT / "evals" / "personas").iterdir() if p.is_dir())
    return [ROOT / "knowledge", ROOT / "tests" / "fixtures" / "helio" / "knowledge", *personas]


def old_id(source: str, index: int, note_hash: str) -> str:
    """The id format 1 gave the chunk: the first 8 of the 12 hex digits of its id now."""
    return chunk_id(source, index, note_hash)[:9]


def mapping() -> dict[str, str]:
    """Old id -> new id for every chunk of every note (also under the text a padded forged id had before)."""
    found: dict[str, str] = {}
    for folder in folders():
        for note in load_notes(folder).notes:
            raw = (folder / note.source).read_bytes()
            hashes = {note.hash, content_hash(PADDED.sub(rb"n\1", raw))}
            for index, chunk in enumerate(chunk_note(note)):
                for note_hash in hashes:
                    old = old_id(note.source, index, note_hash)
                    if found.get(old, chunk.id) != chunk.id:
                        sys.exit(f"{old} stands for two chunks: {found[old]} and {chunk.id}")
                    found[old] = chunk.id
    return found


def main() -> None:
    """Pad forged ids in notes, then rewrite every fixture's 8-digit ids; print what was not from a note."""
    for name in files_with_old_ids(*NOTES):
        path = ROOT / name
        path.write_text(OLD.sub(lambda m: padded(m.group(0)), path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"note: padded the forged id in {name}")
    ids = mapping()
    made_up: Counter[str] = Counter()
    known = 0
    files = files_with_old_ids(*FIXTURES)
    for name in files:
        path = ROOT / name

        def new(match: re.Match[str], name: str = name) -> str:
            nonlocal known
            if match.group(0) in ids:
                known += 1
                return ids[match.group(0)]
            made_up[f"{name}: {match.group(0)}"] += 1
            return padded(match.group(0))

        path.write_text(OLD.sub(new, path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{known} ids of {len(ids)} chunks rewritten in {len(files)} files")
    for item, count in sorted(made_up.items()):
        print(f"  not from a note (padded): {item} x{count}")


if __name__ == "__main__":
    main()
