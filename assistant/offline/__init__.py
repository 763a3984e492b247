"""The offline writer: a letter a person would send, composed from the case file's typed facts, with no model.

`compose` picks the facts a kind needs for one recipient by meaning (`choose`), says each as a complete sentence
in the user's voice (`render`), and fills the kind's sentence plan in prompts/offline/ (`plans`). It never pastes
a note's sentence: a fact that cannot be said cleanly is left out. When a fact the kind needs is missing it
still drafts what it can and returns one line saying which note to add; it refuses only a kind that makes no
sense for the recipient (a consultant offer to someone who did not get the job).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.casefile import (
    Article,
    CaseFile,
    Opening,
    Person,
    Progress,
    Project,
    Rejection,
    Remark,
    same_company,
)
from assistant.errors import UserError
from assistant.offline import render
from assistant.offline.choose import Chooser
from assistant.offline.plans import fill
from assistant.tactics import LetterKind, letter_kind

__all__ = ["Chooser", "OfflineLetter", "compose", "team_projects"]

# Remarks worth recalling, best first: what they asked or said beats what they care about.
_RECALL = ("asked", "said")
# Words of how the user was turned down, in someone's remark: "the other candidate had ...", "the panel was split".
# (Its own words, not the reading rules': a letter imports none of them.)
_THE_OTHER = re.compile(r"\b(?:other|successful|chosen) (?:candidate|applicant|finalist)\b|\bpanel was split\b|"
                        r"\b(?:went|gone|going) with (?:someone|another)\b|\b(?:didn't|did not) work out\b|"
                        r"\bnot (?:moving|going) forward\b|\boutcome (?:wasn't|was not)\b|"
                        r"\b(?:wanted|preferred|needed) someone\b|\binternal (?:candidate|hire|transfer)\b", re.I)
_CARE = ("cares", "struggles")


class OfflineLetter(BaseModel):
    """An offline letter: subject, body, the notes its facts come from, and what to add to the notes."""

    subject: str
    body: str
    sources: list[str] = Field(description="Notes the letter's facts come from, in order of use.")
    facts: dict[str, str] = Field(default_factory=dict, description="Each fact used, by its slot in the plan.")
    grounds: dict[str, list[str]] = Field(default_factory=dict, description="The notes behind each fact used.")
    links: list[str] = Field(default_factory=list, description="Links the letter carries (an article's own).")
    warning: str | None = Field(default=None, description="One line: which note to add for a missing fact.")


def compose(case: CaseFile, kind: str | LetterKind, recipient: Person, *, draft: int = 0,
            chooser: Chooser | None = None, workspace: Path | None = None, extra_seed: str = "") -> OfflineLetter:
    """Write a letter of `kind` to `recipient` from the case file; `draft` varies the wording deterministically."""
    spec = letter_kind(kind) if isinstance(kind, str) else kind
    if recipient.example:
        raise UserError(f"{recipient.name} comes from an example note that `init` wrote; add notes about the people "
                        "you really met (knowledge/people/NAME.md) and write to them.")
    if spec.needs == "got-job" and not _got_the_job(recipient):
        raise UserError(f"{recipient.name} did not get the job you applied for; {_a(spec.id)} goes to the person "
                        f"who did. If {recipient.name.split()[0]} did, add `started: DATE` to their note.")
    # Each person has a slot (their place in the case file, plus the draft number): letters of one kind to
    # different people take different variants, and a second draft to the same person reads differently.
    # Slots are counted among those a campaign writes to (a part in it other than recruiter), so the letters of one
    # plan take neighbouring slots, and so different wordings.
    colleagues = [p for p in case.people if not p.example and same_company(p.company, recipient.company)
                  and (_writes_to(p) or _same(p.name, recipient.name))]
    position = next((i for i, p in enumerate(colleagues) if _same(p.name, recipient.name)), len(colleagues))
    slot = position + draft
    facts = _Facts(case, spec, recipient, chooser or Chooser(), style=slot)
    seed = f"{spec.id}|{extra_seed}"
    values, sources, missing = facts.collect()
    filled = fill(spec.id, values, seed=seed, slot=slot, min_words=spec.min_words, max_words=spec.max_words,
                  max_subject=spec.subject_max_chars, workspace=workspace)
    if len(filled.body.split()) > spec.max_words and facts.progress_count > 1:
        values, sources, missing = facts.collect(progress_items=1)
        filled = fill(spec.id, values, seed=seed, slot=slot, min_words=spec.min_words, max_words=spec.max_words,
                      max_subject=spec.subject_max_chars, workspace=workspace)
    used = [name for name in filled.used if values.get(name)]
    # The recipient's own notes first, then the rest in the order the plan uses them.
    notes = list(dict.fromkeys([*(s for s in recipient.sources if any(s in sources.get(n, []) for n in used)),
                                *(s for name in used for s in sources.get(name, []))]))
    warning = None
    if missing:
        warning = f"{_a(spec.id, capital=True)} to {recipient.name} would be stronger with more from your notes: " \
                  f"{'; '.join(missing)}."
    links = [values["article_url"]] if "article_url" in used else []
    return OfflineLetter(subject=filled.subject, body=filled.body, sources=notes,
                         facts={name: values[name] for name in used},
                         grounds={name: sources.get(name, []) for name in used}, links=links, warning=warning)


def team_projects(case: CaseFile, person: Person) -> list[Project]:
    """Work a letter to `person` may offer help with: their own projects and their company's, then what colleagues
    at the same company said the team needs hands for ("Helen said they could use a hand with X")."""
    own = case.projects_for(person)
    if not person.company:
        return own
    mine = {id(p) for p in own}  # by identity: comparing pydantic models field by field is slow at 10,000 notes
    colleagues = [p for p in case.projects if p.need and p.person and id(p) not in mine
                  and same_company(p.company, person.company)]
    return own + colleagues


def _company_name(company: str | None) -> str:
    """A company's name as a letter says it; a name that ran into the sentence ("Larkfield I") loses the tail."""
    name = re.sub(r"(?:\s+(?:I|a|an|the|and|or|to|for|at|in|on|my|we))+$", "", " ".join((company or "").split()))
    return name.strip(" ,.;:")


