"""Benchmark second-chance the way a user runs it: whole processes over generated notes, against plain LangChain.

usage: python scripts/bench.py [--sizes 200,2000,10000] [--repeat 5] [--report evals/benchmarks.md]
       python scripts/bench.py --first HOME [--repeat 3]   (first index only, ours and LangChain's, alternately)

For each size: a realistic knowledge folder (scripts/bench_corpus.py); then `--help`, `index` (first, unchanged,
one note touched, one note edited), `search`, `people`, `plan` and `draft --model offline`, each run as its own
process `--repeat` times (fewer for the slow first index at 10,000 notes; the table says how many), reporting
wall and CPU seconds (median and range) and peak memory; embedding calls counted at a stand-in OpenAI endpoint
on 127.0.0.1; and the same index / re-index / search done by a plain LangChain pipeline (text splitter,
langchain-chroma, the same WordLlama embeddings, re-embedding everything each run), as ratios.
Writes a Markdown report (`--report`) and the raw figures (`--json`). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import make_corpus  # noqa: E402

BIN = Path(sys.executable).parent
QUERIES = ["what does Dana care about", "Kafka streaming in production", "data quality checks alerts",
           "schema evolution testing", "design documents before building", "warehouse costs"]
COMMANDS = ["--help", "index (first)", "index (unchanged)", "index (one note touched)", "index (one note edited)",
            "search", "people", "plan", "draft --model offline"]
KEEP = "<!-- written by hand below this line; scripts/bench.py keeps it -->"
LANGCHAIN = ["index (first)", "re-index (nothing changed)", "search"]


# ---------------------------------------------------------------------------------------------------------
# Running a process and measuring it


def run(args: list[str], env: dict[str, str], cwd: Path, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Run one process; its wall seconds, CPU seconds (user + system, children included) and peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} exited {process.returncode}:\n{stderr.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median and range of wall and CPU seconds, and the peak memory, over `runs`."""
    wall, cpu = [r["wall"] for r in runs], [r["cpu"] for r in runs]
    return {"runs": len(runs), "wall": statistics.median(wall), "wall_min": min(wall), "wall_max": max(wall),
            "cpu": statistics.median(cpu), "cpu_min": min(cpu), "cpu_max": max(cpu),
            "rss_mb": max(r["rss_mb"] for r in runs)}


# ---------------------------------------------------------------------------------------------------------
# A stand-in OpenAI embeddings endpoint that counts what it is asked


