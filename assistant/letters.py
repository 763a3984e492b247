"""Write, check and save letters: the entry point the CLI, the planner, the demo and the evals call."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.casefile import CaseFile, Person
from assistant.chains import ChainResult, Sender, gather_evidence, run_model_chain
from assistant.checks import CheckContext, CheckResult, OtherNote, run_checks
from assistant.chunks import current_id
from assistant.config import OFFLINE, Settings
from assistant.drafts import Citation, DraftMeta, draft_path, read_draft, save_draft
from assistant.errors import NotFoundError, UserError
from assistant.files import may_write
from assistant.names import Contacts, resolve_contact
from assistant.notes import LoadResult, Note, load_notes
from assistant.people import find_person
from assistant.planner.parts import unfit
from assistant.retrieval import Evidence
from assistant.tactics import LetterKind, letter_kind
from assistant.text import first_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from assistant.casefile import NoteReading
    from assistant.index import NoteIndex
    from assistant.reading import ReadContext, Reader


VECTORS = "offline-vectors.bin"  # in the state folder: the offline writer's vectors of what it ranked


class Letter(BaseModel):
    """A written, checked and saved letter (DESIGN.md section 5, `draft --json`)."""

    kind: str
    to: str
    subject: str
    body: str
    tactics: list[str]
    citations: list[Citation]
    checks: list[CheckResult]
    model: str
    path: str = Field(description="Where the letter was saved.")
    warnings: list[str] = Field(default_factory=list, description="What to add to the notes for a stronger letter.")

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)


class CheckReport(BaseModel):
    """The checks of one letter file (DESIGN.md section 5, `check --json`)."""

    passed: bool
    checks: list[CheckResult]


class _Ground(BaseModel):
    """Everything a letter to one person is written and checked against."""

    kind: LetterKind
    recipient: Person
    sender: Sender
    evidence: list[Evidence]
    context: CheckContext
    titles: dict[str, str]
    case: CaseFile
    loaded: LoadResult = Field(description="The notes, read once per letter: loading 10,000 of them is not free.")
    notes: list[str] = Field(default_factory=list, description="Lines for the user (a missing profile ...).")


def write_letter(
    settings: Settings,
    kind: str,
    to: str,
    *,
    about: str | None = None,
    model: str | None = None,
    index: NoteIndex | None = None,
    http_client: Any = None,
    today: dt.date | None = None,
    out: Path | None = None,
    reader: Reader | None = None,
) -> Letter:
    """Write a letter of `kind` to the person `to` from the notes, check it, save it, and return it.

    The notes are read by `reader` (default: offline for an offline letter, else the configured reader, cached).
    """
    letter_kind(kind)
    if out is not None:
        _check_out(out.expanduser().resolve(), settings)
    name = _resolve(settings, model)
    ground = _ground(settings, kind, to, about=about, index=index, offline=name == OFFLINE, reader=reader)
    day = today or dt.date.today()
    if name == OFFLINE:
        result = _offline(ground, settings)
    else:
        from assistant.llm import chat_model

        chat = chat_model(settings, name, http_client=http_client)
        result = run_model_chain(
            chat, model_name=name, kind=ground.kind, recipient=ground.recipient, sender=ground.sender,
            evidence=ground.evidence, context=ground.context, about=about, today=day, workspace=settings.home,
        )  # fmt: skip
    by_id = {e.id: e for e in ground.evidence}
    citations = [Citation(id=i, source=by_id[i].source) for i in dict.fromkeys(result.draft.cited_ids) if i in by_id]
    meta = DraftMeta(
        to=ground.recipient.name, kind=kind, subject=result.draft.subject, date=day, tactics=list(ground.kind.tactics),
        model=name, status="draft", citations=citations, checks=result.checks,
    )  # fmt: skip
    # Saved before anyone sees it: a letter shown but lost would be worse than one saved and not shown.
    target = draft_path(settings.drafts_dir, day=day, kind=kind, to=ground.recipient.name)
    if out is not None:
        out = out.expanduser().resolve()
        target = out / target.name if out.is_dir() else out
    path = save_draft(target, meta, result.draft.body)
    return Letter(kind=kind, to=ground.recipient.name, subject=result.draft.subject, body=result.draft.body,
                  tactics=meta.tactics, citations=citations, checks=result.checks, model=name, path=str(path),
                  warnings=[*ground.notes, *result.warnings])


def _check_out(out: Path, settings: Settings) -> None:
    """--out never points into the knowledge folder, and its folder must exist."""
    may_write(out, settings.knowledge_dir, what="--out")
    if not out.is_dir() and not out.parent.is_dir():
        raise UserError(f"--out {out}: the folder {out.parent} does not exist; create it first or pick another.")


def check_letter(
    settings: Settings,
    path: Path,
    *,
    kind: str | None = None,
    to: str | None = None,
    index: NoteIndex | None = None,
) -> CheckReport:
    """Re-run the checks on a letter file, e.g. after editing it by hand; --kind/--to fill in missing front matter."""
    draft = read_draft(path)
    kind = kind or draft.meta.kind
    to = to or draft.meta.to
    if not kind or not to:
        raise UserError(f"{path} does not say its kind and recipient; pass --kind KIND and --to NAME.")
    ground = _ground(settings, kind, to, index=index, offline=True)  # the checks need no model
    # What the letter cites and the article links it carries count as they did when it was drafted.
    links = [a.url for a in ground.case.articles if a.url and a.url in draft.body]
    context = _widen(ground, ground.loaded, [c.source for c in draft.meta.citations], links)
    known = [e.id for e in context.evidence]  # a draft saved with 8-digit ids cites them by today's
    cited = [current_id(c.id, known) for c in draft.meta.citations]
    checks = run_checks(draft.meta.subject, draft.body, context, cited=cited)
    return CheckReport(passed=all(c.passed for c in checks), checks=checks)


def _resolve(settings: Settings, model: str | None) -> str:
    from assistant.llm import resolve_model

    return resolve_model(settings, model)


def _ground(settings: Settings, kind: str, to: str, *, about: str | None = None,
            index: NoteIndex | None = None, offline: bool = False, reader: Reader | None = None) -> _Ground:
    """Find the recipient in the case file, sync the index (cheap when unchanged), gather evidence and context.

    An offline letter reads the notes offline too: it never waits for (or pays for) a model call.
    """
    from assistant.offline import team_projects

    spec = letter_kind(kind)
    loaded = load_notes(settings.knowledge_dir, cache_dir=settings.state_dir)
    if reader is None and not offline:
        from assistant.reading import OfflineReader
        from assistant.reading.core import default_reader

        if not isinstance(model := default_reader(settings), OfflineReader):
            reader = _CachedReadings(model, settings)  # a draft never starts reading the whole folder with the model
    if reader is None and (offline or settings.chat_model == "offline"):
        from assistant.casecache import offline_case_file

        case = offline_case_file(settings, loaded)  # no note changed: no reading validated, nothing assembled
    else:
        from assistant.reading import OfflineReader, read_case_file

        case = read_case_file(loaded, settings=settings, reader=reader or (OfflineReader() if offline else None))
    recipient = _recipient(case, to)
    refused = unfit(spec, recipient, case)
    if refused is not None:
        raise UserError(refused)
    sender, notes = _sender(case)
    if isinstance(reader, _CachedReadings) and reader.unread:
        notes.append(f"{reader.unread} of your notes were read offline for this letter (the model has not read "
                     f"them yet); `second-chance index` reads them with {reader.name}.")
    if index is None:
        from assistant.index import NoteIndex

        index = NoteIndex(settings)
    from assistant.index import READER_WAIT

    index.sync(loaded, wait=READER_WAIT)
    examples = set(loaded.examples)  # init's example notes are nobody's facts
    evidence = [e for e in gather_evidence(index, recipient, spec, about=about) if e.source not in examples]
    evidence += _notes_about(loaded, recipient, {e.id for e in evidence})
    titles = {a.ground.source: a.title for a in case.articles}
    _label(evidence, loaded, titles)
    context = CheckContext(
        kind=kind, recipient=recipient.name, user=sender.name or None,
        known=_known(recipient, sender, titles, evidence),
        own_contacts=[c for c in [sender.email, *re.findall(r"\S+@\S+|https?://\S+", sender.signature)] if c],
        evidence=evidence, titles=_used_titles(titles, evidence), others=_others(case, loaded, recipient, evidence),
        projects=[p.what for p in team_projects(case, recipient)],
    )  # fmt: skip
    return _Ground(kind=spec, recipient=recipient, sender=sender, evidence=evidence, context=context, titles=titles,
                   case=case, loaded=loaded, notes=notes)


class _CachedReadings:
    """The model's readings that `index` cached, and for every note it has not read, the offline reading (from the
    offline cache when there is one): drafting one letter makes no reading call to the model."""

    def __init__(self, model: Reader, settings: Settings) -> None:
        from assistant.reading import OfflineReader
        from assistant.reading.cache import ReadingCache

        self.name, self._version, self.unread = model.name, model.version, 0
        self._offline = OfflineReader()
        self._cache = ReadingCache(settings.state_dir, self._offline.name)

    @property
    def version(self) -> str:
        """The model reader's: its cached readings are the ones used."""
        return self._version

    def read(self, note: Note, context: ReadContext) -> NoteReading:
        """One note the model has not read, read offline."""
        return self.read_many([note], context)[0]

    def read_many(self, notes: Sequence[Note], context: ReadContext) -> list[NoteReading]:
        """Notes the model has not read, read offline (cached offline readings first)."""
        from assistant.reading.cache import reading_key

        self.unread += len(notes)
        keys = [reading_key(n, self._offline.name, self._offline.version, context.today.year) for n in notes]
        found = [self._cache.get(key) for key in keys]
        fresh = iter(self._offline.read_many([n for n, r in zip(notes, found, strict=True) if r is None], context))
        return [r if r is not None else next(fresh) for r in found]


