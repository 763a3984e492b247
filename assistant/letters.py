"""Write, check and save letters: the entry point the CLI, the planner, the demo and the evals call."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.chains import ChainResult, Sender, gather_evidence, run_model_chain
from assistant.checks import CheckContext, CheckResult, OtherNote, run_checks
from assistant.config import OFFLINE, Settings
from assistant.drafts import Citation, DraftMeta, draft_path, read_draft, save_draft
from assistant.errors import KnowledgeError, UserError
from assistant.notes import LoadResult, load_notes
from assistant.people import Person, find_person, list_people
from assistant.retrieval import Evidence
from assistant.tactics import LetterKind, letter_kind

if TYPE_CHECKING:
    from assistant.index import NoteIndex


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
) -> Letter:
    """Write a letter of `kind` to the person `to` from the notes, check it, save it, and return it."""
    letter_kind(kind)
    if out is not None:
        _check_out(out.expanduser().resolve(), settings)
    name = _resolve(settings, model)
    ground = _ground(settings, kind, to, about=about, index=index)
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
                  warnings=result.warnings)


def _check_out(out: Path, settings: Settings) -> None:
    """--out never points into the knowledge folder, and its folder must exist."""
    if out.is_relative_to(settings.knowledge_dir.resolve()):
        raise UserError(f"--out {out} is in your knowledge folder; second-chance never writes there. Pick another "
                        "place, or leave --out out to use drafts/.")
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
    ground = _ground(settings, kind, to, index=index)
    cited = [c.id for c in draft.meta.citations]
    checks = run_checks(draft.meta.subject, draft.body, ground.context, cited=cited)
    return CheckReport(passed=all(c.passed for c in checks), checks=checks)


def _resolve(settings: Settings, model: str | None) -> str:
    from assistant.llm import resolve_model

    return resolve_model(settings, model)


def _ground(settings: Settings, kind: str, to: str, *, about: str | None = None,
            index: NoteIndex | None = None) -> _Ground:
    """Find the recipient, sync the index (cheap when unchanged) and gather the evidence and check context."""
    spec = letter_kind(kind)
    loaded = load_notes(settings.knowledge_dir)
    people = list_people(loaded)
    recipient = find_person(people, to)
    _check_fit(spec, recipient, people, loaded)
    sender = _sender(loaded)
    if index is None:
        from assistant.index import NoteIndex

        index = NoteIndex(settings)
    index.sync(loaded)
    evidence = gather_evidence(index, recipient, spec, about=about)
    titles = {n.source: n.meta.title for n in loaded.notes if n.meta.title}
    _label(evidence, loaded)
    context = CheckContext(
        kind=kind, recipient=recipient.name, user=sender.name,
        known=_known(recipient, sender, titles, evidence),
        own_contacts=[c for c in [sender.email, *re.findall(r"\S+@\S+|https?://\S+", sender.signature)] if c],
        evidence=evidence, titles=_used_titles(titles, evidence), others=_others(loaded, recipient, evidence),
    )  # fmt: skip
    return _Ground(kind=spec, recipient=recipient, sender=sender, evidence=evidence, context=context, titles=titles)


_GOT_JOB = re.compile(r"\bgot (?:the|my|that)\b[^.;]*\b(?:job|role|offer|position)\b|\bhired (?:into|for|in)\b"
                      r"|\btook the (?:job|role)\b", re.IGNORECASE)


def got_the_job(person: Person) -> bool:
    """Did this person get the job the user applied for (`started:`, or a relationship that says so)?"""
    return person.started is not None or bool(_GOT_JOB.search(person.relationship or ""))


def _check_fit(kind: LetterKind, recipient: Person, people: list[Person], loaded: LoadResult) -> None:
    """A kind written to the wrong kind of recipient states falsehoods; say which kind fits them instead."""
    first = recipient.name.split()[0]
    rejected = {(n.meta.company or "").casefold() for n in loaded.notes if n.meta.type == "rejection"}
    has_rejection = (recipient.company or "").casefold() in rejected - {""}
    won = got_the_job(recipient)
    if won:
        fits = "consultant-offer"
    elif "insider" in recipient.tags:
        fits = "referral-request"
    else:
        fits = "follow-up" if has_rejection else "article-share"
    if kind.needs == "got-job" and not won:
        winners = [p.name for p in people if got_the_job(p) and p.company == recipient.company and p is not recipient]
        who = f" ({', '.join(winners)})" if winners else "; add `started: DATE` to their note"
        raise UserError(f"{recipient.name} did not get the job you applied for; {_a(kind.id).lower()} goes to the "
                        f"person who did{who}. For {first}, try {fits}.")
    if kind.needs == "rejection" and won:
        raise UserError(f"{recipient.name} got the job you applied for; {_a(kind.id).lower()} goes to someone at the "
                        f"company that turned you down. For {first}, try {fits}.")
    if kind.needs == "rejection" and not has_rejection:
        company = recipient.company or "their company"
        raise UserError(f"Your notes have no rejection from {company}, so {_a(kind.id).lower()} to {recipient.name} "
                        f"has nothing to follow up on; add a rejection note with `company: {company}` if there was "
                        f"one. For {first}, try {fits}.")


def _a(word: str) -> str:
    return f"{'An' if word[:1] in 'aeiou' else 'A'} {word}"


def _label(evidence: list[Evidence], loaded: LoadResult) -> None:
    """Give each passage its note's title and email subject, so the model sees what an article is called."""
    by_source = {n.source: n.meta for n in loaded.notes}
    for item in evidence:
        meta = by_source.get(item.source)
        if meta is not None:
            item.metadata |= {key: value for key, value in (("title", meta.title), ("subject", meta.subject))
                              if value and key not in item.metadata}


