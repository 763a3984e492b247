"""One fence and one escaping rule for every prompt: text from notes (or from a model) is data, never an instruction.

Whatever the notes hold (`</note>`, `</NOTE >`, a forged `<note id=...>`, `<system>`, a quote in a file name),
it reaches the model escaped inside an element whose attributes are escaped too, so nothing written in a note
can close its fence, open a new one, or set an attribute. The letter chain, the chat, the brief passed to the
letter prompt and the recipient's front-matter values all go through here.
"""

from __future__ import annotations

import html
import re

_SPACE = re.compile(r"\s+")
INLINE_MAX = 200  # a front-matter value shown in an instruction line is cut to this many characters


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` so no tag (in any case, with any spacing) survives inside a fence."""
    return html.escape(text, quote=False)


def attribute(value: object) -> str:
    """A value made safe for a double-quoted attribute: one line, quotes and angle brackets escaped."""
    return html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True)


def element(tag: str, text: str, **attributes: object) -> str:
    """`<tag a="...">` + escaped text + `</tag>`; empty attributes are left out."""
    head = "".join(f' {key}="{attribute(value)}"' for key, value in attributes.items() if value not in (None, ""))
    return f"<{tag}{head}>\n{escape(text.strip())}\n</{tag}>"


def note(note_id: str, source: str, text: str, **attributes: object) -> str:
    """One passage of a note, fenced with its id, source and any metadata shown to the model."""
    return element("note", text, id=note_id, source=source, **attributes)


def inline(value: object, *, limit: int = INLINE_MAX) -> str:
    """A short value (a name, a role) for inside an instruction line: one line, escaped, quoted, cut to `limit`."""
    text = _SPACE.sub(" ", str(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return '"' + html.escape(text, quote=False).replace('"', "&quot;") + '"'