def _notes_about(loaded: LoadResult, recipient: Person, have: set[str]) -> list[Evidence]:
    """The notes the case file says are about (or with) the recipient, whole, that the search did not return."""
    from assistant.chunks import chunk_note

    mine = set(recipient.sources)
    return [Evidence(id=chunk.id, source=note.source, score=0.0, text=chunk.document, metadata=dict(chunk.metadata))
            for note in loaded.notes if note.source in mine for chunk in chunk_note(note) if chunk.id not in have]


def _recipient(case: CaseFile, to: str) -> Person:
    """The person `to` names; an example note from `init` is named as such instead of "no person named"."""
    try:
        return find_person(case.people, to)
    except NotFoundError:
        examples = [p for p in case.people if p.example]
        example = next((p for p in examples if to.casefold() in {p.name.casefold(), first_name(p.name).casefold()}),
                       None)
        if example is None:
            raise
        where = f" ({', '.join(example.sources)})" if example.sources else ""
        raise UserError(f"{example.name} is an example note from `second-chance init`{where}: replace it with a "
                        "note about someone you met (their name, company and how you know them), then draft "
                        "again.") from None


def _label(evidence: list[Evidence], loaded: LoadResult, titles: dict[str, str]) -> None:
    """Give each passage its article's title and email subject, so the model sees what an article is called."""
    subjects = {n.source: n.meta.subject for n in loaded.notes}
    for item in evidence:
        found = (("title", titles.get(item.source)), ("subject", subjects.get(item.source)))
        item.metadata |= {key: value for key, value in found if value and key not in item.metadata}


