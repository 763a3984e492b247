"""Chunk ids: long enough never to collide, an index made with shorter ones rebuilt once, old drafts still checked."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from assistant import chunks
from assistant.chunks import CHUNK_ID, ID_DIGITS, chunk_note, current_id
from assistant.config import load_settings
from assistant.index import NoteIndex
from assistant.notes import load_notes

OLDER = "The index was made by an older version of second-chance"


def old_id(source: str, index: int, note_hash: str) -> str:
    """The id the format before this one gave a chunk: `n` and 8 hex digits of the same SHA-1."""
    return "n" + hashlib.sha1(f"{source}\0{index}\0{note_hash}".encode()).hexdigest()[:8]


def test_every_chunk_id_is_n_and_twelve_hex_digits_and_begins_with_its_old_id(workspace):
    notes = load_notes(workspace / "knowledge").notes
    ids = [(note, i, c.id) for note in notes for i, c in enumerate(chunk_note(note))]
    assert ID_DIGITS == 12 and len(ids) > 15
    assert all(re.fullmatch(r"n[0-9a-f]{12}", i) and CHUNK_ID.fullmatch(i) for _, _, i in ids)
    assert all(i.startswith(old_id(note.source, n, note.hash)) for note, n, i in ids)
    assert len({i for _, _, i in ids}) == len(ids)


def test_an_old_eight_digit_id_names_the_one_id_it_begins():
    known = ["n3f9a2c1d07be", "n3f9a2c1e0000", "nabcdef012345"]
    assert current_id("n3f9a2c1d", known) == "n3f9a2c1d07be"
    assert current_id("n3f9a2c1d07be", known) == "n3f9a2c1d07be"
    assert current_id("n00000000", known) == "n00000000"  # no chunk has it: left as it is, and the check says so
    assert current_id("n3f9a2c1", known) == "n3f9a2c1"  # 7 digits is no id


# Two notes whose chunks shared an id in the 8-digit format (both `nc0596b3f`): found once by brute force, keeping
# these two texts and numbering the file names (people/ana-N.md, people/ben-N.md) until an id of one list turned up
# in the other (143,038 names each, 0.7 s; the birthday bound for 32 bits). Each note is one chunk (index 0).
ANA = ("people/ana-143037.md", 0, "62cdcabab2165a7c552991905527ef11ce712ebecbeba570e29a7b253d5508f4",
       "Ana Ruiz runs the billing migration at Kestrel Freight and wants help reconciling invoices.\n")
BEN = ("people/ben-135832.md", 0, "0164e4ffd2dd391d6f519edb5e277fe4b6c8ac11744af16e69c487157abe606c",
       "Ben Okoye leads warehouse robotics at Kestrel Freight and cares about battery swap times.\n")


def test_two_chunks_whose_old_ids_collided_are_both_indexed_found_and_cited(home, cli_json):
    for source, _, _, text in (ANA, BEN):
        (home / "knowledge" / source).parent.mkdir(parents=True, exist_ok=True)
        (home / "knowledge" / source).write_text(text)
    notes = {note.source: note for note in load_notes(home / "knowledge").notes}
    for source, index, note_hash, _ in (ANA, BEN):  # the premise: these are the notes found to collide
        assert notes[source].hash == note_hash, "the parser's version changed the hash: find a new pair"
        assert len(chunk_note(notes[source])) == index + 1
    assert old_id(*ANA[:3]) == old_id(*BEN[:3]) == "nc0596b3f"

    report = cli_json("index")
    assert (report["added"], report["chunks"], report["embedded"]) == (2, 2, 2)  # both passages are stored
    billing = cli_json("search", "billing migration invoices", "-k", "1")["results"]
    battery = cli_json("search", "battery swap times for robots", "-k", "1")["results"]
    assert [(r["source"], r["text"]) for r in billing] == [(ANA[0], ANA[3].strip())]
    assert [(r["source"], r["text"]) for r in battery] == [(BEN[0], BEN[3].strip())]
    assert billing[0]["id"] != battery[0]["id"]
    assert billing[0]["id"].startswith("nc0596b3f") and battery[0]["id"].startswith("nc0596b3f")
    both = cli_json("search", "Kestrel Freight", "-k", "5")["results"]
    assert sorted((r["id"], r["source"]) for r in both) == sorted([(billing[0]["id"], ANA[0]),
                                                                   (battery[0]["id"], BEN[0])])


def stored_ids(settings) -> list[str]:
    """Every chunk id the Chroma store itself holds."""
    index = NoteIndex(settings)
    return sorted(index.client.get_collection(index.name).get(include=[])["ids"])


def make_old_index(settings, monkeypatch: pytest.MonkeyPatch) -> int:
    """Index the notes as the version before 12-digit ids did, then edit one, and return how many chunks it stored.

    A real index (Chroma, its manifest, the files beside it) written by this code with ids of 8 hex digits, then
    with the chunk-id format taken out of the three places that record it: that version recorded none. The edit is
    stored beside the embedded store only, listed for it to take in when next opened (`store-pending.jsonl`).
    """
    with monkeypatch.context() as patch:
        patch.setattr(chunks, "ID_DIGITS", 8)
        NoteIndex(settings).sync(load_notes(settings.knowledge_dir))
        note = settings.knowledge_dir / "people/sam-patel.md"
        note.write_text(note.read_text().replace("inventory feed", "returns feed"))
        report = NoteIndex(settings).sync(load_notes(settings.knowledge_dir))
    assert report.updated == 1
    assert settings.chroma_url or (settings.state_dir / "store-pending.jsonl").stat().st_size > 0  # (a server: stored)
    manifest = settings.state_dir / "index-manifest.json"
    head, rest = manifest.read_text().split("\n", 1)
    manifest.write_text(json.dumps({k: v for k, v in json.loads(head).items() if k != "ids"}) + "\n" + rest)
    store = settings.state_dir / "lexical" / "store.json"
    store.write_text(json.dumps({k: v for k, v in json.loads(store.read_text()).items() if k != "ids"}))
    index = NoteIndex(settings)
    collection = index.client.get_collection(index.name)
    collection.modify(metadata={k: v for k, v in (collection.metadata or {}).items() if k != "ids"})
    return report.chunks


@pytest.mark.parametrize("read_first", [False, True], ids=["index-at-once", "after-reads"])
def test_an_index_with_eight_digit_ids_is_refused_then_rebuilt_once_by_index(workspace, cli, monkeypatch, read_first):
    settings = load_settings()
    count = make_old_index(settings, monkeypatch)
    old = stored_ids(settings)
    assert len(old) == count and all(re.fullmatch(r"n[0-9a-f]{8}", i) for i in old)  # (less the edit, listed)

    for command in (("search", "Kafka"), ("draft", "follow-up", "--to", "Dana Reyes")) if read_first else ():
        result = cli(*command)
        assert result.exit_code == 2, command
        assert result.stderr.strip() == (f"error: {OLDER}; run `second-chance index` (it embeds your notes again, "
                                         "once).")
    assert not (workspace / "drafts").exists()

    upgraded = cli("index", "--json")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert upgraded.stderr.strip() == f"{OLDER}; embedding 15 notes again (once)."
    report = json.loads(upgraded.stdout)
    assert (report["added"], report["unchanged"], report["embedded"], report["chunks"]) == (15, 0, count, count)
    assert not (settings.state_dir / "store-pending.jsonl").exists()  # the old edit is never given to the new store
    NoteIndex(settings).collection()  # opened as a read that asks Chroma opens it
    new = stored_ids(settings)
    assert all(re.fullmatch(r"n[0-9a-f]{12}", i) for i in new)
    assert new == sorted(c.id for note in load_notes(settings.knowledge_dir).notes for c in chunk_note(note))
    assert [c.name for c in NoteIndex(settings).client.list_collections()] == ["second-chance-notes"]

    again = cli("index")
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout.startswith(f"added 0, updated 0, removed 0, unchanged 15 ({count} chunks)")
    (settings.state_dir / "index-manifest.json").unlink()  # as a killed run leaves it: the store itself is compared
    compared = cli("index")
    assert compared.exit_code == 0 and compared.stderr == ""
    assert compared.stdout.startswith(f"added 0, updated 0, removed 0, unchanged 15 ({count} chunks)")
    found = json.loads(cli("search", "Kafka", "--json").stdout)["results"]
    assert found and all(r["id"] in new for r in found)


def test_a_draft_saved_with_eight_digit_ids_still_passes_its_checks(indexed, cli, cli_json):
    path = Path(cli_json("draft", "follow-up", "--to", "Dana Reyes")["path"])
    text = path.read_text()
    cited = re.findall(r"^- id: (n[0-9a-f]{12})$", text, re.MULTILINE)
    assert cited
    for full in cited:
        text = text.replace(f"id: {full}", f"id: {full[:9]}")  # as the version before 12-digit ids saved it
    path.write_text(text)
    report = cli_json("check", str(path))
    assert report["passed"] is True
    path.write_text(text.replace(f"id: {cited[0][:9]}", "id: n0000000f"))
    result = cli("check", str(path), "--json")
    assert result.exit_code == 1
    grounding = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "grounding")
    assert grounding["message"] == "Cites n0000000f, which is not among the notes used; drop the citation."
