"""The plan's shape (DESIGN.md section 5, `plan --json`; extra keys allowed)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from assistant.casefile import Part

Status = Literal["wait", "ready", "do-not-reapply"]


class Quote(BaseModel):
    """Words copied from one note that led to a verdict."""

    source: str = Field(description="The note's path relative to the knowledge folder.")
    words: str = Field(description="The exact words from that note.")
    label: str | None = Field(default=None, description="What the words show: late, rude, culture misfit ...")


class Readiness(BaseModel):
    """Whether to reapply yet: wait, ready, or do-not-reapply, with the reason and the evidence."""

    status: Status
    reason: str
    earliest_reapply: dt.date | None
    rejection_date: dt.date | None = None
    source: str = Field(description="The rejection note the dates come from.")
    evidence: list[Quote] = Field(default_factory=list)
    classified_by: str = Field(default="offline", description="Who read the notes: 'offline' or a model's name.")
    suggestion: str | None = None


class Step(BaseModel):
    """One dated thing to do: a letter to draft and send, or something to research."""

    date: dt.date
    tactic: str
    kind: str | None = Field(description="A letter kind (`draft KIND`), or null for research.")
    to: str | None
    action: str
    command: str | None = Field(default=None, description="The `second-chance draft` command that writes it.")
    why: str = ""
    sources: list[str] = Field(default_factory=list)
    overdue_since: dt.date | None = None
    key: str = Field(default="", exclude=True,
                     description="What tells two steps of one kind and person apart (an article, a project).")


class Contact(BaseModel):
    """A person the campaign considered, their part in it, and whether more touches make sense."""

    name: str
    roles: list[Part]
    sent: int = Field(description="Touches the user sent (interaction notes and sent drafts).")
    unanswered: int = Field(description="Touches sent since their last reply.")
    last_touch: dt.date | None = None
    status: str = Field(description="Why they get the next step, or why they get none.")


class ProgressMatch(BaseModel):
    """A progress item that answers the rejection reason, and the words that connect them."""

    source: str
    words: list[str]
    what: str = ""
    date: dt.date | None = None


class CompanyPlan(BaseModel):
    """The campaign for one company that turned the user down."""

    company: str
    readiness: Readiness
    steps: list[Step] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    progress: list[ProgressMatch] = Field(default_factory=list)
    gap: list[str] = Field(default_factory=list, description="Key words of the reason they gave.")
    hints: list[str] = Field(default_factory=list, description="What to add to the notes for a fuller plan.")


class Plan(BaseModel):
    """Every company's campaign, dated from `today`."""

    today: dt.date
    companies: list[CompanyPlan] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list,
                                description="Rejection notes the plan could not use, and what to add to them.")


class SentLetter(BaseModel):
    """A draft the user marked as sent (`second-chance sent FILE`): the planner counts it as a touch."""

    to: str
    date: dt.date
    kind: str | None = None
