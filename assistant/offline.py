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

from assistant.casefile import Person
from assistant.chains import Brief, BriefPoint, LetterDraft, Sender
from assistant.checks import is_instruction, share_a_phrase
from assistant.errors import TemplateError, UserError
from assistant.prompts import load_prompt, template_fields
from assistant.retrieval import Evidence
from assistant.tactics import LetterKind

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SAID = re.compile(r"\b(?:talked|said|mentioned|asked|told|described|offered|explained)\b")
# Third-person verbs that follow a pronoun turned into "you".
_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "says": "say", "likes": "like", "cares": "care",
          "runs": "run", "leads": "lead", "wants": "want", "needs": "need", "struggles": "struggle",
          "shares": "share", "thinks": "think", "values": "value", "knows": "know", "reads": "read",
          "spends": "spend", "worries": "worry"}


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
    """Fill the kind's offline template with the brief's facts; leave out paragraphs whose facts are missing.

    A fact the kind cannot do without (the template's `required:`) that the notes do not hold is a UserError
    that says which note to add: a 22-word letter helps nobody.
    """
    template = load_prompt(f"offline/{kind.id}", workspace=workspace)
    values = {name: "" for name in template.meta.variables}
    for point in brief.points:
        if point.use in values and not values[point.use]:
            values[point.use] = point.text
    values |= {
        "first_name": recipient.name.split()[0],
        "company": recipient.company or "",
        "recipient_role": recipient.role or "",
        "signature": sender.signature,
    }
    values = {key: value for key, value in values.items() if key in template.meta.variables}
    _require(template.meta.required, values, kind=kind, recipient=recipient)
    body, used = _fill(template.template, values)
    ids = [i for p in brief.points if p.use in used for i in p.evidence]
    subject = template.render_subject(max_chars=kind.subject_max_chars, **values)
    return LetterDraft(subject=subject, body=body, cited_ids=list(dict.fromkeys(ids)))


# What to add to the notes when a letter cannot be written without a fact; {first}, {name}, {company} filled in.
_HINTS = {
    "progress": "add a progress note (type: progress, under knowledge/progress/) saying what you have done since "
                "the rejection",
    "project": "add to {name}'s note a project the team needs help with, e.g. \"the team needs help with ...\"",
    "opening": "add an opening note (type: opening, company: {company}, role: the job title) under "
               "knowledge/openings/, or pick a recipient at a company with one",
    "article": "add an article note (type: article, title: ...) that says why {name} would find it useful, naming "
               "{name} in full",
    "recall": "add to {name}'s note something {first} said or asked you",
    "cares": "add to {name}'s note what {first} cares about",
}  # fmt: skip
# The same facts as a person would name them in the error.
_WHAT = {"recall": "something {first} said", "cares": "what {first} cares about", "progress": "your progress since",
         "project": "a project the team needs help with", "opening": "an opening", "article": "an article for {first}"}


def _require(required: tuple[str, ...], values: dict[str, str], *, kind: LetterKind, recipient: Person) -> None:
    """Raise a UserError naming the note to add when a fact the kind needs is missing."""
    for need in required:
        options = need.split("|")
        if not any(values.get(name) for name in options):
            fill = {"name": recipient.name, "first": recipient.name.split()[0],
                    "company": recipient.company or "their company"}
            hint = " or ".join(_HINTS.get(name, f"add a note with the {name}").format(**fill) for name in options)
            what = " or ".join(_WHAT.get(name, f"the {name}").format(**fill) for name in options)
            none = "neither" if len(options) == 2 else "none"
            raise UserError(f"{_a(kind.id)} to {recipient.name} needs {what}, and your notes have {none}: {hint}.")


