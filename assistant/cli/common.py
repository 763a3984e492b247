"""Options and output helpers shared by every command group."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.config import Settings

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout and nothing else.")]
KnowledgeOption = Annotated[
    Path | None,
    typer.Option("--knowledge", help="The notes folder (default: <workspace>/knowledge).", show_default=False),
]


@cache
def console() -> Console:
    """Where results go."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@cache
def err_console() -> Console:
    """Where errors, warnings and progress go."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def settings(knowledge: Path | None = None, *, need_workspace: bool = True, **options: Any) -> Settings:
    """Load settings with the command's options on top; with no workspace found (and no --knowledge), say how
    to start one instead of working in (and writing to) whatever folder this is."""
    from assistant.config import load_settings
    from assistant.errors import ConfigError
    from assistant.workspace import no_workspace_message

    if knowledge is not None:
        knowledge = knowledge.expanduser().resolve()
    loaded = load_settings(knowledge=knowledge, **options)
    if need_workspace and knowledge is None and not loaded.workspace_found:
        raise ConfigError(no_workspace_message(Path.cwd()))
    return loaded


@contextlib.contextmanager
def spinner(first: str) -> Iterator[None]:
    """On a terminal, show the running step and the time elapsed on stderr while the block waits on a model."""
    if not err_console().is_terminal:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from assistant import progress

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task(first)
        with progress.listening(lambda text: bar.update(task, description=text[:1].upper() + text[1:])):
            yield


def print_json(document: Any) -> None:
    """Print one JSON document (pydantic models and dates included) on stdout."""
    from pydantic import BaseModel

    def default(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json", by_alias=True)
        if isinstance(value, Path):
            return str(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        raise TypeError(f"cannot encode {type(value).__name__}")

    typer.echo(json.dumps(document, default=default, ensure_ascii=False, indent=2))


def print_models_json(document: Any) -> None:
    """`print_json` for a document of pydantic models, dicts, lists, strings, integers, booleans and dates only:
    the same bytes, serialized by pydantic's core instead of json's pure-Python indenting encoder (a plan at
    10,000 notes: 45 ms to 7). Not for floats or times of day, which pydantic writes otherwise (1e-5, ...Z)."""
    from pydantic_core import to_json

    typer.echo(to_json(document, indent=2, by_alias=True).decode())
