"""Prompts as files: loaded by name from prompts/, validated on load, rendered by name.

A prompt file is Markdown with a small front matter that declares its variables:

    ---
    description: What this prompt is for.
    variables: [company, role]
    ---
    Text with {company} and {role}; write literal braces as {{ and }}.

A workspace's own `prompts/` folder overrides a shipped prompt with the same name. Filling `{x}` needs only
`string.Formatter` (the same syntax as langchain-core's f-string templates); chat prompts become
ChatPromptTemplate messages, the only place langchain-core is imported here.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import TemplateError
from assistant.resources import bundled

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)


class PromptMeta(BaseModel):
    """The front matter of a prompt file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(description="What the prompt is for, in one line.")
    variables: tuple[str, ...] = Field(default=(), description="Every {variable} the text uses.")
    subjects: tuple[str, ...] = Field(
        default=(), description="Offline templates only: subject line templates, the first that can be filled wins."
    )
    required: tuple[str, ...] = Field(
        default=(), description="Offline templates only: facts the letter cannot do without; `a|b` means either."
    )


class Prompt(BaseModel):
    """One prompt file, validated: its name, where it came from, its front matter and its text."""

    model_config = ConfigDict(frozen=True)

    name: str
    path: Path
    meta: PromptMeta
    template: str

    def render(self, **values: Any) -> str:
        """Fill the template; missing variables are a TemplateError that names them."""
        self.require(values)
        return self.template.format(**_only(values, self.meta.variables))

    def render_subject(self, *, max_chars: int, **values: Any) -> str:
        """Fill the first subject template whose variables all have values and that fits in `max_chars`."""
        self.require(values)
        for subject in self.meta.subjects:
            names = template_fields(subject)
            if all(values[name] for name in names):
                text = subject.format(**_only(values, names))
                if len(text) <= max_chars:
                    return text
        raise TemplateError(f"{self.path}: no subject in `subjects:` can be filled; add one without variables.")

    def require(self, values: dict[str, Any]) -> None:
        """Raise a TemplateError naming the declared variables that `values` lacks."""
        missing = [name for name in self.meta.variables if name not in values]
        if missing:
            raise TemplateError(f"Missing variables: {', '.join(missing)} (prompt '{self.name}', {self.path}).")


def template_fields(text: str) -> tuple[str, ...]:
    """The `{names}` a template uses, in order, once each; a ValueError when the braces are malformed."""
    names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    bad = [name for name in names if not name.isidentifier()]
    if bad:
        raise ValueError(f"'{{{bad[0]}}}' is not a variable name")
    return tuple(dict.fromkeys(names))


def _only(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: values[name] for name in names}


def prompt_dirs(workspace: Path | None = None) -> list[Path]:
    """Where prompts are looked up, first match wins: the workspace's prompts/, then the shipped ones."""
    dirs = [workspace / "prompts"] if workspace is not None else []
    return [*dirs, bundled("prompts")]


def load_prompt(name: str, *, workspace: Path | None = None) -> Prompt:
    """Load and validate the prompt `name` (e.g. "system", "kinds/follow-up")."""
    for folder in prompt_dirs(workspace):
        path = folder / f"{name}.md"
        if path.is_file():
            return _parse(name, path, path.stat().st_mtime_ns)
    raise TemplateError(f"No prompt named '{name}'; expected prompts/{name}.md (shipped or in your workspace).")


def chat_messages(
    names: tuple[str, str], values: dict[str, Any], *, workspace: Path | None = None
) -> list[BaseMessage]:
    """Render a (system, human) pair of prompts into chat messages in one pass (values are never re-parsed)."""
    from langchain_core.prompts import ChatPromptTemplate

    system, human = (load_prompt(name, workspace=workspace) for name in names)
    system.require(values)
    human.require(values)
    template = ChatPromptTemplate.from_messages([("system", system.template), ("human", human.template)])
    wanted = set(system.meta.variables) | set(human.meta.variables)
    return template.format_messages(**{key: value for key, value in values.items() if key in wanted})


@cache
def _parse(name: str, path: Path, _mtime: int) -> Prompt:
    # Cached per modification time, so a prompt edited while a chat runs is re-read.
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    if not match:
        raise TemplateError(f"{path} has no front matter; start it with ---, description: and variables:, then ---.")
    import yaml

    try:
        raw = yaml.safe_load(match.group(1)) or {}
        meta = PromptMeta.model_validate(raw)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: the front matter is not valid YAML ({exc}).") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "front matter"
        raise TemplateError(f"{path}: '{field}' {first['msg'].lower()}; allowed keys: "
                            f"{', '.join(PromptMeta.model_fields)}.") from None
    body = match.group(2).strip() + "\n"
    used: set[str] = set()
    for part in (body, *meta.subjects):
        try:
            used |= set(template_fields(part))
        except (ValueError, KeyError) as exc:
            raise TemplateError(
                f"{path}: the text is not a valid template ({exc}); write literal braces as {{{{ }}}}."
            ) from None
    undeclared = sorted(used - set(meta.variables))
    if undeclared:
        raise TemplateError(f"{path} uses undeclared variables: {', '.join(undeclared)}; add them to `variables:`.")
    unknown = sorted({name for need in meta.required for name in need.split("|")} - set(meta.variables))
    if unknown:
        raise TemplateError(f"{path} requires facts it does not declare: {', '.join(unknown)}; fix `required:`.")
    unused = sorted(set(meta.variables) - used)
    if unused:
        raise TemplateError(f"{path} declares variables it never uses: {', '.join(unused)}; remove them.")
    return Prompt(name=name, path=path, meta=meta, template=body)
