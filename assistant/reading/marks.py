"""Emoji as people use them in notes: a mark at a line's start is a list mark ("✅ passed the exam", "❌ 10/2 rejected",
"📞 9/8 screen w/ Lina"), anywhere else a decoration ("# Orbit Payments 🚀", "great convo 👍").

The reading sees a line's leading emoji as "- " and drops the others, so a list written with emoji reads as a list
and a heading with one names its company. The note's own text is left as written: it is what is indexed and quoted.
"""

from __future__ import annotations

import re

from assistant.notes import Note

# Pictographs and symbols, with what joins or styles them (variation selector, zero-width joiner, skin tones).
_EMOJI = "[\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff]"
_JOINED = f"{_EMOJI}(?:[\ufe0f\u200d\U0001f3fb-\U0001f3ff]|{_EMOJI})*"
_LEADING = re.compile(rf"^([ \t]*)(?:[-*•+][ \t]+)?{_JOINED}[ \t]*", re.M)
_ANYWHERE = re.compile(rf"[ \t]*(?<!\[){_JOINED}")  # a tick in a box ("[✓]") stays: it is a list's mark
_ANY = re.compile(_EMOJI)


def plain(note: Note) -> Note:
    """`note` with a leading emoji read as a list mark and the other emoji gone; the same note when it has none."""
    if not _ANY.search(note.text):
        return note
    text = _ANYWHERE.sub("", _LEADING.sub(r"\1- ", note.text))
    return note if text == note.text else note.model_copy(update={"text": text})