NO_PROFILE = ("No profile note, so the letter ends with a plain closing: add knowledge/me.md with a line "
              "`name: Your Name` to sign letters with your name.")


def _sender(case: CaseFile) -> tuple[Sender, list[str]]:
    """Whom letters are from (the case file's profile), and a line on how to add a name when there is none."""
    profile = case.profile
    if not profile.name:
        return Sender(name="", signature="", email=profile.email), [NO_PROFILE]
    signature = (profile.signature or profile.name).strip()
    return Sender(name=profile.name, signature=signature, email=profile.email), []


def _known(recipient: Person, sender: Sender, titles: dict[str, str], evidence: list[Evidence]) -> list[str]:
    facts = [recipient.name, recipient.role, recipient.company, recipient.relationship, sender.name,
             sender.signature, sender.email, *_used_titles(titles, evidence)]
    if recipient.started:
        facts.append(recipient.started.isoformat())
    return [f for f in facts if f]


def _used_titles(titles: dict[str, str], evidence: list[Evidence]) -> list[str]:
    used = {e.source for e in evidence}
    return [title for source, title in titles.items() if source in used]


def _others(case: CaseFile, loaded: LoadResult, recipient: Person, evidence: list[Evidence]) -> list[OtherNote]:
    """Notes about (or from) other people that the letter did not draw on: what must not leak into it.

    The people are the case file's, and the people touches were with (a forwarded email's sender).
    """
    used = {e.source for e in evidence} | set(recipient.sources)
    texts = {n.source: n.text for n in loaded.notes}
    about: dict[str, tuple[str, str]] = {}
    for person in case.people:
        if person is not recipient and not person.example:
            header = ". ".join(filter(None, [person.name, person.role, person.company]))
            about.update((source, (person.name, header)) for source in person.sources)
    only = Contacts([recipient])
    theirs: dict[str, bool] = {}  # the same few names come back in thousands of touches
    for touch in case.touches:
        if touch.with_ not in theirs:
            theirs[touch.with_] = resolve_contact(touch.with_, only).person is None
        if theirs[touch.with_]:
            about.setdefault(touch.source, (touch.with_, touch.with_))
    return [OtherNote(person=name, source=source, text=f"{header}. {texts[source]}")
            for source, (name, header) in about.items() if source not in used and source in texts]


