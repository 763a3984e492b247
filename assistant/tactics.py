"""The five tactics for winning a second chance and the letter kinds they produce, as data.

One place for prompts, checks, the planner and the evals. The ideas paraphrase the article behind the
project (shared/seed/second-chance-article.txt); the wording is ours.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Tactic(BaseModel):
    """One of the five tactics."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    idea: str = Field(description="What the tactic asks of the user, in one or two sentences.")
    planner: str = Field(description="What the planner does with it.")


class Element(BaseModel):
    """Something a letter of a kind must contain."""

    model_config = ConfigDict(frozen=True)

    id: str
    description: str
    cues: tuple[str, ...] = Field(
        default=(), description="Regular expressions (case-insensitive); a letter has the element when one matches."
    )
    grounded: bool = Field(
        default=False, description="The sentence that matches must also share its key words with the evidence."
    )
    titled: bool = Field(
        default=False, description="Naming the title of a note the letter draws on (an article's) also counts."
    )


class LetterKind(BaseModel):
    """A kind of letter: why it is written, to whom, what it must say and avoid, and how long it may be."""

    model_config = ConfigDict(frozen=True)

    id: str
    tactics: tuple[str, ...]
    purpose: str
    recipient: str = Field(description="Who the letter goes to.")
    needs: Literal["got-job", "rejection"] | None = Field(
        default=None, description="What must be true of the recipient: they got the job the user applied for "
        "(`started:` or a got-the-job relationship), or their company turned the user down (a rejection note)."
    )
    required: tuple[Element, ...]
    avoid: tuple[str, ...]
    min_words: int
    max_words: int
    subject_max_chars: int = 60


# Cues shared by several elements; the checks match them case-insensitively against the letter.
_VALUE = (
    r"\bI (?:could|can|would|'d)\b[^.]*\b(?:help|bring|build|contribute|support|offer|take)\b[^.]*"
    r"\b(?:team|department|group|you)\b"
)
_PERSONAL = (
    r"\byou (?:said|mentioned|talked|asked|told|shared|offered|encouraged|care|described|were|are reading)\b"
    r"|\byour (?:question|point|feedback|interest)\b"
)
_PROGRESS = (
    r"\bI (?:also |recently )?(?:passed|built|wrote|completed|earned|shipped|finished|led|launched|ran|learned|"
    r"studied|have built)\b"
)
_ASK = r"\b(?:would|could|will) you\b[^.?]*\b(?:recommend|refer|put my name|pass my|mention my)"
_WHY = r"\b(?:because|you (?:said|mentioned|talked)|thought of you|reminded me|relevant|useful)\b"
_TRANSPARENT = (
    r"\b(?:applied|interviewed)\b[^.]*\b(?:before|earlier|previously|last|in (?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December))\b|\bagain\b|\bsecond time\b"
)
_QUOTED_TITLE = r"[\"“][^\"“”\n]{8,}[\"”]"  # a title in double quotes: "Designing for gloves"

TACTICS: dict[str, Tactic] = {
    t.id: t
    for t in (
        Tactic(
            id="overcome-rejection",
            title="Overcome the rejection",
            idea="Let go of bitterness and embarrassment; give it three or four months or more; come back "
            "with confidence and be open that you are trying again.",
            planner="Readiness: too early, ready, or do not reapply (an egregious mistake or a clear culture misfit).",
        ),
        Tactic(
            id="be-strategic",
            title="Be more strategic",
            idea="Research the opening and how the team works, and use the contacts from the first round: "
            "find someone inside who will recommend you.",
            planner="Who could recommend you, and what to research before reapplying.",
        ),
        Tactic(
            id="show-progress",
            title="Show your progress",
            idea="Show how you closed the gap behind the rejection since, and tie it to what the company needs.",
            planner="Which progress notes answer the rejection reason.",
        ),
        Tactic(
            id="stay-in-touch",
            title="Stay in touch",
            idea="Pick one or two managers you liked, remind them what you could do for their team, and pass "
            "on articles they would find useful; do not disappear.",
            planner="When each touch is due, never crowding anyone.",
        ),
        Tactic(
            id="build-bridges",
            title="Build bridges",
            idea="Congratulate the person who got the job, offer to help with a project or two as a consultant, "
            "and after a couple of months ask them which other parts of the company might fit you.",
            planner="Congratulations soon after they start; the ask a couple of months later.",
        ),
    )
}

