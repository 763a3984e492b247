"""Benchmark the retrieval layer: index N generated notes, re-index unchanged, search from a warm index.

usage: python scripts/bench_index.py [--notes 1000] [--queries 50] [--report evals/out/bench-index.json]
Prints one line per figure; measures in-process (imports and model load are reported apart).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

FIRST = ["Dana", "Marcus", "Sam", "Lena", "Priya", "Omar", "Ines", "Kenji", "Ruth", "Tomas"]
LAST = ["Reyes", "Chen", "Patel", "Fischer", "Raman", "Haddad", "Silva", "Sato", "Cohen", "Novak"]
COMPANIES = ["Northwind Analytics", "Contoso Health", "Fabrikam Foods", "Tailspin Toys", "Litware Labs"]
TOPICS = ["Kafka streaming", "data quality checks", "dbt models", "on-call rotations", "design documents",
          "warehouse costs", "late-arriving data", "schema evolution", "dashboards for store managers"]
TYPES = ["person", "company", "progress", "interaction", "article", "opening"]


def make_notes(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` varied notes with front matter into `folder`."""
    rng = random.Random(seed)
    for i in range(count):
        kind = TYPES[i % len(TYPES)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        company = rng.choice(COMPANIES)
        topic, other = rng.sample(TOPICS, 2)
        body = "\n\n".join(
            f"{name} at {company} talked about {topic} and {other}. Note {i}, paragraph {p}: "
            f"they want fewer than {rng.randint(10, 900)} alerts a week and a plan for {rng.choice(TOPICS)}."
            for p in range(rng.randint(1, 4))
        )
        path = folder / f"{kind}s" / f"note-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        key = "with" if kind == "interaction" else "name"
        path.write_text(f"---\ntype: {kind}\n{key}: {name}\ncompany: {company}\ndate: 2026-10-{i % 28 + 1:02d}\n"
                        f"---\n# {topic.title()}\n\n{body}\n")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()

    started = time.perf_counter()
    from assistant.config import load_settings
    from assistant.embeddings import LocalEmbedder
    from assistant.index import NoteIndex
    from assistant.notes import load_notes
    from assistant.retrieval import search

    figures: dict[str, float | int] = {"notes": args.notes, "import_s": time.perf_counter() - started}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        make_notes(home / "knowledge", args.notes)
        settings = load_settings(home=home)
        embedder = LocalEmbedder()
        t = time.perf_counter()
        embedder.embed_query("warm up")
        figures["model_load_s"] = time.perf_counter() - t

        t = time.perf_counter()
        loaded = load_notes(settings.knowledge_dir)
        figures["load_notes_s"] = time.perf_counter() - t
        t = time.perf_counter()
        first = NoteIndex(settings, embedder=embedder).sync(loaded)
        figures["index_s"] = time.perf_counter() - t
        figures["chunks"] = first.chunks

        t = time.perf_counter()
        again = NoteIndex(settings, embedder=embedder).sync(load_notes(settings.knowledge_dir))
        figures["reindex_unchanged_s"] = time.perf_counter() - t
        figures["reindex_embedded"] = again.embedded

        index = NoteIndex(settings, embedder=embedder)
        rng = random.Random(3)
        search(index, "warm up", k=5)
        timings = []
        for _ in range(args.queries):
            query = f"{rng.choice(FIRST)} {rng.choice(TOPICS)}"
            t = time.perf_counter()
            search(index, query, k=5)
            timings.append((time.perf_counter() - t) * 1000)
        figures["search_median_ms"] = statistics.median(timings)
        figures["search_p95_ms"] = sorted(timings)[int(0.95 * (len(timings) - 1))]
        t = time.perf_counter()
        for _ in range(10):
            search(index, "data quality checks", k=5, company="Northwind Analytics")
        figures["search_filtered_ms"] = (time.perf_counter() - t) * 100

    for key, value in figures.items():
        print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