def _fill(template: str, values: dict[str, str]) -> tuple[str, set[str]]:
    """Render paragraph by paragraph; a paragraph's `--or--` variants are tried in turn, the first whose facts are
    all there wins, and a paragraph with none is left out, so a sentence never loses the fact it points back to."""
    paragraphs = []
    used: set[str] = set()
    for paragraph in template.strip().split("\n\n"):
        for variant in re.split(r"\n--or--\n", paragraph.strip()):
            names = template_fields(variant)
            missing = [name for name in names if name not in values]
            if missing:
                raise TemplateError(f"Missing variables: {', '.join(missing)}")
            if all(values[name] for name in names):
                paragraphs.append(_capitalise(variant.format(**{name: values[name] for name in names})))
                used |= set(names)
                break
    return "\n\n".join(paragraphs).strip() + "\n", used


def _capitalise(text: str) -> str:
    """Start every sentence with a capital letter, whatever case the fact inside it began with."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


class _Picker:
    """Find labelled facts in the evidence with small, readable rules, falling back on the notes' own sentences."""

    def __init__(self, evidence: list[Evidence], recipient: Person, titles: dict[str, str]) -> None:
        self.evidence = evidence
        self.recipient = recipient
        self.first = recipient.name.split()[0]
        self.titles = titles
        self.about = [e for e in evidence if e.metadata.get("person") == recipient.name]
        self.pronoun = _pronoun(" ".join(e.text for e in self.about))

    def of_type(self, note_type: str) -> list[Evidence]:
        return [e for e in self.evidence if e.metadata.get("type") == note_type]

    def points(self) -> list[BriefPoint]:
        found: list[BriefPoint] = []

        def add(use: str, text: str | None = None, *items: Evidence) -> None:
            if text:
                found.append(BriefPoint(use=use, text=" ".join(text.split()), evidence=[i.id for i in items]))

        used: set[str] = set()
        for use, finder in (("cares", self._cares), ("recall", self._recall), ("their_offer", self._their_offer)):
            result = finder(used)
            if result:
                used.add(result[2])
                add(use, result[0], result[1])
        add("offer", *self._offer())
        add("history", *self._history())
        add("project", *self._team_needs())
        add("first_project", *self._project(r"first project is ([^,:;.]+)"))
        rejection = self.of_type("rejection")
        if rejection:
            add("rejection_month", _month(rejection[0].metadata.get("date")), rejection[0])
            add("applied_role", str(rejection[0].metadata.get("role") or ""), rejection[0])
        add("gap", *self._gap())
        add("reason", *self._reason(rejection))
        reason = [s for s, _ in self._sentences(rejection) if re.search(r"\b(?:but|reason|because)\b", s)]
        focus = " ".join([*(p.text for p in found if p.use in {"project", "cares", "gap"}), *reason])
        add("progress", *self._progress(focus))
        add("started_month", _month(self.recipient.started.isoformat() if self.recipient.started else None),
            *self.about[:1])
        add("interviews", *self._interviews())
        for use, text, item in self._opening():
            add(use, text, item)
        add("article", *self._article_title())
        add("article_why", *self._article_why())
        add("article_summary", *self._article_summary())
        add("news", *self._news())
        return found

    def _sentences(self, items: list[Evidence]) -> list[tuple[str, Evidence]]:
        """Each note's sentences, without headings and without anything that reads as an instruction."""
        out = []
        for item in items:
            text = item.text
            heading = str(item.metadata.get("heading") or "")
            if heading and text.startswith(heading):
                text = text[len(heading):]
            for sentence in _SENTENCE.split(" ".join(text.split())):
                if sentence.strip() and not is_instruction(sentence):
                    out.append((sentence.strip(), item))
        return out

    def _about_them(self, sentence: str) -> bool:
        """Does the sentence start with the recipient (their name or their pronoun) as its subject?"""
        subject = rf"(?:{re.escape(self.first)}|{self.pronoun[0]})"
        return re.match(rf"(?:[A-Z][\w ,]{{0,30}}, )?{subject}\b", sentence, re.IGNORECASE) is not None

    def _you(self, sentence: str) -> str | None:
        """The sentence addressed to the recipient, or None when it cannot be said to them."""
        generic = _generic_you(sentence)
        if generic is None:
            return None
        return _second_person(generic, self.first, self.pronoun)

    def _cares(self, used: set[str]) -> tuple[str, Evidence, str] | None:
        for sentence, item in self._sentences(self.about):
            match = re.match(r"What (?:she|he|they) cares? about: (.+)", sentence)
            if match:
                return f"I know you care about {match.group(1)}", item, sentence
            if re.search(r"\b(?:struggles? with|cares? about|values|worries about)\b", sentence) and (
                    self._about_them(sentence) or re.search(r"\b(?:his|her|their) team\b", sentence)):
                you = self._you(sentence)
                if you is None:
                    continue
                point = re.match(r"(?:You )?care about ([^:]+?)(?:: (.+))?$", you.rstrip("."), re.IGNORECASE)
                if point:  # not "you care about X", which tells them what they care about
                    more = f": {point.group(2)}" if point.group(2) else ""
                    return f"Your point about {point.group(1)} has stayed with me{more}.", item, sentence
                return _full_stop(you), item, sentence
        return None

    def _recall(self, used: set[str]) -> tuple[str, Evidence, str] | None:
        said = re.compile(rf"\b(?:she|he|they|{re.escape(self.first)})\s+(?:\w+\s+)?{_SAID.pattern}", re.IGNORECASE)
        candidates = [(s, i) for s, i in self._sentences(self.about) if s not in used and "offered" not in s
                      and (said.search(s) or self._about_them(s)) and not re.match(r"What \w+ cares", s)]
        # Something they said beats something they did; the interview beats anything else.
        candidates.sort(key=lambda c: (not said.search(c[0]), not re.search(r"interview|onsite", c[0])))
        for sentence, item in candidates:
            you = self._you(_main_clause(sentence, self.first, self.pronoun))
            if you and re.search(r"\byou\b", you, re.IGNORECASE):
                return _lower_first(you), item, sentence
        return None

    def _their_offer(self, used: set[str]) -> tuple[str, Evidence, str] | None:
        for sentence, item in self._sentences(self.about):
            if sentence not in used and re.search(r"\boffered to\b", sentence) and self._about_them(sentence):
                you = self._you(sentence)
                if you:
                    return f"You kindly {_lower_first(you).removeprefix('you ')}", item, sentence
        return None

    def _offer(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.search(r"\bI offered to ([^;.]+)", sentence)
            if match:
                return match.group(1), item
        return ()

    def _history(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.match(rf"{re.escape(self.first)} and I (worked|studied|met|were|shared)\b(.*)", sentence)
            if match:
                return f"We {match.group(1)}{match.group(2)}", item
        return ()

    def _project(self, pattern: str) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.about):
            match = re.search(pattern, sentence)
            if match:
                return match.group(1).strip(), item
        return ()

    def _team_needs(self) -> tuple[str, Evidence] | tuple[()]:
        """What the recipient's team needs help with, as a clause: "the team needs help with X"."""
        needs = r"(?:needs|need|is looking for|wants) (?:someone|help|a person|an extra pair of hands) (?:to|with) "
        for sentence, item in self._sentences(self.about):
            match = re.search(rf"\b((?:the|{self.pronoun[2]}) team (?:also |still )?{needs}[^:;.]+)", sentence,
                              re.IGNORECASE)
            if match:
                clause = re.sub(r" team (?:also|still) ", " team ", match.group(1))
                return re.sub(rf"^{self.pronoun[2]} team\b", "your team", clause, flags=re.IGNORECASE), item
            match = re.search(rf"\b{needs}([^:;.]+)", sentence)
            if match:
                return f"the team needs help with {match.group(1).strip()}", item
        return ()

    def _gap(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self.of_type("progress") + self.of_type("rejection")):
            match = re.search(r"\bgap\b[^:.]*:\s*([^.;]+)", sentence)
            if match:
                return match.group(1), item
        return ()

    def _reason(self, rejection: list[Evidence]) -> tuple[str, Evidence] | tuple[()]:
        """The reason the rejection note gives, as a clause ("the panel liked X, but Y")."""
        for sentence, item in self._sentences(rejection):
            if re.search(r"\b(?:but|because|reason|needed|lacked|too)\b", sentence):
                clause = re.sub(r"^[^:]{0,60}\b(?:said|told me|phoned|called|explained|wrote)\b[^:]*?(?::|\bthat)\s*",
                                "", sentence.rstrip("."))
                if clause != sentence.rstrip(".") and not re.search(r"\b(?:other|another) candidate\b", clause):
                    return _lower_first(clause), item
        return ()

    def _progress(self, focus: str) -> tuple[str, *tuple[Evidence, ...]] | tuple[()]:
        """The best first-person sentences of the two progress notes closest to what the letter needs."""
        wanted = set(re.findall(r"[a-z]{4,}", focus.casefold()))
        best: dict[str, tuple[int, int, str, Evidence]] = {}
        for rank, (sentence, item) in enumerate(self._sentences(self.of_type("progress"))):
            mine = _first_person(sentence)
            if not mine or not re.match(rf"I (?:also |recently )?(?:{_DONE})\b", mine):
                continue
            overlap = len(set(re.findall(r"[a-z]{4,}", sentence.casefold())) & wanted)
            # A note that says it answers the gap behind the rejection is the one to lead with.
            overlap += 5 * bool(re.search(r"\bgap\b", item.text))
            if item.source not in best or overlap > best[item.source][0]:
                best[item.source] = (overlap, rank, mine, item)
            elif best[item.source][3] is item and len(best[item.source][2]) < 200:
                # A short note reads best whole: "Shipped X. Also passed Y."
                best[item.source] = (*best[item.source][:2], f"{best[item.source][2]} {mine}", item)
        chosen = sorted(best.values(), key=lambda o: (-o[0], o[1]))[:2]
        if not chosen:
            return ()
        text = " ".join(_human_dates(o[2]) for o in chosen)
        text = re.sub(r"^I (?:also|recently) ", "I ", text)  # "also" needs something before it
        return (text, *(o[3] for o in chosen))

    def _interviews(self) -> tuple[str, Evidence] | tuple[()]:
        """The words "during the interviews" when the recipient was one of the user's interviewers."""
        said = " ".join([self.recipient.relationship or "", *(c.part for c in self.recipient.parts),
                         *(e.text for e in self.about)])
        if self.about and re.search(r"interview|onsite|hiring-manager|manager-i-liked|panel", said, re.IGNORECASE):
            return "during the interviews", self.about[0]
        return ()

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

    def _articles(self) -> list[Evidence]:
        """Article notes meant for this recipient: filed under them, naming them in full, or naming their first name
        in words their own notes use too (a first name alone could be anyone's: there may be two Sams)."""
        full = re.compile(rf"\b{re.escape(self.recipient.name)}\b", re.IGNORECASE)
        own = " ".join(e.text for e in self.about)
        return [i for i in self.of_type("article")
                if i.metadata.get("person") == self.recipient.name or full.search(i.text)
                or (re.search(rf"\b{re.escape(self.first)}\b", i.text) and share_a_phrase(i.text, own))]

    def _article_title(self) -> tuple[str, Evidence] | tuple[()]:
        for item in self._articles():
            title = self.titles.get(item.source)
            if title:
                return title, item
        return ()

    def _article_why(self) -> tuple[str, Evidence] | tuple[()]:
        name = rf"{re.escape(self.recipient.name)}|{re.escape(self.first)}"
        for sentence, item in self._sentences(self._articles()):
            match = re.search(rf"\b(?:{name}), who ([^,.;]+)", sentence)
            if match:
                return self._you(f"{self.first} {match.group(1)}") or "", item
            match = re.search(rf"\b(?:{name})\b[^.]*?\b(?:since|because|as) ([^.;]+)", sentence)
            if match and (you := self._you(match.group(1))):
                return you, item
        return ()

    def _article_summary(self) -> tuple[str, Evidence] | tuple[()]:
        for sentence, item in self._sentences(self._articles()):
            match = re.match(r"An? (?:[\w-]+ ){0,2}(?:article|piece|post|write-up|paper|essay|guide) (walking through|"
                             r"about|on|covering) (.+)", sentence)
            if match:
                verb = "It walks through" if match.group(1) == "walking through" else "It covers"
                return f"{verb} {match.group(2)}", item
        return ()

    def _news(self) -> tuple[str, Evidence] | tuple[()]:
        for item in self.of_type("company"):
            for line in item.text.splitlines():
                match = re.match(r"\s*-\s*\d{4}-\d{2}-\d{2}:\s*(.+)", line)
                if match:
                    return match.group(1), item
        return ()


# Pronoun families: subject, object, possessive, reflexive.
_PRONOUNS = {"she": ("she", "her", "her", "herself"), "he": ("he", "him", "his", "himself"),
             "they": ("they", "them", "their", "themselves")}
_DONE = (r"passed|built|wrote|completed|earned|shipped|finished|led|launched|ran|deployed|trained|published|"
         r"released|designed|created|delivered|cut|reduced|won|taught|presented|got|learned|studied|have built")


def _pronoun(text: str) -> tuple[str, str, str, str]:
    """The pronouns the notes use for the recipient: the most frequent of she, he and they."""
    counts = {key: len(re.findall(rf"\b(?:{'|'.join(forms)})\b", text, re.IGNORECASE))
              for key, forms in _PRONOUNS.items()}
    key = max(("she", "he"), key=lambda k: counts[k]) if counts["she"] or counts["he"] else "they"
    return _PRONOUNS[key]


def _generic_you(sentence: str) -> str | None:
    """A note's own "you" is generic ("your model must run..."): "your" becomes "a"; any other "you" is unusable."""
    text = re.sub(r"\byour (\w)", lambda m: ("an " if m.group(1) in "aeiouAEIOU" else "a ") + m.group(1), sentence)
    return None if re.search(r"\byou(?:rs?|rself)?\b", text, re.IGNORECASE) else text


def _main_clause(sentence: str, first: str, pronoun: tuple[str, ...]) -> str:
    """Cut a long sentence before ", and <pronoun>..." so one thought is recalled, not two."""
    cut = re.split(rf",? (?:and|but) (?={pronoun[0]}\b|{re.escape(first)}\b)", sentence.rstrip("."), maxsplit=1)[0]
    return cut + "."


def _first_person(sentence: str) -> str | None:
    """A progress sentence in the first person: "Shipped X." -> "I shipped X."; None when it is not about me."""
    if re.match(r"I\b", sentence):
        return sentence
    match = re.match(rf"(?:(Also|Recently) )?({_DONE})\b", sentence, re.IGNORECASE)
    if match:
        adverb = f"{match.group(1).lower()} " if match.group(1) else ""
        rest = sentence[match.start(2):]
        return f"I {adverb}{rest[:1].lower()}{rest[1:]}"
    return None


def _second_person(sentence: str, first_name: str, pronoun: tuple[str, ...] = _PRONOUNS["she"]) -> str:
    """Turn a note's sentence about the recipient into one addressed to them ("she said" -> "you said")."""
    text = re.sub(rf"\b{re.escape(first_name)}'s\b", "your", sentence)
    text = re.sub(rf"\b{re.escape(first_name)}\b", "you", text)
    subject, obj, possessive, reflexive = pronoun
    swaps = {subject: "you", possessive: "your", reflexive: "yourself"}
    if obj != possessive:
        swaps[obj] = "you"
    else:
        # "asked her." / "told her that" is the object (you); "her team" is the possessive (your).
        text = re.sub(rf"\b{obj}\b(?=\s*(?:[.,;:!?]|$|(?:if|and|to|for|about|that|when|so|but)\b))", "you", text,
                      flags=re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        swapped = swaps[word.casefold()]
        return swapped.capitalize() if word[0].isupper() else swapped

    text = re.sub(rf"\b(?:{'|'.join(swaps)})\b", swap, text, flags=re.IGNORECASE)
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


def _a(word: str) -> str:
    return f"{'An' if word[:1] in 'aeiou' else 'A'} {word}"


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text
