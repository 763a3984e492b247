"""Hand a letter to the mail client, never sending it: an unsent RFC 822 draft (.eml) and a mailto: link."""

from __future__ import annotations

import email.policy
import os
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel

from assistant.errors import UserError
from assistant.names import fold
from assistant.notes import LoadResult

# CRLF line ends and no line folding surprises: what mail clients expect of a saved .eml file.
_POLICY = email.policy.default.clone(linesep="\r\n")


class MailDraft(BaseModel):
    """The hand-off of one letter: the .eml file written beside the draft, the link, and whom it is for."""

    path: str
    mailto: str
    to: str | None = None


def email_address(name: str, loaded: LoadResult) -> str | None:
    """The person's address from the notes: `email:` in their person note, else the From of an email they sent."""
    wanted = fold(name)
    people = [n for n in loaded.notes if n.meta.type == "person" and not n.meta.example and n.meta.email]
    for note in people:
        if fold(note.meta.name) == wanted:
            return note.meta.email
    own = {fold(n.meta.email) for n in loaded.notes if n.meta.type == "profile" and n.meta.email}
    received = [n for n in loaded.notes if n.meta.channel == "email" and n.meta.direction != "sent"
                and n.meta.email and fold(n.meta.email) not in own and fold(n.meta.with_) == wanted]
    return received[-1].meta.email if received else None


def draft_message(*, subject: str, body: str, to: str | None, to_name: str | None = None,
                  sender: str | None = None, sender_name: str | None = None) -> EmailMessage:
    """An unsent plain-text message: To (when known), From (when known), Subject, body and `X-Unsent: 1`."""
    message = EmailMessage(policy=_POLICY)
    if to:
        message["To"] = formataddr((to_name or "", to))
    if sender:
        message["From"] = formataddr((sender_name or "", sender))
    message["Subject"] = subject
    message["X-Unsent"] = "1"  # Outlook and Apple Mail open the file as an editable draft, not a received mail
    message.set_content(body.strip() + "\n")
    return message


def mailto_link(*, to: str | None, subject: str, body: str) -> str:
    """A `mailto:` link (RFC 6068) that opens the letter in the mail client, every part percent-encoded."""
    address = quote(to or "", safe="@")
    query = f"subject={quote(subject, safe='')}&body={quote(body.strip(), safe='')}"
    return f"mailto:{address}?{query}"


def write_mail_draft(letter_path: Path, *, subject: str, body: str, recipient: str, loaded: LoadResult) -> MailDraft:
    """Write `<draft>.eml` beside the letter (readable by the user only) and return it with its mailto: link."""
    to = email_address(recipient, loaded)
    profile = loaded.profile
    sender = profile.meta.email if profile is not None and not profile.meta.example else None
    message = draft_message(subject=subject, body=body, to=to, to_name=recipient, sender=sender,
                            sender_name=profile.meta.name if profile is not None else None)
    path = _write_new(letter_path.with_suffix(".eml"), message.as_bytes())
    return MailDraft(path=str(path), mailto=mailto_link(to=to, subject=subject, body=body), to=to)


def _write_new(path: Path, data: bytes) -> Path:
    """Create `path` (or `-2`, `-3`... beside it) with mode 0600; an existing file is never touched."""
    for attempt in range(1, 1000):
        candidate = path if attempt == 1 else path.with_name(f"{path.stem}-{attempt}{path.suffix}")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise UserError(f"Cannot write {candidate} ({exc.strerror}); pick a folder you can write to.") from None
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return candidate
    raise UserError(f"Too many mail drafts named like {path.name}; tidy up {path.parent}.")
