"""Create a workspace: a knowledge/ folder with one example note per type."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.errors import ConfigError

SKELETON = Path(__file__).resolve().parent / "skeleton"


def init_workspace(directory: Path) -> list[str]:
    """Copy the example notes into `directory`, never overwriting a file; return what was created."""
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory} is a file; choose a folder for the workspace.")
    created: list[str] = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(SKELETON)
        target = directory / relative
        if target.exists():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as exc:
            raise ConfigError(
                f"Cannot create {target} ({exc.strerror}); choose a folder you can write to."
            ) from None
        created.append(relative.as_posix())
    return created
