"""The demo runs the whole flow on the bundled notes without touching the user's own workspace."""

from __future__ import annotations

import os


def test_demo_runs_whole_flow_in_its_own_state_folder(home, cli):
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "added 15, updated 0, removed 0, unchanged 0" in out
    assert "Sam Patel" in out and "people/sam-patel.md" in out
    assert "Northwind Analytics  WAIT" in out or "Northwind Analytics  READY" in out
    drafts = sorted(p.name for p in (home / ".second-chance/demo/drafts").iterdir())
    assert len(drafts) == 2
    assert drafts[0].endswith("-consultant-offer-sam-patel.md") and drafts[1].endswith("-follow-up-dana-reyes.md")
    assert not (home / "drafts").exists() and not (home / ".second-chance/chroma").exists()
    assert os.environ["SECOND_CHANCE_HOME"] == str(home)  # restored after the demo
    again = cli("demo")
    assert "added 0, updated 0, removed 0, unchanged 15" in again.stdout
    assert len(list((home / ".second-chance/demo/drafts").iterdir())) == 4  # a second draft never overwrites
