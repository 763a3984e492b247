"""Break the product on purpose, one small break at a time, and report which breaks the evals (and tests) catch.

usage: python scripts/mutate.py [--only ID,ID] [--tests] [-j 1] [--markdown FILE] [--list]

Each break is an exact text replacement in one file of a COPY of the project (a temporary folder; the working
tree is never touched). The copy runs `second-chance eval` (and with --tests, pytest) with PYTHONPATH pointing
at it; a break is caught when the run exits non-zero. An unchanged copy must pass first, or nothing is measured.
Not part of CI: it takes one eval run per break (about 10-20 s each on two cores).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("assistant", "prompts", "evals", "knowledge", "tests", "pyproject.toml")


@dataclass(frozen=True)
class Break:
    """One deliberate break: replace `old` (which must occur exactly once) by `new` in `path`."""

    id: str
    what: str
    path: str
    old: str
    new: str


def _check_off(name: str) -> Break:
    return Break(f"check-{name}-off", f"the {name} check always passes", "assistant/checks.py",
                 "    return [check(subject, body, context, ids) for check in CHECKS]",
                 f"    return [c.model_copy(update={{'passed': True}}) if c.name == {name!r} else c\n"
                 "            for c in (check(subject, body, context, ids) for check in CHECKS)]")


BREAKS: tuple[Break, ...] = (
    # -- retrieval -------------------------------------------------------------------------------------------
    Break("bm25-nothing", "BM25 returns nothing", "assistant/lexical.py",
          "        known = [vocab[w] for w in tokenize([query])[0] if w in vocab]", "        known: list[int] = []"),
    Break("hybrid-dense-off", "hybrid search without its embedding half", "assistant/retrieval.py",
          "    for ranking in ([h.id for h in dense], _lexical_ids(index, query, where, depth)):",
          "    for ranking in ([], _lexical_ids(index, query, where, depth)):"),
    Break("hybrid-bm25-off", "hybrid search without its BM25 half", "assistant/retrieval.py",
          "    for ranking in ([h.id for h in dense], _lexical_ids(index, query, where, depth)):",
          "    for ranking in ([h.id for h in dense], []):"),
    Break("results-reversed", "search returns its top k worst first", "assistant/retrieval.py",
          "    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]",
          "    best = sorted(fused, key=lambda i: (-fused[i], i))[:k][::-1]"),
    Break("person-filter-dropped", "--person no longer filters", "assistant/retrieval.py",
          "    if person:\n        clauses.append(_person_clause(index, person))", "    if person:\n        pass"),
    Break("company-filter-dropped", "--company no longer filters", "assistant/retrieval.py",
          "        clauses.append({\"company\": resolve_name(company, companies, what=\"company\")})",
          "        resolve_name(company, companies, what=\"company\")"),
    Break("type-filter-dropped", "--type no longer filters", "assistant/retrieval.py",
          "        clauses.append({\"type\": type})", "        pass"),
    # -- the letter chain ------------------------------------------------------------------------------------
    Break("reask-removed", "no re-ask on malformed structured output", "assistant/chains.py",
          "            if attempt == 2:", "            if attempt >= 1:"),
    Break("letter-fences-removed", "prompts without the <note> fences", "assistant/fence.py",
          '    return element("note", text, id=note_id, source=source, **attributes)', "    return text"),
    Break("fence-escape-removed", "a note can close its own fence", "assistant/fence.py",
          "    return html.escape(text, quote=False)", "    return text"),
    Break("letter-tactics-removed", "letter prompts without the tactics", "assistant/chains.py",
          '        tactics="\\n".join(f"- {TACTICS[t].title}: {TACTICS[t].idea}" for t in kind.tactics),',
          '        tactics="",'),
    Break("recipient-notes-dropped", "letters no longer send the recipient's own notes (the hire's note for a "
          "consultant offer)", "assistant/chains.py",
          "    found = search(index, query, k=50, person=recipient.label)", "    found: list[Evidence] = []"),
    Break("progress-evidence-dropped", "letters no longer send progress notes", "assistant/chains.py",
          '    ("progress", 4, False),', '    ("progress", 0, False),'),
    Break("about-ignored", "--about no longer steers the evidence", "assistant/chains.py",
          "    query = \" \".join(filter(None, [about, kind.purpose, recipient.role, recipient.company]))",
          "    query = \" \".join(filter(None, [kind.purpose, recipient.role, recipient.company]))"),
    Break("revision-off", "a letter failing its checks is never revised", "assistant/chains.py",
          "        if not failed:\n            return state", "        if True:\n            return state"),
    Break("revised-unchecked", "the revised letter keeps the first letter's checks", "assistant/chains.py",
          "        checks = run_checks(revised.subject, revised.body, context, cited=revised.cited_ids)",
          "        checks = state[\"checks\"]"),
    Break("no-tone-rules", "the system prompt loses its tone rules", "prompts/system.md",
          "- Tone: warm, confident and specific. No bitterness about the decision, no blame, no begging, no "
          "desperation,\n  no flattery.", "- Tone: warm."),
    Break("letter-no-signature", "the letter prompt drops the sign-off", "prompts/letter.md",
          "  this sign-off exactly as given:\n{signature}", "  a sign-off."),
    # -- checks, one at a time -------------------------------------------------------------------------------
    *(_check_off(name) for name in ("grounding", "recipient", "tone", "tactic", "length", "placeholders",
                                    "injection")),
    # -- the planner -----------------------------------------------------------------------------------------
    Break("verdict-red-flags-off", "the planner never says do-not-reapply", "assistant/planner/readiness.py",
          "    if evidence:", "    if False:"),
    Break("verdict-wait-off", "the planner never says wait", "assistant/planner/readiness.py",
          "    if today < earliest:", "    if False:"),
    Break("culture-misfit-off", "the offline reader ignores culture misfits", "assistant/reading/flags.py",
          '        kind="culture-misfit",\n        label="culture misfit",\n        patterns=(',
          '        kind="culture-misfit",\n        label="culture misfit",\n        patterns=(r"(?!)",) or ('),
    Break("reapply-one-month", "reapply after one month, not three", "assistant/planner/rules.py",
          "    reapply_after_months: int = Field(default=3,", "    reapply_after_months: int = Field(default=1,"),
    Break("congratulate-late", "congratulations a month after the start, not a week", "assistant/planner/rules.py",
          "    congratulate_after_days: int = Field(default=7,",
          "    congratulate_after_days: int = Field(default=30,"),
    Break("quotes-unverified", "the model reader's quotes are not checked against the notes",
          "assistant/reading/model.py", "        if len(wanted) < 3 or wanted not in haystack:",
          "        if not wanted:"),
    # -- the chat --------------------------------------------------------------------------------------------
    Break("chat-not-asked-to-cite", "the chat is no longer asked to cite", "prompts/chat-system.md",
          "Cite the note behind every fact with its id in square brackets, exactly as given, for example "
          "[{example_id}].", "For example, a note id looks like {example_id}."),
    Break("chat-fences-removed", "chat evidence without the <note> fences", "assistant/chat.py",
          '    return "\\n\\n".join(note(e.id, e.source, e.text) for e in evidence) or "(no passages found)"',
          '    return "\\n\\n".join(e.text for e in evidence) or "(no passages found)"'),
    Break("chat-citations-dropped", "chat answers lose their citations", "assistant/transcript.py",
          "        cited = dict.fromkeys(i for i in _CITED.findall(self.content) if i in by_id)",
          "        cited: dict[str, None] = {}"),
    Break("chat-no-followup-context", "the chat forgets the previous question when retrieving",
          "assistant/chat.py", "        if previous:\n            seen", "        if False:\n            seen"),
)


def copy_project(target: Path, source_root: Path = ROOT) -> None:
    """Copy what the evals and tests need into `target` (never the venv, caches or reports)."""
    ignore = shutil.ignore_patterns("__pycache__", "out", ".pytest_cache", "*.pyc")
    for name in COPIED:
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)


def apply(target: Path, item: Break) -> str | None:
    """Apply `item` in the copy at `target`; the reason it cannot be applied, or None."""
    path = target / item.path
    text = path.read_text(encoding="utf-8")
    found = text.count(item.old)
    if found != 1:
        return f"the text to replace occurs {found} times in {item.path}; update the break"
    path.write_text(text.replace(item.old, item.new), encoding="utf-8")
    return None


def run(target: Path, *, tests: bool) -> dict[str, object]:
    """Run the evals (and the tests) in the copy; what failed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SECOND_CHANCE_"))}
    env |= {"PYTHONPATH": str(target), "SECOND_CHANCE_HOME": str(target / "home"), "NO_COLOR": "1"}
    (target / "home").mkdir(exist_ok=True)
    evals = subprocess.run([sys.executable, "-m", "assistant", "eval", "--suite", str(target / "evals"), "--json"],
                           cwd=target, env=env, capture_output=True, text=True, check=False)
    outcome: dict[str, object] = {"evals": evals.returncode != 0, "why": _why(evals.stdout, evals.stderr)}
    if tests:
        pytest = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                                 "-m", "not integration"], cwd=target, env=env, capture_output=True, text=True,
                                check=False)
        outcome["tests"] = pytest.returncode != 0
    return outcome


