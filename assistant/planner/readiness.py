"""Overcome the rejection: wait, ready, or do not reapply; and which progress answers the reason they gave.

The verdict reads the case file's rejections only: their dates and their red flags (each with the note's own
words), so `plan`, `chat` and the letters give the same answer for the same notes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.casefile import CaseFile, RedFlag, Rejection
from assistant.planner.lookup import CaseLookup
from assistant.planner.rules import TIMING, Timing, add_months, norm
from assistant.planner.shapes import ProgressMatch, Quote, Readiness, Status
from assistant.text import content_words

FOCUS_ELSEWHERE = ("Put this energy into other companies that fit you; a second try here would start from the same "
                   "impression. No outreach is planned for this company.")


@dataclass
class Rejected:
    """One company's rejections, merged: the latest one counts for the dates, every one for red flags."""

    company: str
    latest: Rejection
    rejections: list[Rejection] = field(default_factory=list)
    elsewhere: set[str] = field(default_factory=set)  # its red flags' notes the case file places elsewhere

    @property
    def date(self) -> dt.date | None:
        """The latest rejection's date."""
        return self.latest.date

    @property
    def source(self) -> str:
        """The note the dates come from."""
        return self.latest.source

    @property
    def sources(self) -> list[str]:
        """Every rejection note of this company."""
        return list(dict.fromkeys(r.source for r in self.rejections))

    @property
    def red_flags(self) -> list[RedFlag]:
        """Every red flag the company's rejections carry, except from a note the case file says is about another
        company (what happened at Globex never counts against Acme). A flag the rejection's own note tells with it
        counts, whatever else that note is about (a file of one paragraph per company)."""
        return [flag for r in self.rejections for flag in r.red_flags
                if flag.ground.source == r.source or flag.ground.source not in self.elsewhere]

    @property
    def reason(self) -> str:
        """The reason they gave, as the latest note that says one words it."""
        return next((r.reason for r in sorted(self.rejections, key=_newest) if r.reason), "")

    @property
    def gap(self) -> str:
        """What the reason says was missing, or the reason itself when the notes do not say."""
        return next((r.gap for r in sorted(self.rejections, key=_newest) if r.gap), "") or self.reason


def _newest(rejection: Rejection) -> tuple[int, str]:
    return (-(rejection.date or dt.date.min).toordinal(), rejection.source)


def rejected_companies(case: CaseFile, lookup: CaseLookup | None = None) -> list[Rejected]:
    """One entry per company in the case file's rejections, sorted by name."""
    lookup = lookup or CaseLookup(case)
    groups: dict[str, list[Rejection]] = {}
    for rejection in case.rejections:
        if rejection.company.strip():
            groups.setdefault(norm(rejection.company), []).append(rejection)
    found = []
    for rejections in groups.values():
        latest = max(rejections, key=lambda r: (r.date or dt.date.min, r.source))
        found.append(Rejected(company=latest.company.strip(), latest=latest, rejections=rejections,
                              elsewhere=_elsewhere(lookup, latest.company, rejections)))
    return sorted(found, key=lambda r: r.company.casefold())


def _elsewhere(lookup: CaseLookup, company: str, rejections: list[Rejection]) -> set[str]:
    """The notes of these rejections' red flags that the case file places at another company: about it, or about
    someone who works there (and no one here)."""
    return lookup.elsewhere(company, {flag.ground.source for r in rejections for flag in r.red_flags})


