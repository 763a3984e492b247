"""One company's dated steps, tactic by tactic, in the order the article implies."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from assistant.casefile import Article, CaseFile, Opening, Part, Person
from assistant.planner.history import History
from assistant.planner.lookup import CaseLookup
from assistant.planner.parts import missing_facts, parts_of, unfit
from assistant.planner.readiness import Rejected
from assistant.planner.rules import TACTIC_ORDER, Timing, norm
from assistant.planner.shapes import CompanyPlan, Contact, Step
from assistant.tactics import LETTER_KINDS, TACTICS
from assistant.text import first_name


class _Calendar:
    """Books touches so that no person gets two within `gap` days, counting past touches too."""

    def __init__(self, gap: int) -> None:
        self.gap = gap
        self.booked: dict[str, list[dt.date]] = {}

    def add_past(self, name: str, days: Iterable[dt.date]) -> None:
        self.booked.setdefault(name, []).extend(days)

    def book(self, name: str, earliest: dt.date) -> dt.date:
        day = earliest
        taken = self.booked.setdefault(name, [])
        while clashes := [t for t in taken if abs((day - t).days) < self.gap]:
            day = max(clashes) + dt.timedelta(days=self.gap)
        taken.append(day)
        return day


class Campaign:
    """Turns one company's part of the case file into dated steps; `run` fills in the plan."""

    def __init__(self, plan: CompanyPlan, rejected: Rejected, case: CaseFile, staff: list[Person],
                 histories: dict[str, History], *, today: dt.date, timing: Timing,
                 lookup: CaseLookup | None = None) -> None:
        self.plan, self.rejected, self.case, self.staff = plan, rejected, case, staff
        self.histories, self.today, self.timing = histories, today, timing
        # The first day a step may fall on: today, but never before the rejection itself.
        self.start = max(today, rejected.date) if rejected.date else today
        self.calendar = _Calendar(timing.min_gap_days)
        self.roles: dict[str, list[Part]] = {p.label: parts_of(p) for p in staff}
        self.status: dict[str, str] = {}
        self.budget: dict[str, int] = {}
        self.lookup = lookup or CaseLookup(case)
        self.ambiguous = self.lookup.ambiguous
        self.unanswered = {p.label: histories[p.label].unanswered for p in staff}  # counted once per person
        for person in staff:
            history = histories[person.label]
            self.calendar.add_past(person.label, [*history.sent, *history.other])
            self.budget[person.label] = timing.max_unanswered - self.unanswered[person.label]
        self.opening = self._latest_opening()

    def run(self) -> None:
        """Plan every tactic, then sort the steps and list the contacts."""
        self.research()
        self.build_bridges()
        self.stay_in_touch()
        referral = self.referral()
        self.reapplication(referral)
        self.plan.steps.sort(key=lambda s: (s.date, TACTIC_ORDER.index(s.tactic), s.to or ""))
        self.plan.contacts = [self._contact(p) for p in self.staff if self.roles[p.label]]

    def _has(self, person: Person, part: Part) -> bool:
        return part in self.roles[person.label]

    # -- be-strategic: research the team's projects and the opening ---------------------------------------------

    def research(self) -> None:
        projects = self.lookup.projects.get(norm(self.rejected.company), [])
        for project in projects[: self.timing.max_projects]:
            whose = f" ({project.person}'s team)" if project.person else ""
            self._step(date=self.start, tactic="be-strategic", kind=None, to=None, sources=[project.ground.source],
                       action=f"Read up on {project.what}{whose}: a project the team needs help with.",
                       why="know what the team is working on before you write", key=project.what)
        if self.opening is not None:
            source = self.opening.ground.source
            self._step(date=self.start, tactic="be-strategic", kind=None, to=None, sources=[source], key=source,
                       why="an opening in your notes: know what it asks before you write",
                       action=f"Study the {self.opening.title} opening ({self.opening.ground.source}): what it asks "
                       "for, who hires, how the team works.")
        else:
            later = any((o.date or self.today) > self.today
                        for o in self.lookup.openings.get(norm(self.rejected.company), []))
            yet = f" yet (as of {self.today})" if later else ""
            self.plan.hints.append(f"No opening at {self.rejected.company} in your notes{yet}: watch their careers "
                                   "page and add one under openings/ when it appears.")

    # -- build-bridges: congratulate the person who got the job, then ask them --------------------------------

    def build_bridges(self) -> None:
        hired = [p for p in self.staff if self._has(p, "got-the-job")]
        if not hired:
            self.plan.hints.append('No note says who got the job: add a line such as "Priya Nair got the job; she '
                                   'started on 3 November" (or `relationship: got the job I applied for` and '
                                   '`started:`) to plan congratulations.')
        for person in hired:
            start = person.started or self.rejected.date or self.today
            done = len(self.histories[person.label].sent_since(start))
            when = "started" if person.started else "rejection date (no `started:` in their note)"
            if done == 0:
                due = start + dt.timedelta(days=self.timing.congratulate_after_days)
                self._letter(person, "consultant-offer", "build-bridges", due=due,
                             why=f"{_first(person)} {when} {start}: congratulate soon after",
                             action=f"Congratulate {person.name} on the new role and offer to help with a project "
                             "as a consultant.")
            if done <= 1:
                due = start + dt.timedelta(days=self.timing.ask_after_days)
                self._letter(person, "recommendation-ask", "build-bridges", due=due,
                             why=f"a couple of months after {_first(person)} {when.split(' ')[0]} ({start})",
                             action=f"Ask {person.name} which other teams at {self.rejected.company} might fit you.")
            else:
                self.status.setdefault(person.label, "congratulated and asked already; no more bridge letters")

    # -- stay-in-touch and show-progress: the managers the user liked -----------------------------------------

    def stay_in_touch(self) -> None:
        liked = [p for p in self.staff if self._has(p, "manager-i-liked") and not self._has(p, "got-the-job")]
        liked.sort(key=lambda p: (not self._has(p, "hiring-manager"), p.name))
        if not liked:
            self.plan.hints.append('No manager you liked is named: say so in their note ("I liked Dana Reyes, '
                                   'we clicked") or add `tags: [manager-i-liked]`, for one or two, to plan follow-ups.')
        for person in liked[self.timing.max_managers:]:
            self.status[person.label] = (f"more than {self.timing.max_managers} managers you liked; the article "
                                         "says pick one or two")
        for person in liked[: self.timing.max_managers]:
            self._touches_for(person)

    def _touches_for(self, person: Person) -> None:
        history = self.histories[person.label]
        due = self.start
        if not history.sent_since(self.rejected.date):
            planned = self._letter(person, "follow-up", "stay-in-touch", due=due, not_before_today=True,
                                   why="no letter since the rejection: remind them what you could do for the team",
                                   action=f"Thank {person.name}, and remind them what you could do for their team.")
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        last_sent = max(history.sent, default=None)
        if self.plan.progress and self._progress_is_new(last_sent):
            sources = list(dict.fromkeys(p.source for p in self.plan.progress))
            words = list(dict.fromkeys(w for p in self.plan.progress for w in p.words))
            planned = self._letter(person, "progress-update", "show-progress", due=due, sources=sources,
                                   not_before_today=True,
                                   why=f"your progress answers the reason they gave ({', '.join(words)})",
                                   action=f"Tell {person.name} how you closed the gap ({', '.join(words)}), "
                                   "and why it matters to their team.")
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        for article in self._articles_for(person, last_sent):
            planned = self._letter(person, "article-share", "stay-in-touch", due=due, sources=[article.ground.source],
                                   about=article.title, key=article.ground.source + article.title,
                                   not_before_today=True, why=f"{article.ground.source} mentions {_first(person)}",
                                   action=f'Forward "{article.title}" to {person.name}, with one line on why.')
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        if last_sent is not None:  # no rule planned a letter (a planned one has set its own reason already)
            self.status.setdefault(person.label, f"you wrote on {last_sent}; nothing new to send yet: add progress "
                                   "that answers the rejection reason, or an article that names them")

    def _progress_is_new(self, last_sent: dt.date | None) -> bool:
        newest = max((p.date for p in self.plan.progress if p.date), default=None)
        return last_sent is None or newest is None or newest > last_sent

    def _articles_for(self, person: Person, last_sent: dt.date | None) -> list[Article]:
        first = _first(person)
        same_first = [p for p in self.staff if _first(p) == first]
        chosen = []
        name = norm(person.name)
        alone = re.compile(rf"\b{re.escape(first)}\b") if len(same_first) == 1 else None
        # Only the articles whose text holds the name (or the first name) can mention them: found in one scan each.
        found = set(self.lookup.articles_containing(name, normed=True))
        if alone is not None:
            found.update(self.lookup.articles_containing(first, normed=False))
        for index in sorted(found):
            text = self.lookup.articles[index]
            article, day = text.article, text.article.date
            if day and ((last_sent and day <= last_sent) or day > self.today):
                continue
            # The regex only where its word is (a search that starts at a `\b` tries every position of the text).
            mentions = name in text.normed or (alone is not None and first in text.named
                                               and alone.search(text.named) is not None)
            if mentions:
                chosen.append(article)
        return chosen

    # -- be-strategic: the referral before any reapplication ----------------------------------------------------

    def referral(self) -> dt.date | None:
        insiders = [p for p in self.staff if self._has(p, "insider") and not self._has(p, "got-the-job")]
        if not insiders:
            self.plan.hints.append('No one inside who could recommend you: say so in their note ("Omar Haddad '
                                   'could recommend me") or tag them `insider`, before you reapply.')
            return None
        if self.opening is None:
            for person in insiders:
                self.status[person.label] = "ask for a referral once an opening appears in your notes"
            return None
        insider = insiders[0]
        earliest = self.plan.readiness.earliest_reapply or self.start
        due = earliest - dt.timedelta(days=self.timing.referral_lead_days)
        title = self.opening.title
        return self._letter(insider, "referral-request", "be-strategic", due=due, not_before_today=True,
                            sources=[self.opening.ground.source], about=title,
                            why=f"{_first(insider)} could recommend you; ask before you reapply",
                            action=f"Ask {insider.name} whether they would recommend you for the {title} opening.")

    # -- overcome-rejection: the reapplication, when ready and after the referral -----------------------------

    def reapplication(self, referral: dt.date | None) -> None:
        readiness = self.plan.readiness
        if self.opening is None or readiness.earliest_reapply is None:
            return
        if referral is None and any(self._has(p, "insider") for p in self.staff):
            # An insider we could not ask (no replies): applying cold behind their back wastes the referral.
            self.plan.hints.append("No reapplication planned: the referral request could not be planned first.")
            return
        due = max(readiness.earliest_reapply, self.start)
        if referral is not None:
            due = max(due, referral + dt.timedelta(days=self.timing.referral_wait_days))
        manager = self._hiring_manager()
        title = self.opening.title
        why = f"ready from {readiness.earliest_reapply}" + (f", after the referral request on {referral}"
                                                            if referral else "")
        action = f"Reapply for the {title} opening, open that you applied before, with your progress since."
        if manager is None:
            self._step(date=due, tactic="overcome-rejection", kind="reapplication", to=None, action=action,
                       why=why, sources=[self.opening.ground.source])
            return
        self._letter(manager, "reapplication", "overcome-rejection", due=due, about=title, why=why,
                     sources=[self.opening.ground.source], action=action, ignore_budget=True)

    def _hiring_manager(self) -> Person | None:
        assert self.opening is not None
        candidates = [p for p in self.staff if not self._has(p, "got-the-job")]
        named = self.opening.hiring_manager
        if named:
            person = next((p for p in candidates if norm(p.name) == norm(named)), None)
            if person:
                return person
        return next((p for p in candidates if self._has(p, "hiring-manager")), None)

    def _latest_opening(self) -> Opening | None:
        rejected_on = self.rejected.date
        openings = [
            o for o in self.lookup.openings.get(norm(self.rejected.company), [])
            if (rejected_on is None or (o.date or rejected_on) >= rejected_on)
            and (o.date or self.today) <= self.today
        ]  # fmt: skip
        return max(openings, key=lambda o: (o.date or dt.date.min, o.ground.source), default=None)

    # -- helpers ------------------------------------------------------------------------------------------------

    def _letter(self, person: Person, kind: str, tactic: str, *, due: dt.date, action: str, why: str,
                sources: list[str] | None = None, about: str | None = None, key: str = "",
                not_before_today: bool = False, ignore_budget: bool = False) -> dt.date | None:
        """Book a letter to `person` on the first free day from `due`; None when they are out of touches."""
        assert kind in LETTER_KINDS and tactic in TACTICS, (kind, tactic)
        refused = unfit(kind, person, self.case)
        if refused is not None:  # the same rule `draft` applies: never plan a letter it would refuse
            self.status.setdefault(person.label, refused)
            return None
        missing = missing_facts(kind, person, self.case, company=self.rejected.company,
                                has_opening=self.opening is not None, lookup=self.lookup)
        if missing is not None:  # the letter could not be written from these notes: say what to add instead
            self.status.setdefault(person.label, f"a {kind} needs {missing}")
            self.plan.hints.append(f"To plan a {kind} to {person.name}, add {missing}.")
            return None
        if not ignore_budget and self.budget[person.label] <= 0:
            unanswered = self.unanswered[person.label]
            self.status[person.label] = (f"{unanswered} touches with no reply: stop writing until they answer"
                                         if unanswered >= self.timing.max_unanswered else
                                         f"{self.timing.max_unanswered} touches planned with no reply yet; "
                                         "wait for an answer before planning more")
            return None
        # A letter whose moment passed (a congratulation) is still worth sending: today, marked overdue.
        overdue = due if due < self.today and not not_before_today else None
        day = self.calendar.book(person.label, max(due, self.start))
        self.budget[person.label] -= 1
        self.status.setdefault(person.label, why)
        to = person.label if norm(person.name) in self.ambiguous else person.name
        self._step(date=day, tactic=tactic, kind=kind, to=person.name, action=action, why=why,
                   sources=sources or person.sources[:1], key=key,
                   command=draft_command(kind, to, about), overdue_since=overdue)
        return day

    def _step(self, **fields: object) -> None:
        self.plan.steps.append(Step.model_validate(fields))

    def _contact(self, person: Person) -> Contact:
        history = self.histories[person.label]
        return Contact(name=person.name, roles=self.roles[person.label], sent=len(history.sent),
                       unanswered=self.unanswered[person.label], last_touch=history.last_touch,
                       status=self.status.get(person.label, _no_step(self.roles[person.label], person)))


def _no_step(roles: list[Part], person: Person) -> str:
    """Why a contact gets no letter when no rule said: what their part is, and what would give them one."""
    if roles == ["recruiter"]:
        return ("a recruiter; the campaign writes to the managers you liked, an insider and the person who got the "
                "job")
    if "hiring-manager" in roles:
        return (f'the hiring manager, not noted as someone you liked: say so in their note ("I liked {person.name}") '
                "to plan a follow-up")
    return "no step for this part of the campaign"


def draft_command(kind: str, to: str, about: str | None = None) -> str:
    """The `second-chance draft` command that writes one step's letter."""
    command = f"second-chance draft {kind} --to {_quoted(to)}"
    return command + (f" --about {_quoted(about)}" if about else "")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def _first(person: Person) -> str:
    return first_name(person.name)
