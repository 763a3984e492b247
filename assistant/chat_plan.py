"""Chat questions the plan answers: "should I reapply now?", "who should I write to first?", "why did they
say no?" and "what have I done since?".

The first two are answered from `build_plan` (the same verdict and steps `second-chance plan` prints), the third
from the case file's rejections (the reason and the gap as the notes tell them), citing the notes behind them,
with or without a model: an answer is computed, never guessed. Any other question goes to the chat.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from assistant.casefile import CaseFile, same_company
from assistant.planner.shapes import CompanyPlan, Plan

Intent = Literal["reapply", "first", "why", "progress"]

# Whether (or when) to apply to the same company again: "reapply", "apply again", "another shot", "go back".
_REAPPLY = re.compile(
    r"\bre-?apply(?:ing)?\b|\bre-?application\b|\bapply(?:ing)? (?:\w+ ){0,3}(?:again|back|now|yet)\b"
    r"|\b(?:try|go|come|get) (?:\w+ ){0,2}(?:again|back)\b|\banother (?:shot|go|try|chance|attempt)\b"
    r"|\bsecond (?:shot|try|attempt|application)\b|\bready to (?:apply|return|go back)\b"
    r"|\bhow long (?:should|do|must) i wait\b|\b(?:too (?:early|soon)|wait (?:longer|more))\b",
    re.IGNORECASE)
# Whom to contact, or what to do, first: "who should I write to first", "where do I start", "next step".
_WHO = re.compile(r"\b(?:who|whom|which (?:person|one|contact|manager))\b", re.IGNORECASE)
_CONTACT = re.compile(r"\b(?:write|writ|contact|reach|email|e-mail|message|ping|talk|call|approach|start|begin|"
                      r"first|next|priorit\w*|follow[\s-]?up|keep in touch|stay in touch)", re.IGNORECASE)
# ... asked as advice ("who should I", "first"), not as a fact ("who did I talk to").
_ADVICE = re.compile(r"\b(?:should|shall|must|ought|best|first|next|start|begin|priorit\w*)\b", re.IGNORECASE)
_START = re.compile(r"\bwhere (?:do|should|can) i (?:start|begin)\b|\bwhat(?:'s| is| should be)? (?:my |the )?"
                    r"(?:first|next) (?:step|move|thing|letter)\b|\bwhat (?:should|do) i do (?:first|next|now)\b",
                    re.IGNORECASE)


# Why the company said no: "why did Fernway turn me down?", "what was the reason they gave", "what did I lack".
_NO = (r"(?:turn\w*\b[^?]*\bdown|reject\w*|say no|said no|pass(?:ed)? on|no offer|lose|lost|"
       r"(?:did(?:n't| not)|was(?:n't| not)|were(?:n't| not)|not)(?: i| we)? "
       r"(?:get|got|hired|selected|chosen|picked|make)\w*|"
       r"miss(?:ed)? out)")
_WHY = re.compile(rf"\bwhy\b[^?]*\b{_NO}|\breason\b[^?]*\b(?:{_NO}|decision|gave|give|given|said)\b"
                  rf"|\bfeedback\b[^?]*\b(?:{_NO}|decision|rejection)\b|\bwhat (?:was|is) (?:the|their|my) feedback\b"
                  r"|\bwhat (?:was|is) (?:my|the) (?:gap|weak\w*|reason)\b|\bwhat did i (?:lack|miss)\b"
                  r"|\bwhat (?:was|were) (?:i )?(?:missing|lacking)\b", re.IGNORECASE)


# What the user has done since: "what have I done since?", "my progress", "how have I closed the gap?".
_PROGRESS = re.compile(r"\bwhat (?:have|did) i (?:done|do|learn\w*|achiev\w*|buil\w*|finish\w*|work\w* on)\b"
                       r"|\b(?:my|any) progress\b|\bhow (?:have|did) i (?:close\w*|address\w*|work\w* on)\b"
                       r"|\bwhat(?:'s| has)? changed since\b", re.IGNORECASE)


def plan_intent(question: str) -> Intent | None:
    """Which plan question `question` asks, if it asks one; None for anything else."""
    if _START.search(question) or (_WHO.search(question) and _CONTACT.search(question) and _ADVICE.search(question)):
        return "first"
    if _REAPPLY.search(question):
        return "reapply"
    if _WHY.search(question):
        return "why"
    if _PROGRESS.search(question):
        return "progress"
    return None


def answer_progress(case: CaseFile, *, cite: Callable[[str], str] = str) -> str:
    """What the notes say the user has done, newest first, and which of it answers each reason a company gave."""
    from assistant.planner import answering_progress, gap_words

    done = sorted(case.progress, key=lambda p: (p.date is not None, p.date or dt.date.min), reverse=True)
    if not done:
        return ("Your notes show nothing done since yet: add a note of what you learned, built or finished, with its "
                "date (\"passed the X exam on 3 Nov\"), so letters and the plan can show it.")
    lines = ["From your notes, what you have done:"]
    lines += [f"- {p.date or 'no date'}: {p.what} ({cite(p.ground.source)})" for p in done]
    for no in sorted(case.rejections, key=lambda r: (r.date is None, r.date)):
        if not no.gap:
            continue
        answers = answering_progress(case, gap_words(no.gap), since=no.date)
        lines.append("")
        if answers:
            said = "; ".join(dict.fromkeys(a.what for a in answers))
            lines.append(f"{no.company} wanted {no.gap}. What answers it: {said}.")
        else:
            lines.append(f"{no.company} wanted {no.gap}. Nothing in your notes answers it yet: that is the progress "
                         f"to make before you reapply.")
    return "\n".join(lines)


def answer_why(question: str, case: CaseFile, *, cite: Callable[[str], str] = str) -> str:
    """Why each company said no, as the notes tell it (the one `question` names, if it names one)."""
    rejections = sorted(case.rejections, key=lambda r: (r.date is None, r.date))
    named = [r for r in rejections if any(same_company(word, r.company) for word in _company_words(question))]
    rejections = named or rejections
    if not rejections:
        return ("Your notes hold no rejection yet: add a note for the company that turned you down (its name, when, "
                "and what they said), then ask again.")
    answers = []
    for no in rejections:
        when = f" on {no.date}" if no.date else ""
        role = f" for the {no.role} role" if no.role else ""
        lines = [f"{no.company} turned you down{when}{role}."]
        if no.reason:
            lines.append(f'The reason your notes give: "{" ".join(no.reason.split())}"')
        else:
            lines.append("Your notes do not say why. If they offered feedback, add what they said: the plan and the "
                         "letters build on it.")
        if no.gap:
            lines.append(f"What it says you were missing: {no.gap}.")
        sources = [no.source, *(g.source for g in (no.reason_ground, no.date_ground) if g is not None)]
        lines.append(f"From: {', '.join(cite(s) for s in dict.fromkeys(sources))}")
        answers.append("\n".join(lines))
    return "\n\n".join(answers)


def _company_words(question: str) -> list[str]:
    """Runs of capitalised words in `question` that could name a company ("Why did Fernway say no?": Fernway)."""
    return [m.group(0) for m in re.finditer(r"(?<!^)(?<![.?!] )\b[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*", question)]


def answer_from_plan(intent: Intent, plan: Plan, *, cite: Callable[[str], str] = str) -> str:
    """The plan's answer to `intent`, company by company, with the notes behind it (`cite` shows a source)."""
    if not plan.companies:
        return ("Your notes hold no rejection yet, so there is nothing to plan: add a note for the company that "
                "turned you down (its name and when), then ask again.")
    render = _reapply if intent == "reapply" else _first
    return "\n\n".join(render(company, cite) for company in plan.companies)