def _offline(ground: _Ground, settings: Settings) -> ChainResult:
    """Compose the letter from the case file (assistant.offline), cite the notes its facts come from, check it."""
    from assistant import offline
    from assistant.chains import Brief, BriefPoint, LetterDraft
    from assistant.drafts import slug

    loaded = ground.loaded
    wanted = ground.recipient
    # Earlier offline drafts of this kind to them: a new draft takes the next wording, not the same letter again.
    earlier = sum("\nmodel: offline\n" in path.read_text(encoding="utf-8", errors="replace")
                  for path in settings.drafts_dir.glob(f"*-{ground.kind.id}-{slug(wanted.name)}*.md"))
    chooser = offline.Chooser(store=settings.state_dir / VECTORS)
    letter = offline.compose(ground.case, ground.kind, wanted, draft=earlier, chooser=chooser, workspace=settings.home)
    chooser.keep()
    context = _widen(ground, loaded, letter.sources, letter.links)
    ids = {s: [e.id for e in ground.evidence if e.source == s] for s in letter.sources}
    points = [BriefPoint(use=use, text=text, evidence=[i for s in letter.grounds.get(use, []) for i in ids.get(s, [])])
              for use, text in letter.facts.items()]
    brief = Brief(angle=f"{ground.kind.purpose} ({wanted.name})", points=points)
    cited = list(dict.fromkeys(i for s in letter.sources for i in ids.get(s, [])))
    draft = LetterDraft(subject=letter.subject, body=letter.body, cited_ids=cited)
    checks = run_checks(draft.subject, draft.body, context, cited=draft.cited_ids)
    return ChainResult(brief=brief, draft=draft, checks=checks, warnings=[letter.warning] if letter.warning else [])


def _widen(ground: _Ground, loaded: LoadResult, sources: list[str], links: list[str]) -> CheckContext:
    """The check context for a letter that draws on `sources`: each joins the evidence whole (so it can be cited),
    its shorthand written out counts as said ("Ent AE" is "Enterprise Account Executive"), and an article's own
    link is the user's to share, like their own address."""
    from assistant.chunks import chunk_note
    from assistant.shorthand import expand

    have = {e.source for e in ground.evidence}
    for note in loaded.notes:
        if note.source in sources and note.source not in have:
            for chunk in chunk_note(note):
                item = Evidence(id=chunk.id, source=note.source, score=0.0, text=chunk.document,
                                metadata=dict(chunk.metadata))
                ground.evidence.append(item)
                ground.context.evidence.append(item)
    spelled = [expand(n.text) for n in loaded.notes if n.source in sources and expand(n.text) != n.text]
    return ground.context.model_copy(update={"own_contacts": [*ground.context.own_contacts, *links],
                                             "known": [*ground.context.known, *spelled]})
