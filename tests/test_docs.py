"""The documents stay true: every command's real `--json` output matches docs/schemas/, and every link resolves."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer

from assistant.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMAS = DOCS / "schemas"
CONNECTIONS = ("Notes:\n\"When exporting your connection data, some email addresses may be missing.\"\n\n"
               "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               "Tomasz,Wójcik,https://linkedin.com/in/tw,tw@northwind.example,Northwind Analytics,Engineer,"
               "12 Jan 2024\n")


def validate(name: str, document: Any) -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)


def json_commands() -> set[str]:
    """Every command (with its group: `import linkedin`) that takes --json."""
    found = set()

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "commands"):  # a group (typer vendors its own click, so no isinstance)
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        elif any("--json" in getattr(p, "opts", []) for p in command.params):
            found.add(prefix)

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_with_json_has_a_documented_schema():
    documented = {path.stem.replace("-", " ") for path in SCHEMAS.glob("*.json")}
    assert json_commands() == documented
    table = (DOCS / "json-output.md").read_text()
    for name in documented:
        schema = json.loads((SCHEMAS / f"{name.replace(' ', '-')}.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert f"](schemas/{name.replace(' ', '-')}.json)" in table


def test_real_json_output_matches_the_documented_schemas(workspace, cli, tmp_path):
    def run(*args: str, ok: tuple[int, ...] = (0,)) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code in ok, result.stderr
        return json.loads(result.stdout)

    outputs: dict[str, Callable[[], Any]] = {
        "init": lambda: run("init", str(tmp_path / "fresh")),
        "index": lambda: run("index"),
        "notes": lambda: run("notes"),
        "search": lambda: run("search", "what does Dana care about", "-k", "3"),
        "people": lambda: run("people"),
        "plan": lambda: run("plan", "--today", "2026-11-25", "--ics", str(tmp_path / "c.ics")),
        "draft": lambda: run("draft", "follow-up", "--to", "Marcus Chen", "--eml", ok=(0, 1)),
    }
    documents = {name: make() for name, make in outputs.items()}
    draft = documents["draft"]
    documents["check"] = run("check", draft["path"], ok=(0, 1))
    documents["sent"] = run("sent", draft["path"], "--date", "2026-11-26")
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(CONNECTIONS, encoding="utf-8")
    documents["import-linkedin"] = run("import", "linkedin", str(csv_file))
    documents["eval"] = run("eval", "--case", "retrieval-sample-rejection-reason")
    for name, document in documents.items():
        validate(name, document)
    assert documents["plan"]["ics"]["events"] > 0 and documents["draft"]["eml"]["mailto"].startswith("mailto:")
    assert documents["import-linkedin"]["written"] == ["imported/tomasz-wojcik.md"]


def test_a_schema_catches_a_wrong_shape():
    with pytest.raises(jsonschema.ValidationError):
        validate("sent", {"path": "x.md", "status": "draft", "sent": "2026-11-26", "already_sent": None})
    with pytest.raises(jsonschema.ValidationError):
        validate("search", {"query": "q", "results": [{"id": "n1", "source": "a.md", "score": 0.1, "text": "t",
                                                       "metadata": {}, "rank": 0, "relevance": "great"}]})


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slugs(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown text."""
    headings = re.findall(r"(?m)^#{1,6}\s+(.+?)\s*#*\s*$", markdown)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("document", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_relative_links_resolve(document: Path):
    text = document.read_text()
    links = [link for link in LINK.findall(text) if not re.match(r"[a-z]+:", link)]
    assert links, f"{document.name} links nowhere: the test would check nothing"
    for link in links:
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        assert path.exists(), f"{document.name}: {link} points nowhere"
        if anchor:
            assert path.suffix == ".md" and anchor in slugs(path.read_text()), f"{document.name}: #{anchor} not found"


def test_readme_no_longer_points_to_a_design_file_outside_the_repository():
    assert "DESIGN.md" not in (ROOT / "README.md").read_text()