def _why(stdout: str, stderr: str) -> str:
    try:
        report = json.loads(stdout)
    except ValueError:
        return (stderr.strip().splitlines() or ["no output"])[-1][:160]
    failed = [c for c in report["cases"] if c["status"] in {"failed", "error"}]
    # A failure that is not a recorded request differing: an assertion on behaviour caught the break.
    semantic = [c["id"] for c in failed if not c["message"].startswith(CASSETTE_MESSAGES)]
    metrics = [m["name"] for m in report["metrics"] if m["status"] == "fail"]
    parts = ([f"{len(failed)} case(s), {len(semantic)} beyond the recorded requests: "
              f"{', '.join((semantic or [c['id'] for c in failed])[:3])}{' ...' if len(failed) > 3 else ''}"]
             if failed else []) + ([f"metrics: {', '.join(metrics[:3])}"] if metrics else [])
    return "; ".join(parts) or "passed"


def _semantic(why: object) -> bool:
    """Whether the break was caught by more than the recorded requests (a case assertion or a metric)."""
    text = str(why)
    metrics = text.partition("metrics: ")[2].replace("cases.pass_rate", "").strip(", ")
    return " 0 beyond the recorded requests" not in text or bool(metrics)  # pass_rate only echoes the cases


CASSETTE_MESSAGES = ("request ", "the case sent ", "no recorded requests")