def _got_the_job(person: Person) -> bool:
    return person.has_part("got-the-job") or person.started is not None


def _a(word: str, *, capital: bool = False) -> str:
    article = "an" if word[:1] in "aeiou" else "a"
    return f"{article.capitalize() if capital else article} {word}"


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


class _Work(BaseModel):
    """A project as the letter can name it: what, which note says so, and whether it is the recipient's first."""

    what: str
    source: str
    first: bool = False
    need: bool = False


class _Facts:
    """The facts one letter can use, chosen for its kind and recipient, each rendered and with its notes."""

    def __init__(self, case: CaseFile, kind: LetterKind, person: Person, chooser: Chooser, *, style: int) -> None:
        self.case, self.kind, self.person, self.choose, self.style = case, kind, person, chooser, style
        self.first = person.name.split()[0]
        self.company = person.company or next((r.company for r in case.rejections), None)
        self.rejection = self._rejection()
        self.progress_count = 0

    # -- what the notes hold for this letter ----------------------------------------------------------

    def _rejection(self) -> Rejection | None:
        ours = [r for r in self.case.rejections if same_company(r.company, self.company)]
        return max(ours, key=lambda r: (r.date is not None, r.date or 0)) if ours else None  # type: ignore[operator]

    def _gap(self) -> str:
        rejection = self.rejection
        if rejection is None or not rejection.gap:
            return ""
        return render.gap_phrase(rejection.gap) or ""

    def _reason(self) -> str:
        rejection = self.rejection
        if rejection is None:
            return ""
        for text in (rejection.gap, rejection.reason):
            clause = render.reason_clause(text) if text else None
            if clause:
                return clause
        return ""

    def _remarks(self, kinds: tuple[str, ...]) -> list[Remark]:
        return [r for r in self.person.remarks if r.kind in kinds]

    def _recall(self, topic: str) -> tuple[str, Remark] | None:
        """Something they said or asked, turned toward them, closest to what the letter is about."""
        # ... never how the user was turned down ("the panel was split - the other candidate had ..."): a letter
        # that recalls the no to the one who said it looks back, not forward
        said = [r for r in self._remarks(_RECALL) if not _THE_OTHER.search(r.text)]
        ranked = self.choose.rank(topic, said, lambda r: r.text)
        ranked.sort(key=lambda s: s[1].kind != "asked")  # a question they asked is the best thing to recall
        for _, remark in ranked:
            text = render.to_you(remark.text, name=self.person.name)
            # ... and a remark with something in it ("you said same" recalls nothing)
            if text and len(text.split()) >= 5 and re.match(
                    r"you (?:said|mentioned|talked|asked|told|shared|described|explained)\b", text):
                text = re.sub(r"^you explained\b", "you told me", text)
                text = re.sub(r"^(you \w+) they(?:['’]re| are)\b", r"\1 your team is", text)  # their team: yours
                text = re.sub(r"^(you \w+) they(?:['’]ll| will)\b", r"\1 your team will", text)
                text = re.sub(r"^(you \w+) they(?:['’]ve| have)\b", r"\1 your team has", text)
                return text, remark
        return None

    def _cares(self, topic: str, skip: Remark | None) -> tuple[str, Remark] | None:
        """What they care about or struggle with, as a noun phrase ("noisy alerts")."""
        items = [r for r in self._remarks(("cares", "struggles", "said")) if r is not skip]
        ranked = self.choose.rank(topic, items, lambda r: r.text)
        ranked.sort(key=lambda s: s[1].kind == "said")  # what they care about beats what they said
        for _, remark in ranked:
            phrase = render.object_of(remark.text)
            if phrase and len(phrase.split()) <= 14:
                return render.lower_first(phrase), remark
        return None

    def _their_offer(self) -> tuple[str, str] | None:
        """The insider's own offer, said back to them: a remark that they offered, else the words that made them
        an insider ("she said she'd happily mention my name to Owen" -> "you said you'd happily mention ...")."""
        for remark in self._remarks(("offered",)):
            text = render.to_you(remark.text, name=self.person.name)
            if text and re.match(r"you (?:kindly )?offered\b", text):
                return text, remark.ground.source
        for claim in self.person.parts:
            if claim.part != "insider" or claim.ground.quote.startswith("tags:"):
                continue
            text = render.offer_to_you(claim.ground.quote.removeprefix("relationship: "), name=self.person.name)
            if text:
                return text, claim.ground.source
        return None

    def _promise(self) -> tuple[str, str] | None:
        for promise in self.case.promises:
            if promise.to and not _same(promise.to, self.person.name) and not _same(promise.to, self.first):
                continue
            if not promise.to and self.person.name.casefold() not in promise.ground.quote.casefold() \
                    and promise.ground.source not in self.person.sources:
                continue
            what = render.tidy(promise.what)
            what = re.sub(r"^(?:I\s+)?(?:offered|promised|said I would|said I'd|agreed)\s+(?:to\s+)?", "", what)
            if what and not render.addressed_to_user(what) and len(what.split()) <= 16:
                return render.lower_first(what), promise.ground.source
        return None

    def _projects(self) -> list[_Work]:
        """Projects of the recipient, then of their company; "X, and the team also needs Y" is two projects."""
        mine = [p for p in self.case.projects if _same(p.person, self.person.name) or _same(p.person, self.first)]
        seen = {id(p) for p in mine}  # by identity: comparing pydantic models field by field is slow at scale
        theirs = [p for p in self.case.projects
                  if id(p) not in seen and not p.person and same_company(p.company, self.company)]
        seen |= {id(p) for p in theirs}
        team = [p for p in team_projects(self.case, self.person) if id(p) not in seen]
        out = []
        for project in mine + theirs + team:
            # A need read from the same sentence as the hire's first project is not that first project.
            first = not project.need and re.search(r"\bfirst (?:project|task|job|assignment)\b", project.ground.quote,
                                                   re.I) is not None
            for number, what in enumerate(_TEAM_NEEDS.split(project.what, maxsplit=1)):
                what = re.split(r":\s|;\s", what)[0].strip(" ,.")
                if what and not render.addressed_to_user(what):
                    out.append(_Work(what=what, source=project.ground.source, first=first and number == 0,
                                     need=project.need or number > 0))
        return out

    def _first_project(self) -> _Work | None:
        return next((w for w in self._projects() if w.first), None)

    def _openings(self) -> list[Opening]:
        ours = [o for o in self.case.openings if same_company(o.company, self.company) or not o.company]
        return sorted(ours, key=lambda o: (not _same(o.hiring_manager, self.person.name),
                                           -(o.date.toordinal() if o.date else 0)))

    def _articles(self) -> list[Article]:
        return list(self.case.articles)

    def _progress(self, topic: str, limit: int, *, also: str = "") -> list[tuple[str, Progress]]:
        """The progress items closest in meaning to `topic` (the gap, the opening, the project), rendered; `also`
        (the gap, for a consultant offer) counts a third as much."""
        items = list(self.case.progress)

        def text_of(p: Progress) -> str:
            return f"{render.tidy(p.what)}. {p.answers or ''}"

        ranked = self.choose.rank(topic, items, text_of)
        if also.strip():
            extra = {id(p): score for score, p in self.choose.rank(also, items, text_of)}
            ranked = sorted(((score + 0.3 * extra[id(p)], p) for score, p in ranked), key=lambda s: -s[0])
        if not topic.strip():
            ranked = sorted(ranked, key=lambda s: -(s[1].date.toordinal() if s[1].date else 0))
        # A measured result ("18 ms", "$310k", "61% to 74%") is stronger than a line with no number.
        ranked = sorted(((score + (0.15 if re.search(r"\d", p.what) else 0.0), p) for score, p in ranked),
                        key=lambda s: -s[0])
        out: list[tuple[str, Progress]] = []
        seen: set[str] = set()  # the same work written down twice (a log and a summary) is said once
        best = ranked[0][0] if ranked else 0.0
        for score, item in ranked:
            if out and topic.strip() and best >= 0.2 and score < 0.5 * best:
                break  # a second item only when it, too, answers the point
            same = " ".join(render.tidy(item.what).casefold().split())
            if same in seen:
                continue
            seen.add(same)
            said = render.my_sentence(item.what, when=item.date, style=self.style + len(out), leading=not out)
            if said and out and item.date and out[-1][1].date and out[-1][1].date.month == item.date.month:
                said = render.my_sentence(item.what)
                lead = ("I also ", "In the same month, I ", "Around the same time, I ")[(self.style + len(out)) % 3]
                said = re.sub(r"^I (?:also )?(?!have\b|am\b)", lead, said) if said else said
            if said and all(said != s for s, _ in out):
                out.append((said, item))
            if len(out) == limit:
                break
        return out

    # -- the values a plan is filled with -------------------------------------------------------------

    def collect(self, *, progress_items: int = 2) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
        """Slot values, the notes behind each, and hints for what is missing."""
        kind, person, rejection = self.kind.id, self.person, self.rejection
        missing: list[str] = []
        # The company is said only when the recipient's notes say it; a guess only finds their rejection.
        values: dict[str, str] = {"first_name": self.first, "company": _company_name(person.company),
                                  "signature": self._signature()}
        sources: dict[str, list[str]] = {"company": self._home()}
        gap = self._gap()
        if rejection is not None:
            values["rejection_month"] = render.month(rejection.date)
            sources["rejection_month"] = [rejection.source]
            if rejection.role:
                values["applied_role"] = render.tidy(rejection.role)
                sources["applied_role"] = [rejection.source]
            if gap:
                values["gap"] = gap
                sources["gap"] = [rejection.source]
            elif reason := self._reason():
                values["reason"] = reason
                sources["reason"] = [rejection.source]
        topic = " ".join(filter(None, [gap or (rejection.reason if rejection else ""), person.role]))
        also = ""  # a second topic that counts less (the gap, when the letter is about a project)

        opening = None
        if kind in {"referral-request", "reapplication"}:
            openings = self._openings()
            opening = openings[0] if openings else None
            if opening is not None:
                values["opening"] = render.tidy(opening.title).strip('"“”')
                sources["opening"] = [opening.ground.source]
                topic = f"{opening.title}. {topic}"
            else:
                missing.append(f"add an opening at {self.company or 'the company'} (a note with the job title, "
                               "or a line in the company note)")

        project = None
        if kind == "consultant-offer":
            experience = " ".join(p.what for p in self.case.progress) + " " + (self.case.profile.role or "")
            works = [w for w in self._projects() if not w.first]
            # What the team needs hands for first (the tactic), then any other work; the hire's own notes before
            # the company's; within them, by meaning.
            works = [w for w in works if w.need] or works
            theirs = [w for w in works if w.source in person.sources] or works
            project = self.choose.best(experience, theirs, lambda w: w.what)
            if project is not None:
                values["project"] = _gerund(render.lower_first(render.tidy(project.what)))
                sources["project"] = [project.source]
                topic, also = project.what, gap  # the experience that fits the work on offer, then the gap
            else:
                missing.append(f"add to {person.name}'s note (or the company note) a project the team needs help "
                               "with, e.g. \"the team needs someone to ...\"")
        if kind in {"consultant-offer", "recommendation-ask"}:
            first_project = self._first_project()
            if first_project:
                values["first_project"] = _gerund(render.lower_first(render.tidy(first_project.what)))
                sources["first_project"] = [first_project.source]
            if person.started:
                values["started_month"] = render.month(person.started)
                sources["started_month"] = self._home()

        article = None
        if kind == "article-share":
            article = self._article()
            if article is None:
                missing.append(f"add an article note (title, link, and who it is for, naming {person.name})")
            else:
                if not self._for_them(article):
                    missing.append(f"say in {article.ground.source} why {self.first} would find it useful (name "
                                   f"{person.name})")
                values["article"] = render.tidy(article.title).strip('"“”')
                sources["article"] = [article.ground.source]
                topic = f"{article.title}. {article.why or ''}"
                if article.url:
                    values["article_url"] = article.url
                    sources["article_url"] = [article.ground.source]
                else:
                    missing.append(f"add the article's link (`url:`) to {article.ground.source}")

        recall = self._recall(topic) if kind in {"follow-up"} else None
        if recall:
            values["recall"] = recall[0]
            sources["recall"] = [recall[1].ground.source]
        cares = self._cares(topic, recall[1] if recall else None)
        if cares and kind in {"follow-up", "progress-update", "reapplication"}:
            values["cares"] = cares[0]
            sources["cares"] = [cares[1].ground.source]
            topic = f"{topic}. {cares[0]}"
        need = "" if cares and kind in {"follow-up", "progress-update", "reapplication"} else gap
        need_sources = sources.get("cares") or sources.get("gap") or []
        if not cares and kind in {"follow-up", "progress-update"}:
            # What the user could do for the team is the team's own need, when a note names one, not their gap.
            works = [w for w in self._projects() if not w.first]
            work = self.choose.best(f"{topic}. {gap}", [w for w in works if w.need] or works, lambda w: w.what)
            if work is not None:
                topic = f"{topic}. {work.what}"
                recalled = " ".join(recall[0].split()).casefold() if recall else ""
                wanted = re.sub(r"\bour\b", "your", render.tidy(work.what))  # "our X" in their words: "your X"
                need, need_sources = ("", []) if " ".join(wanted.split()).casefold() in recalled \
                    else (_gerund(render.lower_first(wanted)), [work.source])  # said once is enough
            elif not self.case.progress:
                need = ""  # the gap is what the user lacked: with nothing done since, no offer to help with it
        if need and kind in {"follow-up", "progress-update", "reapplication"}:
            values["need"] = need
            sources["need"] = need_sources
        if kind == "follow-up" and not recall and not cares:
            missing.append(f"add to {person.name}'s note something {self.first} said, asked or cares about")

        if kind == "article-share":
            why = self._article_why(article) if article else None
            if why:
                values["article_why"] = why[0]
                sources["article_why"] = [why[1]]

        if kind == "referral-request":
            offer = self._their_offer()
            if offer:
                values["their_offer"] = offer[0]
                sources["their_offer"] = [offer[1]]
            else:
                missing.append(f"if {self.first} offered to refer you, add that to {person.name}'s note")

        if kind == "follow-up" and (promise := self._promise()):
            values["offer"] = promise[0]
            sources["offer"] = [promise[1]]

        limit = 1 if kind in {"consultant-offer", "article-share", "recommendation-ask"} else progress_items
        progress = self._progress(topic, limit, also=also)
        self.progress_count = len(progress)
        if progress:
            said = " ".join(s for s, _ in progress)
            said = self._with_progress_cue(said)
            values["progress"] = said
            values["related"] = progress[0][0]
            sources["progress"] = [p.ground.source for _, p in progress]
            sources["related"] = [progress[0][1].ground.source]
        elif kind in {"follow-up", "progress-update", "reapplication", "referral-request"}:
            missing.append("add a progress note saying what you have done since the rejection (what, when, the "
                           "result)")
        return values, sources, missing

    def _with_progress_cue(self, said: str) -> str:
        """Kinds that must name progress need a verb a reader (and the check) sees as done: keep it plain."""
        element = next((e for e in self.kind.required if e.id == "progress"), None)
        if element is None or any(re.search(cue, said, re.IGNORECASE) for cue in element.cues):
            return said
        return f"Here is some of what I learned and did since then. {said}"

    def _home(self) -> list[str]:
        """The recipient's own note (where their name, company and start date are written), never a note that
        only mentions them (an email from them may hold anything)."""
        kinds = {note.source: note.kind for note in self.case.notes}
        own = [s for s in self.person.sources if kinds.get(s) == "person"]
        if self.person.name_from is not None and kinds.get(self.person.name_from.source) in {"person", None}:
            own.append(self.person.name_from.source)
        return own[:1]

    def _signature(self) -> str:
        profile = self.case.profile
        return (profile.signature or profile.name or "").strip()

    def _article(self) -> Article | None:
        articles = self._articles()
        if not articles:
            return None
        named = [a for a in articles if self._for_them(a)]
        if named:
            return named[0]
        about = " ".join([self.person.role or "", *(r.text for r in self.person.remarks)])
        return self.choose.best(about, articles, lambda a: f"{a.title}. {a.why or ''}")

    def _for_them(self, article: Article) -> bool:
        return any(_same(n, self.person.name) or _same(n, self.first) for n in article.for_people) or re.search(
            rf"\b{re.escape(self.first)}\b", article.why or "") is not None

    def _article_why(self, article: Article) -> tuple[str, str] | None:
        """One clause on why it matters to them: the note's own reason, else what they said they care about."""
        if article.why and not re.match(r"\S+://|www\.", article.why.strip()):
            why = render.tidy(article.why)
            names = "|".join(re.escape(n) for n in (self.person.name, self.first))
            part = re.split(r",?\s+and (?:for|to)\b|;", why)
            mine = next((p for p in part if re.search(rf"\b(?:{names})\b", p)), None) or (
                part[0] if not re.search(r"\b[A-Z][a-z]+\b", part[0][1:]) else None)
            if mine:
                clause = re.sub(rf"^.*?\b(?:{names})\b(?:'s)?[,:]?\s*(?:who|because|since|as)?\s*", "", mine)
                clause = re.sub(r"^(?:useful|relevant|helpful|interesting)\s+(?:for|to)\s+", "", clause, flags=re.I)
                reason = re.search(r"\b(?:because|since|as)\s+(.+)", clause)
                if reason:
                    said = render.about_them(reason.group(1), name=self.person.name)
                    if said and 3 <= len(said.split()) <= 25:
                        return said, article.ground.source
                if re.match(r"(?:it|this|the (?:piece|article|post))\b", clause, re.IGNORECASE):
                    said = render.about_them(clause, name=self.person.name)  # "it is the drift problem she described"
                else:
                    said = render.to_you(clause, name=self.person.name) if clause else None
                if said and len(said.split()) >= 3 and len(said.split()) <= 25:
                    return said, article.ground.source
        cares = self._cares(article.title, None)
        if cares:
            return f"you care about {cares[0]}", cares[1].ground.source
        recall = self._recall(article.title)
        if recall:
            return recall[0], recall[1].ground.source
        return None


