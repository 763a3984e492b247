"""What only the Chroma store needs: the client and our registered embedding function.

Importing this module imports chromadb (about 0.7 s); `assistant.index` imports it only when a run writes to the
store or a read cannot be answered from the files beside it (assistant/sidecar.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.embeddings import Embedder
from assistant.errors import IndexStateError


@register_embedding_function
class NotesEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our embedder, registered so Chroma never falls back to its downloading default."""

    def __init__(self, fingerprint: str, embedder: Embedder | None = None) -> None:
        self.fingerprint = fingerprint
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            raise IndexStateError("This index was opened without its embedder; run `second-chance index`.")
        import numpy as np

        return [np.asarray(v, dtype=np.float32) for v in self._embedder.embed_documents(list(input))]

    @staticmethod
    def name() -> str:
        return "second-chance"

    def get_config(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NotesEmbeddingFunction:
        return NotesEmbeddingFunction(str(config.get("fingerprint", "")))

    def default_space(self) -> Any:
        return "cosine"


def chroma_settings() -> Any:
    """Chroma's settings: telemetry off, no reset."""
    return chromadb.config.Settings(anonymized_telemetry=False, allow_reset=False)


def http_client(host: str, port: int, *, ssl: bool) -> Any:
    """A client of the Chroma server at `host`:`port`."""
    return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings())


def persistent_client(path: Path) -> Any:
    """The embedded store in `path`."""
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


def forget_store(path: Path) -> None:
    """Drop Chroma's process-wide cached handle on the embedded store at `path` (and only that one)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(path), None)
