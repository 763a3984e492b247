"""An email thread pasted into a note: the reply on top, the message it answers quoted below it.

    Thanks, this is really helpful ...                  (the user's reply)

    On Mon, Oct 12, 2026 at 4:31 PM Tom Becker <tom@quayside.example> wrote:
    > Thanks again for interviewing ...                  (the message that matters: who wrote it, when)

Mail apps mark the quoted message with "> " and name its writer in one line ("On <day> <name> <address> wrote:",
sometimes wrapped over two). The reading takes that line as the quoted message's headers (From, Date), so the
sender's company, signature and day are read as in any pasted email, reads the quoted lines without their marks, and
takes the note as an email received from that writer (unless its front matter says whom it is with). The note's
own text is left as written: it is what is indexed and quoted back.
"""

from __future__ import annotations

import re

from assistant.notes import Note
from assistant.text import parse_date

# "On Mon, Oct 12, 2026 at 4:31 PM Tom Becker <tom@x.example> wrote:", "On 12 Oct 2026, at 16:31, Tom <t@x> wrote:"
_WROTE = re.compile(r"^[ \t>]*On\s+(?P<rest>[^\n<>]{4,160}?)\s*<(?P<address>[^<>\s]+@[^<>\s]+)>\s*wrote:[ \t]*$",
                    re.M | re.I)
_NAME_AT_END = re.compile(r"(?:^|[\s,])(?:(?:AM|PM)\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*$")
_QUOTE_MARK = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


def unquoted(note: Note) -> Note:
    """`note` with a quoted message's writer line as From/Date headers and its "> " marks gone; the same note when
    it quotes no message."""
    if "wrote:" not in note.text and ">" not in note.text:
        return note  # most notes: no thread to look for
    text = re.sub(r"^([ \t>]*On\s[^\n]{4,160})\n([ \t>]*[^\n]{0,80}wrote:[ \t]*)$", r"\1 \2", note.text, flags=re.M)
    wrote = _WROTE.search(text)
    quoted = len(re.findall(r"^[ \t]*>", text, re.M))
    if wrote is None and quoted < 3:
        return note
    if wrote is not None:
        rest = wrote.group("rest").strip()
        name = _NAME_AT_END.search(rest)
        when = rest[: name.start("name")].strip(" ,") if name else rest
        when = re.sub(r"[,\s]+at\s*$", "", when)
        sender = f"{name.group('name')} <{wrote.group('address')}>" if name else wrote.group("address")
        text = text[: wrote.start()] + f"From: {sender}\nDate: {when}\n" + text[wrote.end() :]
    text = _QUOTE_MARK.sub("", text)
    if text == note.text:
        return note
    update: dict[str, object] = {"text": text}
    meta = note.meta
    if wrote is not None and name and not (meta.with_ or meta.email or meta.channel):
        # The quoted message came to the user from its writer: the note is that email, as a saved one would be.
        day = parse_date(when)
        update["meta"] = meta.model_copy(update={
            "with_": name.group("name"), "email": wrote.group("address"), "channel": "email", "direction": "received",
            **({"date": day} if day and not meta.date else {})})
    return note.model_copy(update=update)
