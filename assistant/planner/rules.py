"""The planner's rules from the article, as data: the clock, the order of same-day steps, the timeline marks."""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from pydantic import BaseModel, ConfigDict, Field


class Timing(BaseModel):
    """The planner's clock, from the article; change a number here, never in the code."""

    model_config = ConfigDict(frozen=True)

    reapply_after_months: int = Field(default=3, description="'three or four months or more' before reapplying")
    congratulate_after_days: int = Field(default=7, description="congratulate soon after they start")
    ask_after_days: int = Field(default=61, description="the recommendation-ask 'a couple of months' in")
    min_gap_days: int = Field(default=14, description="never two touches to one person within two weeks")
    cadence_days: int = Field(default=28, description="between stay-in-touch touches to one manager")
    max_unanswered: int = Field(default=3, description="stop after this many touches with no reply")
    max_managers: int = Field(default=2, description="'one or two managers you liked'")
    referral_lead_days: int = Field(default=14, description="ask the insider this long before reapplying")
    referral_wait_days: int = Field(default=7, description="give the insider this long before applying")
    max_projects: int = Field(default=2, description="research at most this many of a team's projects")


TIMING = Timing()

# Order of steps that fall on the same day: research first, the reapplication last.
TACTIC_ORDER = ("be-strategic", "build-bridges", "stay-in-touch", "show-progress", "overcome-rejection")
# One mark per letter kind in the terminal timeline.
MARKS: dict[str | None, str] = {
    "follow-up": "F", "consultant-offer": "C", "referral-request": "R", "progress-update": "P",
    "article-share": "A", "recommendation-ask": "K", "reapplication": "★", None: "?",
}  # fmt: skip


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, clamped to the month's last day (Nov 30 + 3 months = Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=1 << 16)  # a plan compares the same few company names tens of thousands of times
def norm(text: str | None) -> str:
    """`text` with case and spacing ignored, to compare names."""
    return " ".join((text or "").split()).casefold()
