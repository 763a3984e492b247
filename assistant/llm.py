"""The chat model: ChatOpenAI against OpenAI or any OpenAI-compatible server, or `offline`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.config import OFFLINE, Settings
from assistant.errors import ConfigError, ModelError, SecondChanceError

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

    from assistant.guard import bound

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return ChatOpenAI(
        model=name,
        api_key=key,  # type: ignore[arg-type]
        base_url=settings.openai_base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        streaming=streaming,
        http_client=bound(http_client, cap=settings.max_reply_bytes, timeout=settings.timeout),
        http_async_client=http_async_client,
        http_socket_options=(),  # our own deadline bounds a hang; langchain's transport would hide the proxy settings
    )


@contextlib.contextmanager
def model_errors(name: str) -> Iterator[None]:
    """Turn the SDK's exceptions into one-line errors: config problems exit 2, service failures exit 3."""
    import openai

    try:
        yield
    except openai.OpenAIError as exc:
        raise describe(exc, name) from None


def describe(exc: Exception, name: str, *, what: str = "model") -> SecondChanceError:
    """One line for an SDK error that says what happened and what to do (`what`: model or embeddings API)."""
    import httpx2
    import openai

    from assistant.guard import ReplyTooLarge, ReplyTooSlow

    if isinstance(exc, ReplyTooLarge):
        return ModelError(f"The {what}'s reply was over {exc.cap} bytes, so it was refused; check OPENAI_BASE_URL, "
                          "or raise SECOND_CHANCE_MAX_REPLY_BYTES if such replies are expected.")
    if isinstance(exc, ReplyTooSlow):
        return ModelError(f"The {what} did not finish its reply within SECOND_CHANCE_TIMEOUT ({exc.timeout:g} s); "
                          "try again, or raise SECOND_CHANCE_TIMEOUT for a slow model.")
    if isinstance(exc, openai.AuthenticationError):
        api = what if what.endswith("API") else f"{what} API"
        return ConfigError(f"The {api} refused the key; check OPENAI_API_KEY.")
    if isinstance(exc, openai.NotFoundError):
        return ConfigError(f"The endpoint has no model '{name}'; check --model or SECOND_CHANCE_MODEL.")
    if isinstance(exc, openai.RateLimitError):
        return ModelError(f"The {what} is rate-limited (HTTP 429) even after retries; wait a minute and retry.")
    if isinstance(exc, openai.APITimeoutError):
        return ModelError(f"The {what} did not answer within SECOND_CHANCE_TIMEOUT, even after retries; try again "
                          "later, or raise SECOND_CHANCE_TIMEOUT for a slow model.")
    if isinstance(exc, openai.APIConnectionError):
        if isinstance(exc.__cause__, (httpx2.RemoteProtocolError, httpx2.ReadError)):
            return ModelError(f"The {what}'s reply was cut off (the connection closed mid-reply), even after "
                              "retries; try again later.")
        return ModelError("Cannot reach the model endpoint; check OPENAI_BASE_URL and your connection.")
    if isinstance(exc, openai.APIStatusError):
        reason = server_reason(exc)
        if exc.status_code < 500:
            return ModelError(f"The {what} endpoint rejected the request (HTTP {exc.status_code}: {reason}); it was "
                              "not retried. Check --model and OPENAI_BASE_URL.")
        return ModelError(f"The {what} failed with HTTP {exc.status_code} ({reason}) after retries; try again later.")
    if isinstance(exc, openai.APIError):  # an error event inside a stream: no HTTP status to go by
        return ModelError(f"The {what} stopped mid-answer ({' '.join(exc.message.split())[:200]}); ask again.")
    reason = " ".join(str(exc).split())[:200] or type(exc).__name__
    return ModelError(f"The {what} failed ({reason}); try again, or use --model offline.")


def server_reason(exc: Any) -> str:
    """The server's own words for an HTTP error, on one line and short."""
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        message = body["error"].get("message")
    text = " ".join(str(message or "no reason given").split())
    return text if len(text) <= 200 else text[:199] + "…"


def not_a_reply(what: str) -> ModelError:
    """The error for a 200 reply that is not what the API sends (malformed JSON, `{}`, a web page)."""
    return ModelError(f"The {what} endpoint answered with something that is not an OpenAI reply; check "
                      "OPENAI_BASE_URL points at an OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1).")