class Embeddings(ThreadingHTTPServer):
    """POST /v1/embeddings on 127.0.0.1: valid response bodies (float or base64), deterministic vectors."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls = 0
        self.inputs = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        """The base URL to give OPENAI_BASE_URL."""
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def take(self) -> tuple[int, int]:
        """Calls and texts since the last take."""
        with self.lock:
            counted = (self.calls, self.inputs)
            self.calls = self.inputs = 0
        return counted


class _Handler(BaseHTTPRequestHandler):
    server: Embeddings

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        with self.server.lock:
            self.server.calls += 1
            self.server.inputs += len(texts)
        data = []
        for index, text in enumerate(texts):
            digest = hashlib.sha256(str(text).encode()).digest()
            vector = [(b - 127.5) / 127.5 for b in digest[:32]]
            norm = sum(v * v for v in vector) ** 0.5 or 1.0
            vector = [v / norm for v in vector]
            encoded: Any = vector
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        answer = json.dumps({"object": "list", "data": data, "model": body.get("model", "stand-in"),
                             "usage": {"prompt_tokens": len(texts), "total_tokens": len(texts)}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        return


# ---------------------------------------------------------------------------------------------------------
# The plain LangChain pipeline, run as its own process (`bench.py --langchain index|search KNOWLEDGE STORE`)


def langchain_main(action: str, knowledge: Path, store: Path) -> None:
    """Index every note file (split, embed, store) or answer one query, the way a LangChain tutorial does."""
    from typing import cast

    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings as LCEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.embeddings import LocalEmbedder

    class WordLlama(LCEmbeddings):
        def __init__(self) -> None:
            self.model = LocalEmbedder()

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.model.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return self.model.embed_query(text)

    settings = chromadb.config.Settings(anonymized_telemetry=False)
    client = chromadb.PersistentClient(path=str(store), settings=settings)
    if action == "search":
        found = Chroma("plain", embedding_function=WordLlama(), client=client).similarity_search(QUERIES[0], k=5)
        assert found
        return
    if "plain" in [c.name for c in client.list_collections()]:
        client.delete_collection("plain")  # a plain pipeline re-embeds everything on every run
    splitter = RecursiveCharacterTextSplitter(chunk_size=700, chunk_overlap=0)
    documents = []
    for path in sorted(knowledge.rglob("*")):
        if path.is_file() and path.suffix in {".md", ".txt", ".eml", ".markdown"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            documents.append(Document(page_content=text, metadata={"source": str(path.relative_to(knowledge))}))
    chunks = splitter.split_documents(documents)
    store_ = Chroma("plain", embedding_function=WordLlama(), client=client)
    for start in range(0, len(chunks), 1000):
        store_.add_documents(cast(list[Document], chunks[start : start + 1000]))


# ---------------------------------------------------------------------------------------------------------
# One size


def bench_size(size: int, repeat: int, workdir: Path, langchain: bool) -> dict[str, Any]:
    """Every figure for one corpus size."""
    home = workdir / f"notes-{size}"
    shutil.rmtree(home, ignore_errors=True)
    make_corpus(home / "knowledge", size)
    files = sorted(p for p in (home / "knowledge").rglob("*.md") if "interactions" in p.parts)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SECOND_CHANCE_"))}
    env |= {"SECOND_CHANCE_HOME": str(home), "ANONYMIZED_TELEMETRY": "False", "COLUMNS": "120"}
    sc = [str(BIN / "second-chance")]
    if size > 2000:  # a first index of 10,000 notes takes a minute or more: three runs, and say so
        repeat = min(repeat, 3)
    first_runs = repeat
    results: dict[str, list[dict[str, float]]] = {name: [] for name in COMMANDS}

    def say(text: str) -> None:
        print(f"[{size}] {text}", file=sys.stderr, flush=True)

    say("--help")
    results["--help"] = [run([*sc, "--help"], env, home) for _ in range(repeat)]
    say(f"first index x{first_runs}")
    for _ in range(first_runs):
        shutil.rmtree(home / ".second-chance", ignore_errors=True)
        results["index (first)"].append(run([*sc, "index"], env, home))
    say("unchanged, touched, edited")
    results["index (unchanged)"] = [run([*sc, "index"], env, home) for _ in range(repeat)]
    for i in range(repeat):
        os.utime(files[i])
        results["index (one note touched)"].append(run([*sc, "index"], env, home))
    for i in range(repeat):
        with files[-1 - i].open("a", encoding="utf-8") as handle:
            handle.write(f"\nAdded later: they asked for my notes on schema evolution ({i}).\n")
        results["index (one note edited)"].append(run([*sc, "index"], env, home))
    say("search, people, plan, draft")
    results["search"] = [run([*sc, "search", QUERIES[i % len(QUERIES)]], env, home) for i in range(repeat)]
    results["people"] = [run([*sc, "people"], env, home) for _ in range(repeat)]
    results["plan"] = [run([*sc, "plan", "--today", "2026-11-25"], env, home) for _ in range(repeat)]
    results["draft --model offline"] = [
        run([*sc, "draft", "follow-up", "--to", "Dana Reyes", "--model", "offline"], env, home, ok=(0, 1))
        for _ in range(repeat)
    ]
    figures: dict[str, Any] = {"size": size, "commands": {name: summary(r) for name, r in results.items()}}
    figures["chunks"] = json.loads(subprocess.run([*sc, "index", "--json"], env=env, cwd=home, check=True,
                                                  capture_output=True, text=True).stdout)["chunks"]
    say("embedding calls at the stand-in endpoint")
    figures["embedding_calls"] = count_embeddings(home, env, sc, files)
    if langchain:
        say(f"plain LangChain x{first_runs}")
        store = workdir / f"langchain-{size}"
        lc = [sys.executable, __file__, "--langchain"]
        plain: dict[str, list[dict[str, float]]] = {name: [] for name in LANGCHAIN}
        for _ in range(first_runs):
            shutil.rmtree(store, ignore_errors=True)
            plain["index (first)"].append(run([*lc, "index", str(home / "knowledge"), str(store)], env, home))
        for _ in range(first_runs):
            plain["re-index (nothing changed)"].append(
                run([*lc, "index", str(home / "knowledge"), str(store)], env, home))
        plain["search"] = [run([*lc, "search", str(home / "knowledge"), str(store)], env, home)
                           for _ in range(repeat)]
        figures["langchain"] = {name: summary(r) for name, r in plain.items()}
        shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    return figures


def first_index(home: Path, repeat: int) -> None:
    """Time a first `index` of HOME/knowledge and the plain LangChain pipeline over it, alternately, and print both.

    Each round deletes HOME/.second-chance first; the two alternate so that both see the same moment of a shared
    machine. HOME is the user's: copy a corpus there first.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SECOND_CHANCE_"))}
    env |= {"SECOND_CHANCE_HOME": str(home), "ANONYMIZED_TELEMETRY": "False", "COLUMNS": "120"}
    runs: dict[str, list[dict[str, float]]] = {"second-chance": [], "LangChain": []}
    with tempfile.TemporaryDirectory(prefix="second-chance-first-") as tmp:
        for round_ in range(repeat):
            shutil.rmtree(home / ".second-chance", ignore_errors=True)
            runs["second-chance"].append(run([str(BIN / "second-chance"), "index"], env, home))
            store = Path(tmp) / "langchain"
            shutil.rmtree(store, ignore_errors=True)
            runs["LangChain"].append(run([sys.executable, __file__, "--langchain", "index", str(home / "knowledge"),
                                          str(store)], env, home))
            print(f"round {round_ + 1}: " + ", ".join(f"{name} {r[-1]['wall']:.2f} s wall {r[-1]['cpu']:.2f} s CPU"
                                                      for name, r in runs.items()), file=sys.stderr, flush=True)
    for name, r in runs.items():
        figure = summary(r)
        print(f"{name}: wall {figure['wall']:.2f} s ({figure['wall_min']:.2f}-{figure['wall_max']:.2f}), CPU "
              f"{figure['cpu']:.2f} s ({figure['cpu_min']:.2f}-{figure['cpu_max']:.2f}), {figure['rss_mb']:.0f} MB")


