"""The offline writer's vector store: a letter ranks every progress line, and the next process reuses the vectors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from array import array
from pathlib import Path

from assistant.config import load_settings
from assistant.embeddings import LocalEmbedder
from assistant.letters import VECTORS, write_letter
from assistant.offline.choose import DIMENSIONS, Chooser, _digest, _model_version

TODAY = dt.date(2026, 11, 25)


def _store(path: Path, vectors: dict[str, list[float]], **header: object) -> None:
    """A store in the documented format: a JSON header line, then float32 vectors row after row."""
    head = {"model": _model_version(), "dimensions": DIMENSIONS, "byteorder": sys.byteorder,
            "texts": [_digest(t) for t in vectors]} | header
    path.write_bytes(json.dumps(head).encode() + b"\n" + array("f", [x for v in vectors.values() for x in v]).tobytes())


def _unit(axis: int) -> list[float]:
    return [1.0 if i == axis else 0.0 for i in range(DIMENSIONS)]


def test_stored_vectors_are_used_without_the_model(tmp_path):
    store = tmp_path / VECTORS
    # Made-up texts no model has seen, with made-up vectors that rank "beta" first: only the store can say that.
    query, items = "stored query 7f3a", ["stored alpha 7f3a", "stored beta 7f3a", "stored gamma 7f3a"]
    _store(store, {query: _unit(1), items[0]: _unit(0), items[1]: _unit(1), items[2]: _unit(2)})
    ranked = Chooser(store=store).rank(query, items, str)
    assert [item for _, item in ranked] == ["stored beta 7f3a", "stored alpha 7f3a", "stored gamma 7f3a"]
    assert ranked[0][0] == 1.0


def test_a_stale_or_damaged_store_is_ignored(tmp_path):
    for name, header in [("another model", {"model": "another-model"}), ("another size", {"dimensions": 128}),
                         ("another byte order", {"byteorder": "big" if sys.byteorder == "little" else "little"}),
                         ("cut short", {}), ("damaged", {})]:
        # Texts new to this process each time, so the store is the only place a vector could come from.
        query, items = f"kafka in production ({name})", [f"wrote a poem ({name})", f"ran kafka clusters ({name})"]
        store = tmp_path / name / VECTORS
        store.parent.mkdir()
        _store(store, {query: _unit(1), items[0]: _unit(1), items[1]: _unit(0)}, **header)  # the poem "first"
        if name == "cut short":
            store.write_bytes(store.read_bytes()[:-3])
        if name == "damaged":
            store.write_bytes(b"{not json\n\x00\x01")
        expected = Chooser(LocalEmbedder()).rank(query, items, str)  # the bundled model's own ranking
        assert Chooser(store=store).rank(query, items, str) == expected, name
        assert expected[0][1] == items[1], name  # the model puts kafka first: the fake store was not used


def test_a_letter_keeps_its_vectors_and_the_next_letter_reads_the_same(indexed, tmp_path):
    settings = load_settings(home=indexed)
    store = settings.state_dir / VECTORS
    store.unlink(missing_ok=True)
    first = write_letter(settings, "follow-up", "Dana Reyes", model="offline", today=TODAY)
    header = json.loads(store.read_bytes().split(b"\n", 1)[0])
    assert header["model"] == _model_version() and len(header["texts"]) >= 3  # the query and the progress lines
    assert store.stat().st_mode & 0o077 == 0  # private, like the rest of the state folder
    shutil.rmtree(indexed / "drafts")  # the same letter again, not a second draft
    again = write_letter(settings, "follow-up", "Dana Reyes", model="offline", today=TODAY)
    assert (again.subject, again.body, again.citations) == (first.subject, first.body, first.citations)
