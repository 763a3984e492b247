"""Run a command as a whole process, as a user would, and tell which modules it imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# The modules are listed when the process exits (an exit handler): a listing ends itself as soon as it is done.
_PROBE = """
import atexit
import sys
atexit.register(lambda: print("MODULES:" + ",".join(sorted(sys.modules)), file=sys.stderr))
from assistant.cli import main
sys.argv = ["second-chance", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
"""


def run_and_list_modules(*command: str, cwd: Path | None = None) -> tuple[str, set[str]]:
    """The command's standard output, and every module (`chromadb`, `assistant.reading.rules`, ...) it imported."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *command], capture_output=True, text=True, cwd=cwd,
                          check=True)
    return done.stdout, set(done.stderr.rpartition("MODULES:")[2].strip().split(","))


def top_level(modules: set[str]) -> set[str]:
    """The packages `modules` belong to: `chromadb.api` -> `chromadb`."""
    return {m.split(".")[0] for m in modules}