def assess_readiness(rejected: Rejected, *, today: dt.date, timing: Timing = TIMING,
                     read_by: str = "offline") -> Readiness:
    """Wait, ready or do-not-reapply, with the reason in words a person can check against the note."""
    evidence = red_flag_evidence(rejected.red_flags)

    def verdict(status: Status, earliest: dt.date | None, reason: str) -> Readiness:
        return Readiness(status=status, earliest_reapply=earliest, reason=reason, source=rejected.source,
                         rejection_date=rejected.date, classified_by=read_by, evidence=evidence,
                         suggestion=FOCUS_ELSEWHERE if status == "do-not-reapply" else None)

    if evidence:
        return verdict("do-not-reapply", None, _red_flag_reason(rejected.red_flags, evidence))
    months = max(timing.reapply_after_months, rejected.latest.wait_months or 0)  # what they said, when longer
    told = rejected.latest.wait_ground if months == rejected.latest.wait_months else None
    said = f' (they said so: "{told.quote}")' if told else ""
    if rejected.date is None:
        earliest = add_months(today, months)
        return verdict("wait", earliest, (
            f"{rejected.source} has no date, so the rejection is treated as recent: wait about {months} months{said} "
            f'(until {earliest}). Say when it came ("they said no on 12 October") or add `date:` for an exact plan.'))
    earliest = add_months(rejected.date, months)
    if today < earliest:
        return verdict("wait", earliest, (
            f"Turned down on {rejected.date} ({rejected.source}); give it about {months} months{said}, until "
            f"{earliest} (in {_days((earliest - today).days)}), and come back calm and with progress to show."))
    return verdict("ready", earliest, (
        f"Turned down on {rejected.date} ({rejected.source}); {months} months have passed (since {earliest}) "
        "and no note shows an egregious mistake or a culture misfit: you can reapply, openly, as someone "
        "coming back."))


def red_flag_evidence(flags: list[RedFlag]) -> list[Quote]:
    """The quotes behind a do-not-reapply verdict (`Rejection.verdict`: egregious wins over culture misfit)."""
    verdict = Rejection(company="", source="", red_flags=flags).verdict
    chosen = [f for f in flags if f.kind == verdict]
    quotes = [Quote(source=f.ground.source, words=f.ground.quote, label=f.label) for f in chosen]
    return list({(q.source, q.words): q for q in quotes}.values())


def _red_flag_reason(flags: list[RedFlag], evidence: list[Quote]) -> str:
    what = ("an egregious mistake" if any(f.kind == "egregious" for f in flags) else "a clear culture misfit")
    quotes = "; ".join(f'{q.source} says "{q.words}"' + (f" ({q.label})" if q.label else "") for q in evidence)
    return f"The notes show {what}: {quotes}. Do not reapply here."


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


# A word of four letters or more (a gap's key words: "Kafka", "production", "C++").
_KEY_WORD = re.compile(r"[A-Za-z][A-Za-z+#-]{3,}")
# Words too common to show that a progress item answers the gap.
_COMMON = frozenset(content_words(
    "about after also been before being candidate chose could decided experience first from good great have "
    "into jobs just more much need needs needed other panel said says second she they that their them then "
    "there these this those team what when where which while will with work would your role move close "
    "strong stay touch told someone somebody"))


def gap_words(gap: str) -> list[str]:
    """The key words of the gap behind the rejection, in the order the note gives them."""
    seen: dict[str, str] = {}
    for word in _KEY_WORD.findall(gap):
        stems = content_words(word) - _COMMON
        if stems:
            seen.setdefault(min(stems), word)
    return list(seen.values())


def answering_progress(case: CaseFile, gap: list[str], *, since: dt.date | None,
                       until: dt.date | None = None, lookup: CaseLookup | None = None) -> list[ProgressMatch]:
    """Progress items (since the rejection, and by `until`) that share key words with the gap, and which words."""
    if not gap:
        return []
    lookup = lookup or CaseLookup(case)
    matches = []
    stems = {word: content_words(word) for word in gap}
    for item, said in lookup.progress_sharing({w for words in stems.values() for w in words}, since=since,
                                              until=until):
        day = item.date
        shared = [word for word in gap if stems[word] & said]
        if shared:
            matches.append(ProgressMatch(source=item.ground.source, words=shared, what=item.what, date=day))
    return matches