def trial(item: Break | None, snapshot: Path, *, tests: bool) -> dict[str, object]:
    """Copy the snapshot, break it (unless `item` is None: the baseline), run, clean up."""
    with tempfile.TemporaryDirectory(prefix="second-chance-mutate-") as folder:
        target = Path(folder)
        copy_project(target, snapshot)
        if item is not None:
            problem = apply(target, item)
            if problem:
                return {"evals": None, "why": problem}
        started = time.perf_counter()
        outcome = run(target, tests=tests)
        outcome["seconds"] = round(time.perf_counter() - started, 1)
        return outcome


def main() -> int:
    """Run the baseline, then every break; print and optionally write the score."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated break ids")
    parser.add_argument("--tests", action="store_true", help="also run pytest on each broken copy (slow)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="breaks run at once (default 1)")
    parser.add_argument("--markdown", type=Path, help="write the results as a Markdown table here")
    parser.add_argument("--list", action="store_true", help="list the breaks and exit")
    args = parser.parse_args()
    chosen = [b for b in BREAKS if not args.only or b.id in args.only.split(",")]
    if args.list:
        for item in chosen:
            print(f"{item.id:28} {item.what}")
        return 0
    with tempfile.TemporaryDirectory(prefix="second-chance-snapshot-") as folder:
        snapshot = Path(folder)  # the tree as it is now: later edits to the working tree do not leak in
        copy_project(snapshot)
        return _measure(chosen, snapshot, args)


def _measure(chosen: list[Break], snapshot: Path, args: argparse.Namespace) -> int:
    baseline = trial(None, snapshot, tests=args.tests)
    if baseline["evals"] or baseline.get("tests"):
        print(f"the unbroken copy does not pass ({baseline['why']}); fix that first", file=sys.stderr)
        return 2
    print(f"baseline passes ({baseline['seconds']} s); {len(chosen)} breaks", flush=True)
    results: dict[str, dict[str, object]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(trial, item, snapshot, tests=args.tests): item for item in chosen}
        for future in concurrent.futures.as_completed(futures):
            item = futures[future]
            results[item.id] = outcome = future.result()
            mark = {True: "caught", False: "MISSED", None: "STALE"}[outcome["evals"]]  # type: ignore[index]
            print(f"{mark:7} {item.id:28} {outcome['why']}", flush=True)
    caught = sum(1 for r in results.values() if r["evals"])
    semantic = sum(1 for r in results.values() if r["evals"] and _semantic(r["why"]))
    line = (f"evals caught {caught} of {len(chosen)} breaks ({semantic} by a case assertion or a metric, not only "
            "by a recorded request that differs)")
    if args.tests:
        line += f"; tests caught {sum(1 for r in results.values() if r.get('tests'))}"
    print(line)
    if args.markdown:
        rows = [f"| `{b.id}` | {b.what} | {'caught' if results[b.id]['evals'] else 'missed'} | {results[b.id]['why']} |"
                for b in chosen]
        args.markdown.write_text("\n".join([line, "", "| break | what | evals | by |", "|---|---|---|---|", *rows])
                                 + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
