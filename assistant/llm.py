"""The chat model: ChatOpenAI against OpenAI or any OpenAI-compatible server, or `offline`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.config import OFFLINE, Settings
from assistant.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def resolve_model(settings: Settings, requested: str | None = None) -> str:
    """The model name to use: --model, else settings; a real model needs a key or an endpoint."""
    name = requested or settings.chat_model
    if name != OFFLINE and settings.openai_api_key is None and not settings.openai_base_url:
        raise ConfigError(
            f"Model '{name}' needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server (Ollama, vLLM, "
            "LM Studio); set one, or use --model offline."
        )
    return name


def chat_model(
    settings: Settings,
    name: str,
    *,
    streaming: bool = False,
    http_client: Any = None,
    http_async_client: Any = None,
) -> BaseChatModel:
    """A ChatOpenAI for `name` with the settings' endpoint, timeout and retries (not for `offline`)."""
    if name == OFFLINE:
        raise ValueError("the offline writer is not a chat model; check for OFFLINE before calling")
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return ChatOpenAI(
        model=name,
        api_key=key,  # type: ignore[arg-type]
        base_url=settings.openai_base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        streaming=streaming,
        http_client=http_client,
        http_async_client=http_async_client,
    )


@contextlib.contextmanager
def model_errors(name: str) -> Iterator[None]:
    """Turn the SDK's exceptions into one-line errors: config problems exit 2, service failures exit 3."""
    import openai

    try:
        yield
    except openai.AuthenticationError:
        raise ConfigError("The model API refused the key; check OPENAI_API_KEY.") from None
    except openai.NotFoundError:
        raise ConfigError(f"The endpoint has no model '{name}'; check --model or SECOND_CHANCE_MODEL.") from None
    except openai.RateLimitError:
        raise ModelError("The model is rate-limited (HTTP 429) even after retries; wait a minute and retry.") from None
    except openai.APITimeoutError:
        raise ModelError("The model did not answer in time, even after retries; try again later.") from None
    except openai.APIConnectionError:
        raise ModelError("Cannot reach the model endpoint; check OPENAI_BASE_URL and your connection.") from None
    except openai.APIStatusError as exc:
        raise ModelError(f"The model failed with HTTP {exc.status_code} after retries; try again later.") from None
