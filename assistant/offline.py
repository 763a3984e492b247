"""The offline writer: a grounded letter without a model, from facts picked out of the evidence.

`make_brief` reads the evidence and labels the facts a letter can use (what the recipient said, what they care
about, the user's progress, a project, the opening...), each with the ids it comes from. `write` fills the
kind's template in prompts/offline/ with those facts; a paragraph whose facts are missing is left out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from assistant.chains import Brief, BriefPoint, LetterDraft, Sender
from assistant.errors import TemplateError
from assistant.people import Person
from assistant.prompts import load_prompt
from assistant.retrieval import Evidence
from assistant.tactics import LetterKind

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SAID = re.compile(r"\b(?:talked|said|mentioned|asked|told|described|offered|explained)\b")
_THIRD = {"she": "you", "he": "you", "they": "you", "her": "your", "his": "your", "their": "your", "him": "you",
          "herself": "yourself", "himself": "yourself"}
# Third-person verbs that follow a pronoun turned into "you".
_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "says": "say", "likes": "like", "cares": "care",
          "runs": "run", "leads": "lead", "wants": "want", "needs": "need", "struggles": "struggle",
          "shares": "share", "thinks": "think", "values": "value", "knows": "know", "reads": "read"}


def make_brief(
    evidence: list[Evidence],
    *,
    kind: LetterKind,
    recipient: Person,
    titles: dict[str, str] | None = None,
) -> Brief:
    """Pick the facts a letter of `kind` to `recipient` can use out of the evidence, each with its note ids."""
    picker = _Picker(evidence, recipient, titles or {})
    points = picker.points()
    angle = f"{kind.purpose} ({recipient.name})"
    return Brief(angle=angle, points=points)


def write(
    brief: Brief,
    *,
    kind: LetterKind,
    recipient: Person,
    sender: Sender,
    workspace: Path | None = None,
) -> LetterDraft:
    """Fill the kind's offline template with the brief's facts; leave out paragraphs whose facts are missing."""
    template = load_prompt(f"offline/{kind.id}", workspace=workspace)
    values = {name: "" for name in template.meta.variables}
    cited: list[str] = []
    for point in brief.points:
        if point.use in values and not values[point.use]:
            values[point.use] = point.text
            cited += point.evidence
    values |= {
        "first_name": recipient.name.split()[0],
        "company": recipient.company or "",
        "recipient_role": recipient.role or "",
        "signature": sender.signature,
    }
    values = {key: value for key, value in values.items() if key in template.meta.variables}
    body = _fill(template.template, values)
    used = {name for name in values if values[name] and "{" + name + "}" in template.template}
    ids = [i for p in brief.points if p.use in used for i in p.evidence]
    subject = template.render_subject(max_chars=kind.subject_max_chars, **values)
    return LetterDraft(subject=subject, body=body, cited_ids=list(dict.fromkeys(ids or cited)))


def _fill(template: str, values: dict[str, str]) -> str:
    """Render paragraph by paragraph; drop a paragraph when one of its facts is missing."""
    from langchain_core.prompts import PromptTemplate

    paragraphs = []
    for paragraph in template.strip().split("\n\n"):
        part = PromptTemplate.from_template(paragraph)
        if all(values.get(name) for name in part.input_variables):
            paragraphs.append(part.format(**{name: values[name] for name in part.input_variables}))
        elif any(name not in values for name in part.input_variables):
            raise TemplateError(f"Missing variables: {', '.join(n for n in part.input_variables if n not in values)}")
    return "\n\n".join(paragraphs).strip() + "\n"


class _Picker:
    """Find labelled facts in the evidence with small, readable rules."""

    def __init__(self, evidence: list[Evidence], recipient: Person, titles: dict[str, str]) -> None:
        self.evidence = evidence
        self.recipient = recipient
        self.first = recipient.name.split()[0]
        self.titles = titles
        self.about = [e for e in evidence if e.metadata.get("person") == recipient.name]
        self.of_type = lambda t: [e for e in evidence if e.metadata.get("type") == t]

    def points(self) -> list[BriefPoint]:
        found: list[BriefPoint] = []

        def add(use: str, text: str | None = None, *items: Evidence) -> None:
            if text:
                found.append(BriefPoint(use=use, text=" ".join(text.split()), evidence=[i.id for i in items]))

        used: set[str] = set()
        for use, finder in (("cares", self._cares), ("recall", self._recall), ("their_offer", self._their_offer)):
            result = finder(used)
            if result:
                used.add(result[0])
                add(use, *result)
        add("offer", *self._offer())
        add("history", *self._history())
        project = self._project(r"(?:needs|need|looking for) (?:someone|help|a person) to ([^:;.]+)")
        add("project", *project)
        add("first_project", *self._project(r"first project is ([^,:;.]+)"))
        rejection = self.of_type("rejection")
        if rejection:
            add("rejection_month", _month(rejection[0].metadata.get("date")), rejection[0])
            add("applied_role", str(rejection[0].metadata.get("role") or ""), rejection[0])
        add("gap", *self._gap())
        reason = [s for s, _ in self._sentences(rejection) if re.search(r"\b(?:but|reason|because)\b", s)]
        focus = " ".join([*(p.text for p in found if p.use in {"project", "cares", "gap"}), *reason])
        add("progress", *self._progress(focus))
        add("started_month", _month(self.recipient.started.isoformat() if self.recipient.started else None),
            *self.about[:1])
        for use, text, item in self._opening():
            add(use, text, item)
        add("article", *self._article_title())
        add("article_why", *self._article_why())
        add("article_summary", *self._article_summary())
        add("news", *self._news())
        return found

    def _sentences(self, items: list[Evidence]) -> list[tuple[str, Evidence]]:
        out = []
        for item in items:
            text = item.text
            heading = str(item.metadata.get("heading") or "")
            if heading and text.startswith(heading):
                text = text[len(heading):]
            for sentence in _SENTENCE.split(" ".join(text.split())):
                if sentence.strip():
                    out.append((sentence.strip(), item))
        return out

    def _cares(self, used: set[str]) -> tuple[str, Evidence] | None:
        for sentence, item in self._sentences(self.about):
            match = re.match(r"What (?:she|he|they) cares? about: (.+)", sentence)
            if match:
                return f"I know you care about {match.group(1)}", item
            if re.search(r"\b(?:struggles? with|cares? about|values)\b", sentence) and self._third(sentence):
                return _second_person(sentence, self.first), item
        return None

    def _recall(self, used: set[str]) -> tuple[str, Evidence] | None:
        said = re.compile(rf"\b(?:she|he|they|{re.escape(self.first)})\s+(?:\w+\s+)?{_SAID.pattern}", re.IGNORECASE)
        candidates = [(s, i) for s, i in self._sentences(self.about) if said.search(s)
                      and _second_person(s, self.first) not in used and "offered" not in s]
        candidates.sort(key=lambda c: "interview" not in c[0])
        if candidates:
            sentence, item = candidates[0]
            return _lower_first(_second_person(sentence, self.first)), item
        return None

    def _their_offer(self, used: set[str]) -> tuple[str, Evidence] | None:
        for sentence, item in self._sentences(self.about):
            if re.search(r"\boffered to\b", sentence) and self._third(sentence):
                return f"You kindly {_lower_first(_second_person(sentence, self.first)).removeprefix('you ')}", item
        return None

    def _third(self, sentence: str) -> bool:
        """Is the sentence about the recipient (their name or a pronoun as a subject)?"""
        return re.search(rf"\b(?:she|he|they|{re.escape(self.first)})\b", sentence, re.IGNORECASE) is not None

    def _offer(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.search(r"\bI offered to ([^;.]+)", sentence)
            if match:
                return match.group(1), item
        return ()

    def _history(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.match(rf"{re.escape(self.first)} and I (worked|studied|met|were)\b(.*)", sentence)
            if match:
                return f"We {match.group(1)}{match.group(2)}", item
        return ()

    def _project(self, pattern: str) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.search(pattern, sentence)
            if match:
                return match.group(1).strip(), item
        return ()

    def _gap(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.of_type("progress") + self.of_type("rejection")):
            match = re.search(r"\bgap\b[^:.]*:\s*([^.;]+)", sentence)
            if match:
                return match.group(1), item
        return ()

    def _progress(self, focus: str) -> tuple[str, *tuple[Evidence, ...]] | tuple[()]:
        """The best first-person sentence of each of the two progress notes closest to what the letter needs."""
        wanted = set(re.findall(r"[a-z]{4,}", focus.casefold()))
        best: dict[str, tuple[int, int, str, Evidence]] = {}
        for rank, (sentence, item) in enumerate(self._sentences(self.of_type("progress"))):
            if not re.search(r"\bI (?:also |recently )?(?:passed|built|wrote|completed|earned|shipped|finished|led|"
                             r"launched|ran)\b", sentence):
                continue
            overlap = len(set(re.findall(r"[a-z]{4,}", sentence.casefold())) & wanted)
            # A note that says it answers the gap behind the rejection is the one to lead with.
            overlap += 5 * bool(re.search(r"\bgap\b", item.text))
            if item.source not in best or overlap > best[item.source][0]:
                best[item.source] = (overlap, rank, sentence, item)
        chosen = sorted(best.values(), key=lambda o: (-o[0], o[1]))[:2]
        if not chosen:
            return ()
        text = " ".join(_human_dates(o[2]) for o in chosen)
        text = re.sub(r"^I (?:also|recently) ", "I ", text)  # "also" needs something before it
        return (text, *(o[3] for o in chosen))

    def _opening(self) -> list[tuple[str, str, Evidence]]:
        """The opening's title, team and what it asks for."""
        openings = [e for e in self.of_type("opening") if e.metadata.get("role")]
        if not openings:
            return []
        details = [("opening", str(openings[0].metadata["role"]), openings[0])]
        for sentence, item in self._sentences(openings[:1]):
            if team := re.search(r"\b(on the [A-Z][\w ]+? team)\b", sentence):
                details.append(("opening_team", team.group(1), item))
            if needs := re.search(r"\basks for ([^.]+)", sentence):
                details.append(("opening_needs", needs.group(1), item))
        return details

    def _article_title(self) -> tuple[str, Evidence] | tuple[()]:
        for item in self.of_type("article"):
            title = self.titles.get(item.source)
            if title and self._mentions_recipient(item):
                return title, item
        return ()

    def _mentions_recipient(self, item: Evidence) -> bool:
        return re.search(rf"\b{re.escape(self.first)}\b", item.text) is not None

    def _article_why(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences([i for i in self.of_type("article") if self._mentions_recipient(i)]):
            match = re.search(rf"\b{re.escape(self.first)}, who ([^,.;]+)", sentence)
            if match:
                return _second_person(f"{self.first} {match.group(1)}", self.first), item
        return ()

    def _article_summary(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences([i for i in self.of_type("article") if self._mentions_recipient(i)]):
            match = re.match(r"A (?:long |short )?(?:article|piece|post) (?:walking through|about|on) (.+)", sentence)
            if match:
                return f"It walks through {match.group(1)}", item
        return ()

    def _news(self) -> tuple[str, Evidence] | tuple[()]:
        for item in self.of_type("company"):
            for line in item.text.splitlines():
                match = re.match(r"\s*-\s*\d{4}-\d{2}-\d{2}:\s*(.+)", line)
                if match:
                    return match.group(1), item
        return ()


def _second_person(sentence: str, first_name: str) -> str:
    """Turn a note's sentence about the recipient into one addressed to them ("she said" -> "you said")."""
    text = re.sub(rf"\b{re.escape(first_name)}'s\b", "your", sentence)
    text = re.sub(rf"\b{re.escape(first_name)}\b", "you", text)

    def pronoun(match: re.Match[str]) -> str:
        word = match.group(0)
        swapped = _THIRD[word.casefold()]
        return swapped.capitalize() if word[0].isupper() else swapped

    # "asked her." / "told her that" is the object (you); "her team" is the possessive (your).
    text = re.sub(r"\b[Hh]er\b(?=\s*(?:[.,;:!?]|$|(?:if|and|to|for|about|that|when|so|but)\b))", "you", text)
    text = re.sub(r"\b(?:she|he|they|her|his|their|him|herself|himself)\b", pronoun, text, flags=re.IGNORECASE)
    text = re.sub(r"\b([Yy]ou) (\w+)\b", lambda m: f"{m.group(1)} {_VERBS.get(m.group(2), m.group(2))}", text)
    return text


def _human_dates(text: str) -> str:
    """Write ISO dates as people do: 2026-10-15 -> October 15."""

    def spell(match: re.Match[str]) -> str:
        day = dt.date.fromisoformat(match.group(0))
        return f"{calendar.month_name[day.month]} {day.day}"

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", spell, text)


def _month(value: object) -> str:
    if not value:
        return ""
    try:
        return calendar.month_name[dt.date.fromisoformat(str(value)[:10]).month]
    except ValueError:
        return ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text