def _sender(loaded: LoadResult) -> Sender:
    profile = loaded.profile
    if profile is None or not profile.meta.name:
        raise KnowledgeError("Letters are signed from your profile: add knowledge/profile.md with `type: profile` "
                             "and your `name`.")
    signature = (profile.meta.signature or profile.meta.name).strip()
    return Sender(name=profile.meta.name, signature=signature, email=profile.meta.email)


def _known(recipient: Person, sender: Sender, titles: dict[str, str], evidence: list[Evidence]) -> list[str]:
    facts = [recipient.name, recipient.role, recipient.company, recipient.relationship, sender.name,
             sender.signature, sender.email, *_used_titles(titles, evidence)]
    if recipient.started:
        facts.append(recipient.started.isoformat())
    return [f for f in facts if f]


def _used_titles(titles: dict[str, str], evidence: list[Evidence]) -> list[str]:
    used = {e.source for e in evidence}
    return [title for source, title in titles.items() if source in used]


def _others(loaded: LoadResult, recipient: Person, evidence: list[Evidence]) -> list[OtherNote]:
    """Notes about other people that the letter did not draw on: what must not leak into it."""
    used = {e.source for e in evidence}
    others = []
    for note in loaded.notes:
        person = note.meta.person
        if person and person != recipient.name and note.source not in used:
            header = ". ".join(filter(None, [note.meta.name, note.meta.role, note.meta.company]))
            others.append(OtherNote(person=person, source=note.source, text=f"{header}. {note.text}"))
    return others


def _offline(ground: _Ground, settings: Settings) -> ChainResult:
    """Compose the letter from the case file (assistant.offline), cite the notes its facts come from, check it."""
    from assistant import offline
    from assistant.casefile import Person as CasePerson
    from assistant.chains import Brief, BriefPoint, LetterDraft
    from assistant.chunks import chunk_note
    from assistant.drafts import slug
    from assistant.offline.words import expand
    from assistant.reading import OfflineReader, read_case_file

    loaded = load_notes(settings.knowledge_dir)
    case = read_case_file(loaded, settings=settings, reader=OfflineReader())  # offline means no model call at all
    wanted = ground.recipient
    person = next((p for p in case.people if p.name.casefold() == wanted.name.casefold()
                   and (p.company or "").casefold() == (wanted.company or "").casefold()), None)
    if person is None:  # the reader missed them; the people list found them, so write from what it knows
        person = CasePerson(name=wanted.name, company=wanted.company, role=wanted.role, started=wanted.started,
                            relationship=wanted.relationship, sources=list(wanted.sources))
    # Earlier offline drafts of this kind to them: a new draft takes the next wording, not the same letter again.
    earlier = sum("\nmodel: offline\n" in path.read_text(encoding="utf-8", errors="replace")
                  for path in settings.drafts_dir.glob(f"*-{ground.kind.id}-{slug(wanted.name)}*.md"))
    letter = offline.compose(case, ground.kind, person, draft=earlier, workspace=settings.home)
    # A note a fact comes from that the search did not return joins the evidence whole, so it can be cited.
    have = {e.source for e in ground.evidence}
    for note in loaded.notes:
        if note.source in letter.sources and note.source not in have:
            for chunk in chunk_note(note):
                item = Evidence(id=chunk.id, source=note.source, score=0.0, text=chunk.document,
                                metadata=dict(chunk.metadata))
                ground.evidence.append(item)
                ground.context.evidence.append(item)
    ids = {s: [e.id for e in ground.evidence if e.source == s] for s in letter.sources}
    points = [BriefPoint(use=use, text=text, evidence=[i for s in letter.grounds.get(use, []) for i in ids.get(s, [])])
              for use, text in letter.facts.items()]
    brief = Brief(angle=f"{ground.kind.purpose} ({wanted.name})", points=points)
    cited = list(dict.fromkeys(i for s in letter.sources for i in ids.get(s, [])))
    draft = LetterDraft(subject=letter.subject, body=letter.body, cited_ids=cited)
    # The article's own link is a fact from the notes, like the user's own address; so is a note's shorthand
    # written out ("Ent AE" is "Enterprise Account Executive").
    spelled = [expand(n.text) for n in loaded.notes if n.source in letter.sources and expand(n.text) != n.text]
    context = ground.context.model_copy(update={"own_contacts": [*ground.context.own_contacts, *letter.links],
                                                "known": [*ground.context.known, *spelled]})
    checks = run_checks(draft.subject, draft.body, context, cited=draft.cited_ids)
    return ChainResult(brief=brief, draft=draft, checks=checks, warnings=[letter.warning] if letter.warning else [])
