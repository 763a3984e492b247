"""Embedding providers: `local` (WordLlama's bundled model, offline) and `openai` (any compatible server)."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import numpy as np

    from assistant.config import Settings

# From this many batches to embed, a forked worker embeds each batch while the caller stores the one before (the
# local model only: it is in this process's memory, so the worker shares it and computes exactly the same vectors).
AHEAD_FROM = 4


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
    forks = True  # a forked worker may embed with it (see embed_batches)

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


def embed_batches(embedder: Embedder, batches: list[list[str]]) -> Generator[np.ndarray, None, None]:
    """Each batch's vectors in order (float32, a row per text), the same as `embed_documents` gives.

    From AHEAD_FROM batches with the local model on Linux, a forked worker embeds them one batch ahead: while the
    caller stores batch i (Chroma holds the GIL as it inserts, so a thread could not overlap), batch i+1 is being
    embedded on another core. A worker that dies leaves the rest to this process. Close the iterator when done.
    """
    import numpy as np

    receive, process = None, None
    if len(batches) >= AHEAD_FROM and getattr(embedder, "forks", False):
        receive, process = _start_worker(embedder, batches)
    try:
        for texts in batches:
            data = None
            if receive is not None:
                try:
                    data = receive.recv_bytes()
                except (EOFError, OSError):  # the worker is gone: this process embeds the rest
                    receive = None
            if data is None:
                yield np.asarray(embedder.embed_documents(texts), dtype=np.float32)
            else:
                yield np.frombuffer(data, dtype=np.float32).reshape(len(texts), -1)
    finally:
        if receive is not None:
            receive.close()
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()


def _start_worker(embedder: Embedder, batches: list[list[str]]) -> tuple[Connection | None, Any]:
    """Fork the worker that embeds `batches` in order, sending each one's vectors; (None, None) without fork."""
    import multiprocessing

    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return None, None  # fork is missing on Windows and unsafe on macOS
    load = getattr(embedder, "_load", None)
    if load is not None:
        load()  # once, here: the worker shares the model, and this process queries with it afterwards
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_embed_ahead, args=(send, embedder, batches), name="second-chance embedding",
                              daemon=True)  # never outlives this process
    # The tokenizer's thread pool does not survive a fork: the worker tokenizes on its own thread, and says nothing.
    before = os.environ.get("TOKENIZERS_PARALLELISM")
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    try:
        process.start()
    finally:
        if before is None:
            del os.environ["TOKENIZERS_PARALLELISM"]
        else:
            os.environ["TOKENIZERS_PARALLELISM"] = before
    send.close()  # only the worker writes: its end closing tells this one it is gone
    return receive, process


def _embed_ahead(pipe: Connection, embedder: Embedder, batches: list[list[str]]) -> None:
    """The worker: embed each batch and send its vectors; an error or Ctrl-C just ends it (the caller takes over)."""
    import numpy as np

    with contextlib.suppress(Exception, KeyboardInterrupt):
        for texts in batches:
            pipe.send_bytes(np.asarray(embedder.embed_documents(texts), dtype=np.float32).tobytes())
    with contextlib.suppress(OSError):
        pipe.close()


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
