"""Embedding providers: `local` (WordLlama's bundled model, offline) and `openai` (any compatible server)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.config import Settings


class Embedder(Protocol):
    """Turns texts into vectors; `fingerprint` names the model so an index knows what built it."""

    fingerprint: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages to store."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query."""
        ...


@functools.cache  # one model per process: the index's embedder and the offline writer's chooser share it
def wordllama_model() -> Any:
    """The bundled WordLlama model, loaded once per process (before a fork, so a worker shares it)."""
    root = logging.getLogger()
    before = list(root.handlers)
    import wordllama  # its import calls logging.basicConfig(level=INFO); undo that below

    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


class LocalEmbedder:
    """WordLlama's bundled 256-dimension model: fast, small and fully offline."""

    fingerprint = "local:wordllama-l2_supercat-256"

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            self._model = wordllama_model()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages, normalised to unit length."""
        if not texts:
            return []
        # WordLlama pads each batch of 64 to its longest text: embedded shortest first, a batch pads little. The
        # padding adds zeros after the text's own tokens, so each vector is the same, bit for bit.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = self._load().embed([texts[i] for i in order], norm=True)
        rows: list[list[float]] = [[]] * len(texts)
        for i, row in zip(order, vectors.tolist(), strict=True):  # tolist converts in C (a Python loop took 1.7 s)
            rows[i] = row
        return rows

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_documents([text])[0]


class OpenAIEmbedder:
    """OpenAI's embeddings API, or any server that speaks it (OPENAI_BASE_URL)."""

    def __init__(self, settings: Settings, *, http_client: Any = None) -> None:
        if settings.openai_api_key is None and not settings.openai_base_url:
            raise ConfigError(
                "SECOND_CHANCE_EMBEDDINGS=openai needs OPENAI_API_KEY or OPENAI_BASE_URL; set one, "
                "or use SECOND_CHANCE_EMBEDDINGS=local."
            )
        from langchain_openai import OpenAIEmbeddings

        from assistant.guard import bound

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self.fingerprint = fingerprint(settings)
        self._client = OpenAIEmbeddings(
            model=settings.embedding_model,
            api_key=key,  # type: ignore[arg-type]
            base_url=settings.openai_base_url,
            check_embedding_ctx_length=False,  # otherwise langchain downloads tiktoken tables
            max_retries=settings.max_retries,
            timeout=settings.timeout,
            http_client=bound(http_client, cap=settings.max_reply_bytes * 64, timeout=settings.timeout),
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages through the API."""
        import openai

        from assistant.llm import describe, not_a_reply

        try:
            vectors = self._client.embed_documents(texts) if texts else []
        except openai.OpenAIError as exc:
            raise describe(exc, self.fingerprint, what="embeddings API") from None
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):  # a 200 that is no embeddings reply
            raise not_a_reply("embeddings") from None
        if len(vectors) != len(texts) or not all(vectors):
            raise not_a_reply("embeddings")
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """Embed one query through the API."""
        return self.embed_documents([text])[0]


def fingerprint(settings: Settings) -> str:
    """The fingerprint of the embedder the settings ask for, without loading it or importing its client."""
    if settings.embeddings == "openai":
        return f"openai:{settings.embedding_model}"
    return LocalEmbedder.fingerprint


def make_embedder(settings: Settings) -> Embedder:
    """Return the embedder the settings ask for."""
    if settings.embeddings == "openai":
        return OpenAIEmbedder(settings)
    return LocalEmbedder()
