"""The entry point: a plan for every company that turned the user down, from the case file alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from assistant.casefile import CaseFile
from assistant.errors import NotFoundError
from assistant.names import resolve_name
from assistant.planner.campaign import Campaign
from assistant.planner.history import Touches
from assistant.planner.lookup import CaseLookup
from assistant.planner.readiness import (
    Rejected,
    answering_progress,
    assess_readiness,
    gap_words,
    rejected_companies,
)
from assistant.planner.rules import TIMING, Timing, norm
from assistant.planner.shapes import CompanyPlan, Plan, SentLetter

NO_REJECTIONS = ("No rejection in your notes: add a note for each company that turned you down (e.g. "
                 "`rejection.md` with `company:` and `date:`, or a line like \"Acme turned me down on March 3\"), "
                 "then run `second-chance plan` again.")


def build_plan(
    case: CaseFile,
    *,
    today: dt.date,
    company: str | None = None,
    sent: Sequence[SentLetter] = (),
    timing: Timing = TIMING,
    touches: Touches | None = None,
) -> Plan:
    """Plan a campaign for every company with a rejection in the case file (or only `company`), from `today`."""
    lookup = CaseLookup(case)
    rejected = rejected_companies(case, lookup)
    warnings = rejection_warnings(case)
    if company is not None:
        rejected = [pick_company(company, rejected, case, warnings=warnings)]
    touches = touches or Touches(case, sent, today=today)
    read_by = {note.source: note.reader for note in case.notes}
    plans = [plan_company(r, case, touches, today=today, timing=timing, read_by=read_by.get(r.source, "offline"),
                          lookup=lookup) for r in rejected]
    return Plan(today=today, companies=plans, warnings=warnings)


def rejection_warnings(case: CaseFile) -> list[str]:
    """What the reading stage could not understand in rejection notes, and how to fix it."""
    return [f"{hint.source}: {hint.message}" for note in case.notes if note.kind == "rejection"
            for hint in note.hints]


def pick_company(query: str, rejected: list[Rejected], case: CaseFile, *,
                 warnings: Sequence[str] = ()) -> Rejected:
    """The company `query` names; a company without a rejection gets its own message."""
    names = [r.company for r in rejected]
    try:
        chosen = resolve_name(query, names, what="company")
    except NotFoundError:
        known = {c for c in [*(p.company for p in case.people), *(n.about_company for n in case.notes),
                             *(o.company for o in case.openings)] if c}
        other = _match_any(query, sorted(known - set(names)))
        if other is None:
            if not rejected:
                raise NotFoundError(" ".join(warnings) or NO_REJECTIONS) from None
            raise
        raise NotFoundError(
            f'{other} is in your notes but has no rejection note, so there is no campaign to plan; add a note with '
            f"`type: rejection`, `company: {other}` and `date:`, or plan for: {', '.join(names) or 'none'}."
        ) from None
    return next(r for r in rejected if r.company == chosen)


def _match_any(query: str, names: list[str]) -> str | None:
    try:
        return resolve_name(query, names, what="company") if names else None
    except NotFoundError:
        return None


def plan_company(rejected: Rejected, case: CaseFile, touches: Touches, *, today: dt.date,
                 timing: Timing = TIMING, read_by: str = "offline", lookup: CaseLookup | None = None) -> CompanyPlan:
    """Readiness, contacts and dated steps for one company that turned the user down."""
    lookup = lookup or CaseLookup(case)
    staff = lookup.people.get(norm(rejected.company), [])
    readiness = assess_readiness(rejected, today=today, timing=timing, read_by=read_by)
    gap = gap_words(rejected.gap)
    progress = answering_progress(case, gap, since=rejected.date, until=today, lookup=lookup)
    plan = CompanyPlan(company=rejected.company, readiness=readiness, gap=gap, progress=progress)
    why = rejected.latest.company_from
    if why:
        plan.hints.append(f"{rejected.source} does not say `company:`; planned for {rejected.company} because "
                          f"{why}. Add `company: {rejected.company}` to it to be sure.")
    labels = {p.label for p in staff}
    plan.hints.extend(
        f"{', '.join(u.sources)} {'is' if len(u.sources) == 1 else 'are'} with \"{u.name}\", who could be "
        f"{' or '.join(u.could_be)}; it counts for no one: write the full name in `with:`."
        for u in touches.unresolved.values() if labels & set(u.could_be))
    if readiness.status == "do-not-reapply":
        return plan
    if rejected.date and today < rejected.date:
        plan.hints.append(f"Today ({today}) is before the rejection on {rejected.date}: no step is planned "
                          "before it.")
    histories = {p.label: touches.of(p) for p in staff}
    Campaign(plan, rejected, case, staff, histories, today=today, timing=timing, lookup=lookup).run()
    return plan
