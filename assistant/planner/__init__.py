"""The campaign planner: when to come back, whether to come back at all, and who to write to in what order.

It reads the case file (`assistant.casefile`) and nothing else, one module per job:
`rules` (the article's clock and order, as data), `readiness` (the verdict from the rejections' dates and red
flags; which progress answers the gap), `parts` (who plays which part; which letter fits whom, shared with
`draft`), `history` (touches and sent drafts, resolved once), `campaign` (the dated steps), `build` (the entry
point).
"""

from __future__ import annotations

from assistant.planner.build import NO_REJECTIONS, build_plan, pick_company, plan_company
from assistant.planner.campaign import draft_command
from assistant.planner.history import History, Touches, Unresolved, read_sent_drafts, stated_last_contacts
from assistant.planner.parts import CAMPAIGN_PARTS, fitting_kind, parts_of, unfit
from assistant.planner.readiness import Rejected, answering_progress, assess_readiness, gap_words, rejected_companies
from assistant.planner.rules import MARKS, TACTIC_ORDER, TIMING, Timing, add_months
from assistant.planner.shapes import (
    CompanyPlan,
    Contact,
    Plan,
    ProgressMatch,
    Quote,
    Readiness,
    SentLetter,
    Status,
    Step,
)

__all__ = [
    "CAMPAIGN_PARTS", "MARKS", "NO_REJECTIONS", "TACTIC_ORDER", "TIMING", "CompanyPlan", "Contact", "History",
    "Plan", "ProgressMatch", "Quote", "Readiness", "Rejected", "SentLetter", "Status", "Step", "Timing", "Touches",
    "Unresolved", "add_months", "answering_progress", "assess_readiness", "build_plan", "draft_command",
    "fitting_kind", "gap_words", "parts_of", "pick_company", "plan_company", "read_sent_drafts",
    "rejected_companies", "stated_last_contacts", "unfit",
]
