"""Who plays which part in the campaign, and which letter fits whom: the one rule `plan` and `draft` share.

A step that `plan` prints as a `second-chance draft` command passes `unfit` by construction, so `draft` never
refuses a letter the plan asked for.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from assistant.casefile import CaseFile, Part, Person
from assistant.planner.rules import norm
from assistant.tactics import LetterKind, letter_kind

if TYPE_CHECKING:
    from assistant.planner.lookup import CaseLookup

# The parts the campaign acts on, in the order a person's parts are shown.
CAMPAIGN_PARTS: tuple[Part, ...] = ("got-the-job", "hiring-manager", "manager-i-liked", "insider", "recruiter")
# Each part as a person reads it in a listing.
PART_WORDS: dict[Part, str] = {"got-the-job": "got the job", "hiring-manager": "hiring manager",
                               "manager-i-liked": "a manager you liked", "insider": "could recommend you",
                               "recruiter": "recruiter"}


def parts_of(person: Person) -> list[Part]:
    """The campaign parts a person plays (claims of `other` left out), in CAMPAIGN_PARTS order."""
    claimed = {claim.part for claim in person.parts}
    return [part for part in CAMPAIGN_PARTS if part in claimed]


def was_rejected_by(case: CaseFile, company: str | None) -> bool:
    """Whether the case file has a rejection from `company`."""
    want = norm(company)
    return bool(want) and any(norm(r.company) == want for r in case.rejections)


def fitting_kind(person: Person, case: CaseFile) -> str:
    """The letter kind that suits a person's part, to suggest when they asked for one that does not."""
    if person.has_part("got-the-job"):
        return "consultant-offer"
    if person.has_part("insider"):
        return "referral-request"
    return "follow-up" if was_rejected_by(case, person.company) else "article-share"


def unfit(kind: LetterKind | str, person: Person, case: CaseFile) -> str | None:
    """Why a letter of `kind` to `person` makes no sense (it would state falsehoods), or None when it fits."""
    spec = letter_kind(kind) if isinstance(kind, str) else kind
    first = person.name.split()[0]
    fits = fitting_kind(person, case)
    won = person.has_part("got-the-job")
    if spec.needs == "got-job" and not won:
        winners = [p.name for p in case.people_at(person.company) if p.has_part("got-the-job") and p is not person]
        who = f" ({', '.join(winners)})" if winners else "; add `started: DATE` to their note"
        return (f"{person.name} did not get the job you applied for; {_a(spec.id).lower()} goes to the person who "
                f"did{who}. For {first}, try {fits}.")
    if spec.needs == "rejection" and won:
        return (f"{person.name} got the job you applied for; {_a(spec.id).lower()} goes to someone at the company "
                f"that turned you down. For {first}, try {fits}.")
    if spec.needs == "rejection" and not was_rejected_by(case, person.company):
        company = person.company or "their company"
        return (f"Your notes have no rejection from {company}, so {_a(spec.id).lower()} to {person.name} has "
                f"nothing to follow up on; add a rejection note with `company: {company}` if there was one. For "
                f"{first}, try {fits}.")
    return None


def _a(word: str) -> str:
    return f"{'An' if word[:1] in 'aeiou' else 'A'} {word}"


# What each fact an offline template may require (`required:` in prompts/offline/KIND.md) is, in the user's words.
_FACTS = {
    "progress": "a note on your progress since the rejection (what you did, and when)",
    "project": "a project {first}'s team needs help with (\"the team needs help with ...\")",
    "opening": "an opening at {company}",
    "article": "an article that names {first}",
    "recall": "something {first} said or asked you",
    "cares": "what {first} cares about",
}
_RECALL = {"said", "asked", "offered"}
_CARES = {"cares", "struggles"}


@functools.cache  # the shipped templates do not change while a process runs; a plan asks once per letter
def required_facts(kind: str) -> tuple[str, ...]:
    """The facts a letter of `kind` cannot be written without (its offline template's `required:`)."""
    from assistant.errors import SecondChanceError
    from assistant.prompts import load_prompt

    try:
        return load_prompt(f"offline/{kind}").meta.required
    except SecondChanceError:
        return ()


def missing_facts(kind: str, person: Person, case: CaseFile, *, company: str, has_opening: bool,
                  lookup: CaseLookup | None = None) -> str | None:
    """What the notes must add before a letter of `kind` to `person` can be written, or None when they hold it.

    `draft` writes from every note, whatever its date, so a fact counts here whenever it was written down.
    """
    present = {
        "progress": bool(case.progress),
        "project": (norm(company) in lookup.projects or norm(person.name) in lookup.project_people) if lookup
        else any(norm(p.company) == norm(company) or norm(p.person) == norm(person.name) for p in case.projects),
        "opening": has_opening,
        "recall": any(r.kind in _RECALL for r in person.remarks),
        "cares": any(r.kind in _CARES for r in person.remarks),
    }
    fill = {"first": person.name.split()[0], "company": company}
    for need in required_facts(kind):
        options = need.split("|")
        if not any(present.get(name, True) for name in options):
            return " or ".join(_FACTS.get(name, name).format(**fill) for name in options)
    return None