_TEAM_NEEDS = re.compile(r",?\s+and (?:the|our|their|his|her|your) team (?:also |still )?(?:needs|wants|is looking "
                         r"for)(?: someone| help| an extra pair of hands)?(?: to| with)?\s+", re.IGNORECASE)
_GERUNDS = {"run": "running", "set": "setting", "cut": "cutting", "plan": "planning", "ship": "shipping",
            "map": "mapping", "get": "getting", "put": "putting", "stop": "stopping", "see": "seeing",
            "win": "winning", "prep": "prepping", "fit": "fitting", "refit": "refitting", "begin": "beginning",
            "swap": "swapping", "trim": "trimming", "film": "filming", "edit": "editing", "pilot": "piloting",
            "label": "labelling", "catalogue": "cataloguing", "triage": "triaging"}
_BASE_VERBS = frozenset({
    "build", "write", "migrate", "set", "create", "design", "run", "test", "clean", "automate", "redesign",
    "rebuild", "add", "improve", "fix", "launch", "move", "port", "plan", "review", "document", "audit", "train",
    "hire", "scale", "speed", "reduce", "cut", "make", "get", "ship", "support", "organise", "organize",
    "develop", "implement", "integrate", "prepare", "analyse", "analyze", "map", "measure", "model", "research",
    "update", "upgrade", "standardise", "standardize", "stand", "put", "replace", "roll", "set up", "onboard",
    "teach", "translate", "streamline", "consolidate", "evaluate", "benchmark", "harden", "secure", "tune",
    "bring", "introduce", "start", "pilot", "trial", "expand", "open", "grow", "digitise", "digitize", "overhaul",
    "refresh", "revamp", "switch", "convert", "modernise", "modernize", "restructure", "recruit", "cover", "handle",
    "clear", "tackle", "sort", "tidy", "label", "draft", "prep", "deliver", "deploy", "install", "configure", "adopt",
    "establish", "redo", "rework", "reorganise", "reorganize", "simplify", "catch", "win", "finish", "complete",
    "coordinate", "host", "manage", "lead", "rewrite", "rethink", "shorten", "unify", "localise", "localize",
    "publish", "film", "record", "edit", "proofread", "book", "schedule", "source", "forecast", "pitch", "promote",
    "rebrand", "mentor", "coach", "supervise", "inspect", "assess", "survey", "repair", "maintain", "renovate",
    "refit", "fit", "paint", "digitalise", "catalogue", "catalog", "archive", "backfill", "triage", "staff",
})  # fmt: skip


def _gerund(phrase: str) -> str:
    """A project said as a verb ("build a test suite") said as work ("building a test suite")."""
    word, _, rest = phrase.partition(" ")
    low = word.casefold()
    if low not in _BASE_VERBS:
        return phrase
    if low in _GERUNDS:
        ing = _GERUNDS[low]
    elif low.endswith("e") and not low.endswith("ee"):
        ing = low[:-1] + "ing"
    else:
        ing = low + "ing"
    return f"{ing} {rest}".strip()


def _writes_to(person: Person) -> bool:
    """Whether a campaign writes to this person: someone with a part in it besides recruiting."""
    from assistant.planner.parts import parts_of  # the campaign's parts, one list for plan and letters

    return any(part != "recruiter" for part in parts_of(person))