def count_embeddings(home: Path, env: dict[str, str], sc: list[str], files: list[Path]) -> dict[str, Any]:
    """Embedding requests and texts per command with SECOND_CHANCE_EMBEDDINGS=openai at a stand-in server."""
    server = Embeddings()
    state = home / "openai-home"
    state.mkdir(exist_ok=True)
    env = env | {"SECOND_CHANCE_HOME": str(state), "SECOND_CHANCE_KNOWLEDGE": str(home / "knowledge"),
                 "SECOND_CHANCE_EMBEDDINGS": "openai", "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "bench",
                 "SECOND_CHANCE_MODEL": "offline"}  # a key alone would read notes with a model
    counted: dict[str, Any] = {}
    steps = [("index (first)", ["index"]), ("index (unchanged)", ["index"]), ("index (one note touched)", ["index"]),
             ("index (one note edited)", ["index"]), ("search", ["search", QUERIES[0]]),
             ("draft --model offline", ["draft", "follow-up", "--to", "Dana Reyes", "--model", "offline"])]
    for name, args in steps:
        if name.endswith("touched)"):
            os.utime(files[len(files) // 2])
        if name.endswith("edited)"):
            with files[len(files) // 2].open("a", encoding="utf-8") as handle:
                handle.write("\nOne more line, edited for the embedding count.\n")
        timing = run([*sc, *args], env, state, ok=(0, 1))
        calls, texts = server.take()
        counted[name] = {"calls": calls, "texts": texts, "wall": timing["wall"], "cpu": timing["cpu"]}
    server.shutdown()
    return counted


# ---------------------------------------------------------------------------------------------------------
# The report


def machine() -> str:
    """Cores, memory, Python and the date, for the report's header."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}, {dt.date.today().isoformat()}")


def _cell(figure: dict[str, float]) -> str:
    return f"{figure['cpu']:.2f} / {figure['wall']:.2f}"


def report(all_figures: list[dict[str, Any]], repeat: int) -> str:
    """The Markdown report: a summary across sizes, then every figure per size."""
    sizes = [f["size"] for f in all_figures]
    lines = ["# Benchmarks", "", f"Machine: {machine()}. Measured by `make bench` (`scripts/bench.py`), never by "
             "timed tests.", "", "Every figure is a whole process, the way a user runs it (imports, model load "
             f"and Chroma start included): median of {repeat} runs (at most 3 above 2,000 notes; the runs column "
             "says how many), range in brackets. Local WordLlama embeddings, embedded Chroma.", "",
             "## Summary: CPU seconds / wall seconds (median)", "",
             "| command | " + " | ".join(f"{s:,} notes" for s in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for name in COMMANDS:
        lines.append(f"| `{name}` | " + " | ".join(_cell(f["commands"][name]) for f in all_figures) + " |")
    if all("langchain" in f for f in all_figures):
        lines += ["", "## Against a plain LangChain pipeline (CPU seconds, ours vs LangChain's; wall ratio)", "",
                  "Plain pipeline: RecursiveCharacterTextSplitter (700 characters) + langchain-chroma + the same "
                  "WordLlama model; it re-embeds every note on every run, as such a pipeline does.", "",
                  "| step | " + " | ".join(f"{s:,} notes" for s in sizes) + " |", "|---|" + "---|" * len(sizes)]
        ours = {"index (first)": "index (first)", "re-index (nothing changed)": "index (unchanged)",
                "search": "search"}
        for name in LANGCHAIN:
            cells = []
            for f in all_figures:
                mine, theirs = f["commands"][ours[name]], f["langchain"][name]
                cells.append(f"{mine['cpu']:.2f} s vs {theirs['cpu']:.2f} s = {mine['cpu'] / theirs['cpu']:.2f} "
                             f"(wall {mine['wall'] / theirs['wall']:.2f})")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Embedding calls (SECOND_CHANCE_EMBEDDINGS=openai at a stand-in endpoint on 127.0.0.1)", "",
              "| command | " + " | ".join(f"{s:,} notes: requests / texts / wall s" for s in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for name in all_figures[0]["embedding_calls"]:
        cells = [f"{c['calls']} / {c['texts']} / {c['wall']:.2f}" for c in (f["embedding_calls"][name]
                                                                          for f in all_figures)]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    for f in all_figures:
        lines += ["", f"## {f['size']:,} notes ({f['chunks']:,} chunks)", "",
                  "| command | runs | wall median (range) s | CPU median (range) s | peak memory MB |",
                  "|---|---|---|---|---|"]
        rows = [(f"`{n}`", f["commands"][n]) for n in COMMANDS]
        rows += [(f"LangChain: {n}", fig) for n, fig in f.get("langchain", {}).items()]
        for label, g in rows:
            lines.append(f"| {label} | {g['runs']} | {g['wall']:.2f} ({g['wall_min']:.2f}-{g['wall_max']:.2f}) | "
                         f"{g['cpu']:.2f} ({g['cpu_min']:.2f}-{g['cpu_max']:.2f}) | {g['rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmark over each size and write the report."""
    if len(sys.argv) > 1 and sys.argv[1] == "--langchain":
        langchain_main(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,10000", help="Comma-separated corpus sizes.")
    parser.add_argument("--repeat", type=int, default=5, help="Runs per command (median and range).")
    parser.add_argument("--report", type=Path, default=None, help="Write the Markdown report here.")
    parser.add_argument("--json", type=Path, default=ROOT / "evals/out/bench.json", help="Raw figures.")
    parser.add_argument("--no-langchain", action="store_true", help="Skip the plain LangChain pipeline.")
    parser.add_argument("--first", type=Path, default=None, metavar="HOME",
                        help="Only a first index of HOME/knowledge, ours and the plain one, alternately.")
    args = parser.parse_args()
    if args.first is not None:
        first_index(args.first.resolve(), args.repeat)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="second-chance-bench-") as tmp:
        figures = [bench_size(size, args.repeat, Path(tmp), not args.no_langchain) for size in sizes]
    text = report(figures, args.repeat)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine(), "sizes": figures}, indent=2) + "\n")
    if args.report:
        kept = ""
        if args.report.exists() and KEEP in args.report.read_text():
            kept = args.report.read_text().split(KEEP, 1)[1]
        args.report.write_text(f"{text}\n{KEEP}{kept}" if kept else text)


if __name__ == "__main__":
    main()
