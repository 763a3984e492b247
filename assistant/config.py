"""Settings: command-line options > environment > `second-chance.toml` in the workspace > defaults."""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, PrivateAttr, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import ConfigError

CONFIG_FILE = "second-chance.toml"
STATE_DIR = ".second-chance"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
OFFLINE = "offline"

_toml_file: ContextVar[Path | None] = ContextVar("_toml_file", default=None)


class Settings(BaseSettings):
    """Every setting second-chance reads; build it with `load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="SECOND_CHANCE_", extra="forbid", populate_by_name=True, case_sensitive=False
    )

    home: Path = Field(description="The workspace folder: holds knowledge/, drafts/ and .second-chance/.")
    knowledge: Path | None = Field(default=None, description="The notes folder; <home>/knowledge by default.")
    model: str | None = Field(default=None, description="Chat model name, or 'offline'.")
    embeddings: Literal["local", "openai"] = Field(default="local", description="Embedding provider.")
    embedding_model: str = Field(default="text-embedding-3-small", description="OpenAI embedding model.")
    chroma_url: str | None = Field(default=None, description="A Chroma server URL; embedded when unset.")
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("openai_api_key", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("openai_base_url", "OPENAI_BASE_URL")
    )
    timeout: float = Field(default=60.0, gt=0, description="Seconds one model request may take, reply included.")
    max_retries: int = Field(default=2, ge=0, le=10, description="Retries on 429, 5xx and timeouts.")
    _found: bool = PrivateAttr(default=True)
    max_reply_bytes: int = Field(default=262_144, ge=1024, description="A model reply larger than this is refused.")
    tracing: bool = Field(
        default=False, description="Let LangSmith/LangChain tracing upload prompts (note text included)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = _toml_file.get()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @field_validator("openai_api_key", "openai_base_url", "model", "chroma_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        """`OPENAI_API_KEY=` (set but empty) means no key, not an empty one."""
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _tracing_only_when_asked(self) -> Settings:
        """Every settings object keeps tracing off unless the user opted in (SECOND_CHANCE_TRACING=1)."""
        if not self.tracing:
            disable_tracing()
        return self

    @property
    def workspace_found(self) -> bool:
        """Whether `home` is a real workspace (given, or found in this folder or a parent), not a fallback."""
        return self._found

    @property
    def knowledge_dir(self) -> Path:
        """The folder of notes."""
        return self.knowledge if self.knowledge is not None else self.home / "knowledge"

    @property
    def state_dir(self) -> Path:
        """Where second-chance keeps its index and chat transcripts."""
        return self.home / STATE_DIR

    @property
    def drafts_dir(self) -> Path:
        """Where letters are written."""
        return self.home / "drafts"

    @property
    def chat_model(self) -> str:
        """The chat model to use: the one asked for, else OpenAI's when a key or endpoint is set, else offline."""
        if self.model:
            return self.model
        if self.openai_api_key is not None or self.openai_base_url:
            return DEFAULT_OPENAI_MODEL
        return OFFLINE


# What switches LangSmith/LangChain tracing on from the environment; a user's shell may set them for other work.
TRACING_VARIABLES = ("LANGSMITH_TRACING", "LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING")


def disable_tracing() -> None:
    """Turn LangSmith/LangChain tracing off for this process, whatever the environment says."""
    found = [name for name in TRACING_VARIABLES if os.environ.get(name, "").strip().lower() not in {"", "0", "false"}]
    if not found:
        return
    for name in found:
        os.environ[name] = "false"
    try:  # langsmith caches what it read from the environment; tell it directly too
        import langsmith

        langsmith.configure(enabled=False)
    except (ImportError, AttributeError):
        pass


def load_settings(*, home: Path | None = None, **options: Any) -> Settings:
    """Read settings for the workspace `home`: the option, else SECOND_CHANCE_HOME, else the nearest folder
    from the current one up that holds second-chance.toml, .second-chance/ or knowledge/ (as git finds a repo).
    """
    from assistant.workspace import find_workspace

    given_home = home or (Path(os.environ["SECOND_CHANCE_HOME"]) if os.environ.get("SECOND_CHANCE_HOME") else None)
    found = find_workspace(Path.cwd()) if given_home is None else given_home.expanduser().resolve()
    workspace = found or Path.cwd().resolve()
    if workspace.exists() and not workspace.is_dir():
        raise ConfigError(f"The workspace {workspace} is a file; point SECOND_CHANCE_HOME at a folder.")
    config = workspace / CONFIG_FILE
    _check_toml(config)
    given = {key: value for key, value in options.items() if value is not None}
    token = _toml_file.set(config if config.is_file() else None)
    try:
        settings = Settings(home=workspace, **given)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, config)) from None
    finally:
        _toml_file.reset(token)
    if settings.knowledge is not None and not settings.knowledge.is_absolute():
        settings.knowledge = (workspace / settings.knowledge).resolve()
    settings._found = found is not None
    return settings


def _check_toml(config: Path) -> None:
    if not config.is_file():
        return
    try:
        tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config} is not valid TOML ({exc}); fix or delete it.") from None


def _explain(exc: ValidationError, config: Path) -> str:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "settings"
    if first["type"] == "extra_forbidden":
        return f"Unknown setting '{field}' in {config.name}; remove it (see README, Configuration)."
    return f"Setting '{field}' is invalid: {first['msg']}; fix it in {config.name}, the environment or the option."
