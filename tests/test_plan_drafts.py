"""Every letter `plan` asks for can be drafted: `draft` never refuses (exit 2) a step the plan printed.

Run on the bundled sample and on every eval persona, offline, as a user would: `plan --json`, then each step's
`second-chance draft ...` command exactly as printed.
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "knowledge", *sorted(p for p in (ROOT / "evals" / "personas").iterdir() if p.is_dir())]


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
@pytest.mark.parametrize("today", ["2026-11-25", "2027-03-01"])
def test_every_planned_letter_can_be_drafted(folder: Path, today: str, home: Path,
                                             cli: Callable[..., Result]) -> None:
    shutil.copytree(folder, home / "knowledge")
    planned = cli("plan", "--today", today, "--json")
    assert planned.exit_code == 0, planned.stderr
    commands = [s["command"] for c in json.loads(planned.stdout)["companies"] for s in c["steps"] if s["command"]]
    refused = []
    for command in commands:
        args = shlex.split(command)
        assert args[:2] == ["second-chance", "draft"], command
        result = cli(*args[1:], "--model", "offline", "--json")
        if result.exit_code not in (0, 1):
            refused.append(f"{command}: exit {result.exit_code}: {result.stderr.strip()}")
    assert refused == []


def test_the_sample_plan_has_letters_to_draft(workspace: Path, cli_json: Callable[..., dict]) -> None:
    steps = [s for c in cli_json("plan", "--today", "2026-11-25")["companies"] for s in c["steps"] if s["command"]]
    assert {s["kind"] for s in steps} >= {"follow-up", "consultant-offer", "referral-request", "progress-update"}