LETTER_KINDS: dict[str, LetterKind] = {
    k.id: k
    for k in (
        LetterKind(
            id="follow-up",
            tactics=("stay-in-touch", "show-progress"),
            purpose="Keep a manager you liked warm: thank them, share real progress, and remind them what you "
            "could do for their team.",
            recipient="a manager the user liked from the interviews",
            needs="rejection",
            required=(
                Element(id="value", description="says what the user could do for the recipient's team",
                        cues=(_VALUE,)),
                Element(id="personal", description="refers to something specific the recipient said or cares about",
                        cues=(_PERSONAL,)),
            ),
            avoid=("bitterness about the decision", "begging for a job", "asking them to reverse the decision"),
            min_words=90,
            max_words=180,
        ),
        LetterKind(
            id="consultant-offer",
            tactics=("build-bridges",),
            purpose="Congratulate the person who got the job and offer to help with a concrete project or two "
            "as a consultant.",
            recipient="the person who got the job the user applied for",
            needs="got-job",
            required=(
                Element(id="congratulate", description="congratulates them on the new role",
                        cues=(r"\bcongratulat",)),
                Element(id="project", description="names a concrete project from the notes the user could help with",
                        cues=(r"\bproject\b", r"\bhelp (?:with|on)\b", r"\bconsult"), grounded=True),
            ),
            avoid=("envy or bitterness", "implying they were the wrong choice", "asking for their job"),
            min_words=90,
            max_words=200,
        ),
        LetterKind(
            id="referral-request",
            tactics=("be-strategic",),
            purpose="Ask an insider to recommend the user for a specific opening.",
            recipient="someone inside the company who knows the user's work",
            required=(
                Element(id="opening", description="names the opening or team",
                        cues=(r"\b(?:opening|role|position|posting)\b",)),
                Element(id="ask", description="asks clearly whether they would recommend or refer the user",
                        cues=(_ASK,)),
            ),
            avoid=("pressure", "begging", "assuming they will say yes"),
            min_words=80,
            max_words=180,
        ),
        LetterKind(
            id="progress-update",
            tactics=("show-progress", "stay-in-touch"),
            purpose="Tell a contact how the gap behind the rejection has been filled since, and why it matters "
            "to their team.",
            recipient="a manager the user liked or the hiring manager",
            needs="rejection",
            required=(
                Element(id="progress", description="names a concrete progress item from the notes",
                        cues=(_PROGRESS,)),
                Element(id="connection", description="connects the progress to what the team needs",
                        cues=(r"\b(?:your|the) (?:team|group|department)\b",)),
            ),
            avoid=("bitterness", "relitigating the decision", "begging"),
            min_words=80,
            max_words=180,
        ),
        LetterKind(
            id="article-share",
            tactics=("stay-in-touch",),
            purpose="Forward an article the recipient would find useful, with one line on why.",
            recipient="a manager the user liked",
            required=(
                Element(id="article", description="names the article being shared",
                        cues=(r"\b(?:article|piece|post|write-up|paper)\b", _QUOTED_TITLE), titled=True),
                Element(id="why", description="says why it is relevant to the recipient",
                        cues=(_WHY,)),
            ),
            avoid=("asking for anything in return", "mentioning the rejection at length"),
            min_words=50,
            max_words=140,
        ),
        LetterKind(
            id="recommendation-ask",
            tactics=("build-bridges",),
            purpose="A couple of months after they started, ask the person who got the job which other areas "
            "of the company might fit the user.",
            recipient="the person who got the job, after a couple of months in it",
            needs="got-job",
            required=(
                Element(id="areas", description="asks which other teams or areas might be a good fit",
                        cues=(r"\b(?:other|which|what) (?:teams?|areas?|parts?|groups?)\b",)),
            ),
            avoid=("asking for their job", "bitterness", "pressure"),
            min_words=70,
            max_words=170,
        ),
        LetterKind(
            id="reapplication",
            tactics=("overcome-rejection", "show-progress"),
            purpose="Reapply for an opening: open about coming back, confident, with the progress since.",
            recipient="the hiring manager for an opening in the notes",
            needs="rejection",
            required=(
                Element(id="opening", description="names the opening being applied for",
                        cues=(r"\b(?:opening|role|position|posting)\b",)),
                Element(id="transparent", description="is open that the user applied before",
                        cues=(_TRANSPARENT,)),
                Element(id="progress", description="names concrete progress since the rejection",
                        cues=(_PROGRESS,)),
            ),
            avoid=("bitterness", "apologising for applying again", "begging"),
            min_words=120,
            max_words=260,
        ),
    )
}

PRIMARY_KINDS = ("follow-up", "consultant-offer")


def letter_kind(kind: str) -> LetterKind:
    """The letter kind `kind`; a UserError lists the kinds when it is unknown."""
    from assistant.errors import UserError
    from assistant.names import closest

    try:
        return LETTER_KINDS[kind]
    except KeyError:
        close = closest(kind, list(LETTER_KINDS), n=1)
        hint = f"; did you mean {close[0]}? Use" if close else "; use"
        raise UserError(f"Unknown letter kind '{kind}'{hint} one of: {', '.join(LETTER_KINDS)}.") from None
