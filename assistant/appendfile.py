"""Files written whole once, then only appended to: what an edit changes costs that, not the whole file.

One rule for every such file beside the store (the chunk table in `.second-chance/lexical/`, the index manifest,
the notes cache): an edit appends what it changed, and the file is written whole again (compacted) when what the
appends made stale passes COMPACT_SHARE of all it holds. A JSON-lines file here is a header line, then lines a
later one may supersede; a line is whole only when it ends with a newline, so an append cut short (Ctrl-C, kill -9,
a full disk) leaves a last line that readers see as torn, and the next append starts on a line of its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from assistant.files import PRIVATE_FILE, disk_errors

COMPACT_SHARE = 0.25  # stale entries past this share of the file's entries: write it whole again


def compacts(stale: int, total: int) -> bool:
    """Whether a file whose `total` entries include `stale` superseded ones is due to be written whole."""
    return stale > COMPACT_SHARE * total


def read_lines(path: Path) -> tuple[bytes, list[bytes], bool] | None:
    """The header line, the whole lines after it (empty ones left out), and whether the last line was torn;
    None when the file cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    lines = body.split(b"\n")
    torn = bool(lines[-1])  # a whole file ends with a newline: its last piece is empty
    return header, [line for line in lines[:-1] if line], torn


def append_lines(path: Path, lines: list[bytes], *, create: bool = False) -> None:
    """Append `lines` to `path`, each on a line of its own, in one write; the file must exist unless `create`
    (then it is created readable by its owner only)."""
    with disk_errors(path):
        handle = os.open(path, os.O_RDWR | os.O_APPEND | (os.O_CREAT if create else 0), PRIVATE_FILE)
        try:
            size = os.fstat(handle).st_size
            start = b""
            if size and os.pread(handle, 1, size - 1) != b"\n":
                start = b"\n"  # an append cut short: that line stays torn, this one starts whole
            data = memoryview(start + b"".join(line + b"\n" for line in lines))
            while data:
                data = data[os.write(handle, data) :]
        finally:
            os.close(handle)


def json_lines(data: bytes) -> list[Any]:
    """JSON lines parsed at once (a JSON line holds no raw newline); ValueError when one is not JSON."""
    return json.loads(b"[" + data.rstrip(b"\n").replace(b"\n", b",") + b"]") if data else []