def _reapply(company: CompanyPlan, cite: Callable[[str], str]) -> str:
    readiness = company.readiness
    verdict = {"wait": "not yet", "ready": "yes", "do-not-reapply": "no"}[readiness.status]
    lines = [f"{company.company}: {verdict} ({readiness.status}). {readiness.reason}"]
    if readiness.suggestion:
        lines.append(readiness.suggestion)
    reapply = next((s for s in company.steps if s.kind == "reapplication"), None)
    if reapply is not None:
        lines.append(f"The plan has the reapplication on {reapply.date}: {reapply.action}")
    sources = list(dict.fromkeys([readiness.source, *(q.source for q in readiness.evidence)]))
    lines.append(f"From: {', '.join(cite(s) for s in sources)}")
    return "\n".join(lines)


def _first(company: CompanyPlan, cite: Callable[[str], str]) -> str:
    readiness = company.readiness
    if readiness.status == "do-not-reapply":
        return f"{company.company}: no one; {readiness.reason} {readiness.suggestion or ''}".strip()
    letters = [s for s in company.steps if s.to and s.command]
    if not letters:
        hints = " ".join(company.hints[:2])
        return f"{company.company}: no letter is planned from these notes. {hints}".strip()
    first = letters[0]
    lines = [f"{company.company}: write to {first.to} first ({first.kind}, on {first.date}), because {first.why}.",
             f"{first.action}", f"Draft it with: {first.command}"]
    then = [f"{s.to} ({s.kind}, {s.date})" for s in letters[1:3]]
    if then:
        lines.append(f"Then: {'; '.join(then)}.")
    lines.append(f"From: {', '.join(cite(s) for s in dict.fromkeys(first.sources or [readiness.source]))}")
    return "\n".join(lines)
