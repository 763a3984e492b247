"""Benchmark the reading stage against the index it runs with: a first `index` of N notes, then unchanged.

usage: python scripts/bench_reading.py [--notes 2000]
The notes are the same generated ones as scripts/bench_index.py, half of them without front matter (first-line
names, bullets, prose dates), since untyped notes are the ones the offline rules work hardest on.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_index import COMPANIES, FIRST, LAST, TOPICS, make_notes


def make_untyped(folder: Path, count: int, seed: int = 11) -> None:
    """Write `count` notes without front matter, in the user's own folder names."""
    rng = random.Random(seed)
    for i in range(count):
        name, company = f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(COMPANIES)
        topic = rng.choice(TOPICS)
        text = (f"{name}, engineer at {company}\n- we talked on July {i % 28 + 1}th about {topic}\n"
                f"- said she'd put my name forward for the next opening\n- they just posted a Staff Engineer role\n")
        path = folder / "ppl" / f"contact-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    """Print index time, first reading time, and unchanged re-read time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    args = parser.parse_args()
    from assistant.config import load_settings
    from assistant.index import NoteIndex
    from assistant.notes import load_notes
    from assistant.reading import assemble, read_notes

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        make_notes(home / "knowledge", args.notes // 2)
        make_untyped(home / "knowledge", args.notes - args.notes // 2)
        settings = load_settings(home=home)
        loaded = load_notes(settings.knowledge_dir)
        index = NoteIndex(settings)
        index.embedder.embed_query("warm up")  # model load is counted apart, as bench_index does
        # CPU seconds as well as wall seconds: on a shared machine the wall clock says more about the neighbours.
        wall, cpu = time.perf_counter(), time.process_time()
        index.sync(loaded)
        index_s, index_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        readings, fresh = read_notes(loaded.notes, settings=settings, embedder=index.embedder)
        case = assemble(readings)
        read_s, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        again_readings, again = read_notes(loaded.notes, settings=settings)
        assemble(again_readings)
        reread_s, reread_cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"notes {len(loaded.notes)}; people {len(case.people)}; hints {len(case.hints)}")
        print(f"first index (chunks, embeddings, store): {index_s:.2f} s wall, {index_cpu:.2f} s CPU")
        print(f"first reading ({fresh} notes read, model load included): {read_s:.2f} s wall, {read_cpu:.2f} s CPU "
              f"= {100 * read_s / index_s:.0f}% / {100 * read_cpu / index_cpu:.0f}% of the index")
        print(f"unchanged re-read ({again} notes read): {reread_s:.2f} s wall, {reread_cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
