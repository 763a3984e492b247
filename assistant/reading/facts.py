"""Facts inside a note's sentences: openings, projects, progress, articles, remarks and promises.

Each reader here takes the note's sentences (see `text.note_sentences`) and keeps the sentence as the quote.
The rules are about ideas ("a team posted a role", "I offered to send"), never a sample's exact words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, cast

from assistant.casefile import Ground, Opening, Project, Promise, Remark
from assistant.patterns import guarded
from assistant.text import days_ago, find_dates, fold, folding

URL = guarded(r"\bhttps?://[^\s)>\]]*[^\s)>\].,;:!?'\"]")
# A role title: up to six words that end in a word for a job ("Senior AE", "Staff Product Designer").
JOB_WORD = (
    r"(?:engineer|developer|designer|manager|mgr|nurse|lead|director|analyst|scientist|ae|sdr|bdr|"
    r"executive|specialist|consultant|architect|researcher|writer|editor|coordinator|officer|associate|"
    r"administrator|admin|technician|therapist|teacher|producer|marketer|strategist|head|vp|partner|"
    r"representative|rep|advisor|adviser|counsel|barrister|solicitor|pupil|accountant|recruiter|owner|pm|tpm|ux|sre|intern|assistant|"
    r"supervisor|practitioner|physician|pharmacist|chef|agent|educator|instructor|trainer|clinician|"
    r"paramedic|midwife|surgeon|dentist|lawyer|attorney|paralegal|planner|buyer|controller|auditor|cook|baker|"
    r"driver|mechanic|electrician|plumber|carpenter|welder|operator|clerk|cashier|porter|server|barista|"
    r"hygienist|dispatcher|foreman|librarian|curator|archivist|translator|interpreter|surveyor|bookkeeper|copywriter|"
    r"receptionist|carer|caregiver|housekeeper|cleaner|gardener|steward|guard|explainer|guide|waiter|waitress|"
    r"bartender|butcher|fitter|joiner|roofer|labourer|laborer|technologist|radiographer|optometrist|vet|doctor|"
    r"programmer|tester|fundraiser|apprentice|trainee|fellow|lecturer|professor|tutor|coach|stylist|photographer|"
    r"videographer|animator|illustrator|journalist|reporter|proofreader|merchandiser|estimator|inspector|principal|"
    r"dean|superintendent|provost|registrar)s?"
)
# A title is capitalised words before "role" ("a Clinical Nurse Educator role"), or words ending in a job word.
_TITLE = (rf"((?:[A-Z][\w/&+.-]*\s+){{0,5}}[A-Z][\w/&+.-]*(?=\s+(?:role|position|opening|job|req|seat|spot|post)s?\b)"
          rf"|(?:[\w/&+.-]+\s+){{0,5}}?{JOB_WORD})\b(?:\s+(?:role|position|opening|job|req|seat|spot|post)s?)?")
_OPENING = guarded(
    rf"\b(?:(?:just\s+)?(?:post|open|list|advertis|put up|re-?open)(?:s|es|ed|ing|e)?\s+(?:a|an|the|another|two|new)\s+"
    rf"(?:new\s+)?|(?:hiring|recruiting)\s+(?:for\s+(?:a|an|the|two|new)?\s*|a\s+|an\s+|another\s+|two\s+)"
    rf"|(?:opening|vacancy|posting|req|job ad|listing)\s+for\s+(?:(?:a|an|the)\s+)?"
    rf"|(?:new|open)\s+(?=[\w/&+.-]+(?:\s+[\w/&+.-]+){{0,5}}?\s+(?:role|position|req|seat)s?\b))"
    rf"{_TITLE}",
    re.IGNORECASE,
)
# An opening still to come is none yet: "when we open the backend role next year", "they'll post it in spring".
_LATER = re.compile(r"\b(?:when|once|if|until)\s+(?:we|they|she|he|the team|it)\s+(?:\w+\s+)?(?:open|post|list|"
                    r"advertis|re-?open)\w*|\b(?:will|'ll|’ll|going to|plan(?:s|ning)? to)\s+"
                    r"(?:(?:likely|probably|prob|maybe|soon|also|then)\s+)?(?:open|post|list|advertise|re-?open)\b",
                    re.I)
# Words every opening sentence holds: a quick test before the slower pattern.
_OPENING_NEEDS = ("post", "open", "list", "advertis", "put up", "hiring", "recruiting", "vacanc", "job ad")
_REQ = guarded(r"\breqs?\b")  # ... or a req: tested apart, since one \b in the words would slow every test
_PROJECT = re.compile(
    r"\b(?:(?:team|they|we|group|shop|department) (?:also |still |really |badly |urgently )?(?:needs?|wants?) "
    r"(?:(?:help|someone|people|a hand|support) (?:(?:with|on|to) |(?=\w+ing\b)))?|"
    r"need(?:s|ed)? (?:help|someone|people|a hand|support|a locum|a temp|cover|an extra pair of hands|extra hands|"
    r"outside help) (?:(?:with|on|to|for)|(?=\w+ing\b))|"
    r"struggl(?:e|es|ing) (?:with|to)|"
    r"(?:is|are|was|were) (?:behind on|stuck on|short-staffed on|short on people for)|"
    r"(?:looking|hoping|searching) for (?:help|someone|a contractor|a consultant|outside help) (?:with|on|to)|"
    # A team that wants outside hands: "they'd love outside help on X", "could use a hand with X", "nobody has time
    # to X", "looking for a freelancer to X", "want to outsource X".
    r"(?:'d|’d|would) (?:really |truly )?(?:love|welcome|appreciate|like|value) (?:some |any |a bit of |a |an )?"
    r"(?:outside |extra |external |more |freelance |expert )?(?:help|support|a hand|hands|pair of hands|input|eyes|"
    r"freelancer|contractor|consultant) (?:with|on|for) |"
    r"(?:'d|’d|would) be (?:glad|grateful|happy|thankful) (?:of|for) (?:some |any )?(?:outside |extra |external )?"
    r"(?:help|support|a hand|hands|pair of hands)(?: (?:with|on|for))? |"
    r"(?:is|are|'s|'re|’s|’re) after (?:someone|somebody|a contractor|a freelancer|a consultant|help) (?:to|for|with) |"
    r"(?:drowning|swamped|buried|snowed under|overwhelmed|struggling to keep up) (?:in|with|by) |"
    r"could (?:really |definitely |badly |honestly )?(?:use|do with) (?:some |a |an |more )?"
    r"(?:outside |extra |external |more |spare )?(?:help|hand|hands|pair of hands|support|someone|capacity) "
    r"(?:(?:with|on|for|to) |(?=\w+ing\b))|"
    r"(?:nobody|no one|no-one|none of them|nobody there|no one there)(?: on the team| in-house| internally)? "
    r"(?:has|have|had|ever has) (?:the )?(?:time|bandwidth|capacity|cycles|headspace) to |"
    r"(?:looking|hoping|searching|trying|planning|want(?:s|ed|ing)?|need(?:s|ed)?|keen) "
    r"(?:to (?:find|hire|bring in|get|engage|contract) |for )(?:a |an |some |outside |external )*"
    r"(?:short-term |part-time |freelance )?"
    r"(?:contractor|freelancer|consultant|agency|temp|locum|specialist|expert|outside help|help)s? (?:to|for|with|on) |"
    r"(?:want|wants|wanted|plan|plans|planning|hope|hoping|looking|keen|trying) to outsource |"
    # Work under way that the note then says they lack hands for ("trying to bring in X and short on people").
    r"(?:is|are|was|were|'s|'re|’s|’re) (?:also |still |now |currently |really )?(?:trying|working|planning|hoping|"
    r"aiming|about) to |"
    r"(?:backlog|pain point|bottleneck|headache) (?:is|was|around|with)|"
    r"(?:project|plan|goal|priority|focus) (?:is|will be|for \w+ is)|"
    r"(?:is|are|will be|'s|'re) (?:rolling out|migrating|moving|switching|launching|rebuilding|overhauling|"
    r"standing up|replacing|redesigning|opening)\b)\s*(?P<what>[^.;!?\n]{8,140})",
    re.IGNORECASE,
)
_PROJECT_FOLDED = folding(_PROJECT)  # run on folded text: the same matches, faster
# The wording that makes a project a need for hands, not just work under way ("X's first project is ...").
_NEED = re.compile(
    r"\b(?:needs?|needed|wants?|looking for|hoping for|searching for|short(?:-staffed)? on|struggl\w+|"
                   r"behind on|stuck on|love|welcome|appreciate|like|value|could (?:\w+ )?(?:use|do with)|nobody|"
                   r"no one|no-one|none|outsource|contractor|freelancer|consultant|locum|temp|glad|grateful|after|"
                   r"drowning|swamped|buried|snowed|overwhelmed|keep up)\b", re.IGNORECASE)
# Said after the work: the team lacks the hands for it ("... and is short on people to train it").
_SHORT = re.compile(r"\b(?:short (?:on|of) (?:people|hands|staff|time|bodies|capacity)|short-?staffed|"
                    r"stretched(?: thin)?|under-?staffed|under-?resourced|no(?:body| one) (?:there )?(?:has|have) "
                    r"(?:the )?time|can(?:'|’|no)t keep up|could (?:\w+ )?use (?:a hand|help|some help|outside "
                    r"help))\b",
                    re.IGNORECASE)
# What a person brings is no project: "someone with Kafka experience", "strong SQL skills".
_SKILL = re.compile(
    r"\b(?:experience|skills?|background|expertise|knowledge|exposure|track record|qualifications?|"
                    r"certifications?|degree)$", re.IGNORECASE)
# A verb whose only object is a pronoun names no work: "nobody has time to write them", "could use help doing it".
_VAGUE = re.compile(r"^[\w-]+(?: (?:up|out|on|over))? (?:it|them|this|that|these|those|everything|stuff)\b"
                    r"(?: (?:up|out|on|over|properly|again))?\s*$", re.IGNORECASE)
# Work to hire for is an opening, not a project ("they're looking to hire a senior nurse").
_HIRE = re.compile(r"(?:hire|recruit|fill|staff up|find)\b(?! (?:a |an |the )?(?:contractor|freelancer|consultant))",
                   re.IGNORECASE)
# "the team needs that for X", "they need someone w/ ...": a pronoun or a person is not a project.
_PRONOUN = re.compile(r"(?:that|this|it|them|these|those|more|me|us|you|someone|somebody|people)\b", re.IGNORECASE)
_PROGRESS = re.compile(
    # a day before the item, then ":", "," or a dash: "12/10: ", "2026-10-12 - ", "nov 3 - ", "3rd Nov, "
    r"^(?:(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.?(?: \d{4})?)(?:[:,]|\s[–—-])?\s+"
    r"|[A-Z][a-z]{2,8}\.?\s*(?::|\s[–—-])\s+)?"
    r"(?:(?:so|and|ok|okay|um|uh|anyway|well|plus)\b,?\s+)*"  # a spoken memo's fillers: "so since then I ..."
    r"(?:(?:since|after|in|on|by|over)\b[^,]{0,40}?(?:,\s*|\s+(?=I\b)|\s+(?=\w+ing\b)))?"
    r"(?:I(?:'ve| have)?|just|finally|recently)?\s*"
    r"(?:also\s+)?"
    r"(?:finished|completed|passed|earned|wrapped up|got (?:certified|my|a|an|the)|"
    r"got (?:[\w-]+ ){1,3}?(?:certified|accredited|chartered|licensed)|shipped|launched|built|published|ran|led|"
    r"wrote|started|took|designed|delivered|closed|grew|cut|reduced|increased|won|presented|taught|volunteered|"
    r"joined|became|certified|learned|studied|mentored|organi[sz]ed|created|set up|migrated|automated|"
    r"re(?:built|designed|wrote|did|worked|vamped|organi[sz]ed|launched)|trained|coached|achieved|gained|secured|landed|"
    r"streamlined|improved|introduced|implemented|raised|saved|exceeded|hit|qualified|attended|spoke|shadowed|"
    r"handled|managed|produced|developed|drafted|restored|sat|covered|obtained|graduated|enrolled|signed up|submitted|"
    r"got (?:promoted|accepted|licensed|registered)|placed|ranked|gave (?:a |an |my )?(?:\w+ )?(?:talk|presentation|"
    r"workshop|demo|lecture|keynote|webinar)|chaired|co-(?:led|chaired|founded|authored)|"
    r"(?:done|did)(?=\s+(?:the|a|an|my|some)\s)|"  # "Since then I've done the SAP MM fundamentals course"
    # What the user is doing now, said as a list item: "chairing the review group since May", "volunteering at ..."
    r"(?:(?:I'm|I am|now|currently|still)\s+)?(?:chairing|co-chairing|leading|co-leading|running|volunteering|"
    r"mentoring|teaching|studying|organi[sz]ing|coaching|doing|helping|learning|freelancing|"
    r"contracting|working on|practi[sc]ing))\b",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\bI(?: also)? (?:offered|promised|said I(?:'d| would)|told (?:her|him|them) I(?:'d| would)|will|'ll|owe)\b"
    r"(?:\s+to)?\s*(?P<what>[^.;!?\n]{6,140})",
    re.IGNORECASE,
)
_PROMISE_FOLDED = folding(_PROMISE)
# "She asked ...", and in a bullet under the person's name, with no subject: "- kept asking how I'd ...".
_REMARK = re.compile(
    r"^(?:(?P<who>(?:she|he|they|She|He|They|[A-Z]\w+(?: [A-Z]\w+)?))\s+)?(?i:(?:kept(?: on)?|keeps|was|is)\s+)?"
    r"(?i:(?P<verb>said|says|mentioned|told me|asked|asks|asking|wondered|wondering|"
    r"cares(?: a lot)? (?:about|abt)|care (?:about|abt)|is (?:keen|passionate|excited|worried|focused) (?:on|about)|"
    r"wants|wanted|worries|worried|worrying|is struggling with|struggles with|struggling with|offered|loves|"
    r"values))\b[\s:]*(?P<what>.+)$"
)
# A message passed on by the writer: "asked me to pass on that ...", "wanted us to tell you ...".
_RELAYED = re.compile(r"^(?:me|us)\s+to\s+(?:pass on|pass along|tell you|let you know|say)\s+(?:that\s+)?(?P<what>.+)$",
                      re.I)
# The plain form of a verb as a remark says it: "kept asking how ..." is "asked how ...".
_VERB_FORM = {"asking": "asked", "wondering": "wondered", "worried": "worries", "worrying": "worries",
              "struggling with": "struggles with"}
RemarkKind = Literal["said", "asked", "cares", "offered", "struggles"]
_REMARK_KIND = {
    "said": "said",
    "says": "said",
    "mentioned": "said",
    "told me": "said",
    "asked": "asked",
    "asks": "asked",
    "wondered": "asked",
    "offered": "offered",
    "is struggling with": "struggles",
    "struggles with": "struggles",
    "struggling with": "struggles",
    "asking": "asked",
    "wondering": "asked",
}
_CARES_SENTENCE = re.compile(
    r"^(?:what (?:she|he|they) cares? (?:about|abt)|(?:she|he|they) cares? (?:about|abt)|cares (?:about|abt))"
    r"\s*[:-]?\s*(?P<what>.+)$",
    re.IGNORECASE,
)
# What the user and the person talked over at length: "we spent ages on supplier consolidation", "we nerded out about
# dbt tests": a subject they share, recalled as what they talked about.
_TALKED_OVER = re.compile(
    r"\bwe\s+(?:\w+\s+)?(?:spent (?:ages|hours|an hour|a while|most of (?:it|the time))|talked|chatted|nerded out|"
    r"geeked out|went deep)\s+(?:on|about|over|into)\s+(?P<what>[^.;!?]{4,80})", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you're|you'd|you'll|yours|your|you)\b", re.IGNORECASE)
_ANYONE = {"you": "one", "your": "one's", "yours": "one's", "you're": "one is", "you'd": "one would",
           "you'll": "one will"}


def openings_in(sentences: list[str], source: str, *, company: str | None, today: dt.date | None) -> list[Opening]:
    """Openings a sentence mentions: "they just posted a Senior AE role", "hiring a charge nurse", and what the user
    saw on a job board ("spotted a Clinical Educator role on LinkedIn, up since Oct 2")."""
    found: list[Opening] = []
    for sentence in sentences:
        low = fold(sentence)
        needs = any(map(low.__contains__, _OPENING_NEEDS)) or ("req" in low and _REQ.search(low))
        match = _OPENING.search(sentence) if needs else None
        if match is None:  # quick word tests (plain substrings) before the slower patterns
            folded = sentence.casefold()
            match = _SIGHTED.search(sentence) if any(map(folded.__contains__, _ROLE_NOUNS)) else None
            match = match or (_SEEKING.search(sentence) if any(map(folded.__contains__, _SEEKING_WORDS)) else None)
            if match is not None and match.re is _SEEKING and (
                    _NOT_A_HIRE.match(sentence, match.end(1)) is not None
                    or re.search(r"\b(?:I|[Ww]e|I'm|we're)\s+(?:\w+\s+)?$", sentence[: match.start()])
                    or (re.match(r"(?i:want|need)", match.group(0)) and not match.group(1)[:1].isupper())):
                match = None  # a consultant for a task, the user's own search, "they need a new fridge"
        # Each pattern only where its mandatory words are (a quick test first, for speed).
        board = ((_BOARD.match(sentence) if any(map(sentence.__contains__, ":–-")) else None)
                 or (_LISTED.match(sentence) if _LISTED_WORD.search(sentence) else None)) if match is None else None
        quoted = quoted_opening(sentence) if match is None and board is None else None
        if quoted is not None:
            match = re.search(re.escape(quoted), sentence)
        if (match is None and board is None) or re.search(
                r"\b(?:not|no longer|stopped|freeze|closed|filled)\b", sentence, re.I) or _LATER.search(sentence):
            continue  # closed, filled, or only to come ("when we open the second backend role next year")
        if board is not None:  # a listed title ends in a job word; one after "careers page:" need not
            title = board.group("title").strip()
            post = board.re is _BOARD and re.search(r"\bpost\b", sentence[: board.start("title")], re.I)
            named = board.re is _LISTED and board.group("noun") and not _MEDIA.search(title)  # "X post went up"
            plain = re.sub(r"\s(?:of|and|for|&)\s(?=[A-Z])", " ", title)  # "Head of Science" is a title
            if ((board.re is _LISTED or post) and not named and not _JOB_END.search(title)) or _NOT_TITLE.search(plain):
                continue
            from assistant.reading.who import looks_like_name  # who.py imports this module

            if looks_like_name(title) and not re.search(rf"\b{JOB_WORD}", title, re.I):
                continue  # "looked him up on LinkedIn: Sione Taufa, started as ...": a person, not a title
        else:
            assert match is not None
            if quoted is not None:
                title = quoted  # written in quotes: the title as the company wrote it, whatever its words
            else:
                group = 1 if match.group(1) is not None else 2
                title = _tidy_title(match.group(group))
                after = sentence[match.end(group) : match.end(group) + 1]
                if _NOT_TITLE.search(title) or _MEDIA.search(title) or after == "-":
                    continue
        if not title or any(o.title.casefold() == title.casefold() for o in found):
            continue
        urls = URL.findall(sentence)
        day = opening_day(sentence, today)
        found.append(
            Opening(
                company=company or _company_in(sentence, title),
                title=title,
                url=urls[0] if urls else None,
                date=day,
                ground=Ground(source=source, quote=sentence),
            )
        )
    return found


def opening_day(sentence: str, reference: dt.date | None) -> dt.date | None:
    """The day an opening went up: the date after "since", "posted", "listed" ..., else the sentence's first date."""
    dates = find_dates(sentence, reference=reference)
    for found in dates:
        if _SINCE.search(sentence[max(0, found.start - 30) : found.start]):
            return found.day
    # "posted 10/1": a bare numeric date right after the cue is a date here (alone, "10/1" may be a ratio).
    numeric = re.search(r"\b(?:since|posted|listed|advertised|opened|went up|up|live|published)\s+"
                        r"(\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?![\w/])", sentence, re.IGNORECASE)
    if numeric is not None and (day := find_dates(f"on {numeric.group(1)}", reference=reference)):
        return day[0].day
    return dates[0].day if dates else days_ago(sentence, reference)


# A quoted title that is up on a careers page: '"Senior Data Analyst" is up', '“Ops Lead” went live', "is back".
_QUOTED_UP = re.compile(
    r"[\"“‘'](?P<title>[A-Z][^\"”’\n]{1,60}?)[\"”’']\s*(?:\((?:[^)]{0,40})\)\s*)?,?\s+"
    r"(?:(?:role|position|job|post|opening|vacancy|listing|ad)\s+)?(?:(?:is|was|has|have|just|finally|now|got|'s|’s|"
    r"has been|been|went|gone|came|come|comes|goes)\s+){0,3}"
    r"(?:up|live|back|posted|listed|advertised|re-?opened|open|reposted|re-?listed|out)\b"
    r"(?!\s+(?:to|for|with)\b)"
    r"|\b(?:posted|listed|advertised|re-?opened|reposted|put up|opened)\s+(?:(?:a|an|the|their|its)\s+)?(?:new\s+)?"
    r"(?:(?:role|position|job|opening|vacancy|listing|ad)\s+(?:for\s+)?)?"
    r"[\"“‘'](?P<title2>[A-Z][^\"”’\n]{1,60}?)[\"”’']"
    # A label: 'job ad: "Senior Fleet Engineer" on their site', 'new req - "Ops Lead"'.
    r"|\b(?:job ad|job post(?:ing)?|posting|listing|vacancy|opening|new role|new req|req|ad)\s*(?::|\s[–—-])\s*"
    r"[\"“‘'](?P<title3>[A-Z][^\"”’\n]{1,60}?)[\"”’']"
)


def quoted_opening(sentence: str) -> str | None:
    """The title of an opening a sentence quotes as up, live, back or posted ('"Data Analyst" is up on ...')."""
    match = _QUOTED_UP.search(sentence) if any(map(sentence.__contains__, "\"“‘'")) else None
    if match is None:
        return None
    title = (match.group("title") or match.group("title2") or match.group("title3")).strip(" ,.")
    return title if len(title.split()) <= 8 else None


def _company_in(sentence: str, title: str) -> str | None:
    """A company a job-board sentence names ("Halden's careers page", "Harlow Foods is hiring", "at Corvane")."""
    for pattern in (_COMPANY_BOARD, _COMPANY_HIRING, _COMPANY_AT):
        for match in pattern.finditer(sentence):
            name = re.sub(r"['’]s?$", "", match.group("company").strip())
            first = name.split()[0].casefold()
            if not _BOARD_NAMES.fullmatch(name) and not _MONTHS_AND_DAYS.match(name) and first not in _NOT_COMPANY \
                    and name.casefold() not in title.casefold() and title.casefold() not in name.casefold():
                return name
    return None


# Words no job title holds: "posts a lot about nurse-led care" is no opening.
_NOT_TITLE = re.compile(
    r"\b(?:about|lot|of|on|with|to|in|from|my|his|her|their|our|your|who|that|is|are|future|"
                        r"further|other|any|more|some|all)\b", re.I)
# A job board line in a company note: "careers page: Junior Sous Chef, posted Apr 2", "Line Cook listed 3/4".
_CAPS_TITLE = r"(?P<title>[A-Z][\w/&+.-]*(?:\s+(?:(?:&|of|and|for)\s+)?[A-Z][\w/&+.-]*){0,5})"
_BOARD = re.compile(
    r"^[^:]{0,40}\b(?i:careers?|jobs?|job board|post|posting|posted|listing|opening|vacanc\w*|linkedin|indeed|site|"
    r"page|board|ad)\b[^:]{0,20}[:–-]\s*" + _CAPS_TITLE + r"\b")
_LISTED = re.compile(r"^(?i:(?:their|the|a|an|new)\s+)?" + _CAPS_TITLE + r",?\s+(?P<noun>role\s+|position\s+|job\s+|"
                     r"post\s+|opening\s+|vacancy\s+)?(?:was\s+|is\s+|got\s+)?"
                     r"(?:posted|listed|advertised|re-?opened|went up)\b")
_LISTED_WORD = re.compile(r"posted|listed|advertised|opened|went up")  # one is in every _LISTED match
_JOB_END = re.compile(rf"{JOB_WORD}$|\b(?:role|position)$", re.I)


# What the user saw: "spotted a Clinical Educator role on LinkedIn", "their careers page has a Head Chef position up".
ROLE_NOUN = r"(?:role|position|opening|vacancy|job|post|req|listing|posting|spot|seat)s?"
_SIGHTED = guarded(
    r"\b(?:(?:saw|seen|see|sees|spotted|spot|noticed|notice|found|came across|there(?:'s|’s| is| was)|"
    r"they(?:'ve|’ve| have) got|shows?|showed|lists?|features?)\s+"
    r"(?:(?:a|an|the|another|one|two|new|open|fresh)\s+){1,2}"
    r"((?:[\w/&+.,()\"“”–—-]+\s+){0,6}?[\w/&+.()\"“”–—-]+)\s+" + ROLE_NOUN +  # quoted: "saw a "X II – Y" req"
    r"|(?:has|have|had)\s+(?:(?:a|an|another|two|new|open|fresh)\s+){1,2}((?:[\w/&+.,-]+\s+){0,5}?[\w/&+.-]+)\s+"
    r"(?:opening|vacancy|vacancies|req|listing|posting)s?)\b",
    re.IGNORECASE,
)
# "they're looking for a Senior Data Analyst", "Corvane is after a line cook": a title that ends in a job word.
_SEEKING = guarded(
    rf"\b(?:looking for|seeking|searching for|(?:are|is|they're|they’re) after|on the hunt for|recruiting for|"
    rf"(?<!\bI )(?<!\bI really )(?:want|wants|need|needs))\s+"
    rf"(?:an?|another|two|one|more)\s+((?:[\w/&+.-]+\s+){{0,5}}?{JOB_WORD})\b",
    re.IGNORECASE,
)
# A consultant sought for a task is a project, not an opening ("looking for a consultant to migrate ...").
_NOT_A_HIRE = re.compile(r"(?<=consultant|contractor|freelancer)\s+(?:to|for|with|on)\b|s?\s+(?:to help|for help)\b",
                         re.IGNORECASE)
# A post on a page is no job: "saw a LinkedIn post", "spotted a blog post".
_MEDIA = re.compile(
    r"\b(?:linkedin|blog|news|instagram|facebook|twitter|social|media|newsletter|press|guest)\b", re.I)
_ROLE_NOUNS = ("role", "position", "opening", "vacanc", "job", "post", "req", "listing", "spot", "seat")
_SEEKING_WORDS = ("looking for", "seeking", "searching for", "after", "hunt", "recruiting", "want", "need")
_SINCE = re.compile(r"\b(?:since|posted|listed|advertised|opened|went up|up|live|open|published|dated|from)\b"
                    r"(?:\s+\w+){0,2}\s*(?:on\s+)?$", re.IGNORECASE)
_NAME = r"(?P<company>[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})"
_COMPANY_BOARD = re.compile(
    _NAME + r"(?:['’]s?)?\s+(?:own\s+)?(?:careers?|jobs?|job board|site|website|linkedin|page|"
                            r"vacancies|recruitment|req|posting|listing|ad|opening|vacancy)\b")
_COMPANY_HIRING = re.compile(
    _NAME + r"\s+(?:(?:is|are|has|have|just|now)\s+)?(?:(?:just|now|got|currently)\s+)?"
                             r"(?:hiring|recruiting|posted|listed|advertis\w+|looking for|after|an?|opened|"
                             r"wants?|needs?)\b")
_COMPANY_AT = re.compile(r"\b(?:at|from|with|for)\s+" + _NAME)
_BOARD_NAMES = re.compile(r"(?:LinkedIn|Indeed|Glassdoor|Otta|Monster|Reed|Totaljobs|Workable|Greenhouse|Lever|"
                          r"NHS Jobs|Jobs|Careers|Twitter|X|Mastodon|Bluesky|Slack|Reddit|Google|I|The|They|Their|"
                          r"Saw|Spotted|Noticed)", re.IGNORECASE)
# Capitalised words that start a sentence and name no company ("There's a ...", "Looks like ...").
_NOT_COMPANY = frozenset({
    "there", "they", "their", "the", "this", "that", "these", "those", "it", "its", "we", "our", "i", "she", "he",
    "her", "his", "saw", "spotted", "noticed", "looks", "looked", "checked", "apparently", "just", "also", "now",
    "today", "yesterday", "still", "finally", "so", "and", "but", "then", "new", "another", "job", "jobs", "role",
    "hiring", "careers", "update", "note", "fyi", "ps",
})  # fmt: skip
_MONTHS_AND_DAYS = re.compile(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)")


def _tidy_title(title: str) -> str:
    words = title.split()
    while words and words[0].casefold() in {"a", "an", "the", "new", "for", "another", "open", "two"}:
        words = words[1:]
    noun = r"(?:opening|vacancy|position|role|job|post|listing|posting)s?"
    if len(words) > 2 and re.fullmatch(noun, words[0], re.I) and words[1].casefold() == "for":  # "opening for a Cook"
        return _tidy_title(" ".join(words[2:]))
    return " ".join(words).strip(" ,.\"“”")


_USER_BEFORE = re.compile(r"\b(?:I|I'm|I’m|you|you're|you’re)\s+$")


def projects_in(sentences: list[str], source: str, *, company: str | None, person: str | None) -> list[Project]:
    """Work a team needs help with, as a noun phrase."""
    found = []
    for sentence in sentences:
        if re.match(r"(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll)\s", sentence.lstrip().lower()):
            continue
        at, low = 0, fold(sentence)
        while (match := _PROJECT_FOLDED.search(low, at)) is not None:  # offsets as in `sentence`
            # The first clause only; the rest is read again ("... menus, and the team also needs someone to X").
            what = re.split(r",? (?:and|but|which|so|while) |[:;–—]| - |,\s+(?:a|an|one|something)\s+"
                            r"(?:project|job|task|thing)\b|,\s+(?:apparently|though|it seems|I think|I hear|per|"
                            r"according to|(?:she|he|they) (?:said|says|reckons?|thinks?))\b"
                            r"|,\s+(?:nobody|no one|they|we|she|he|it|there|that|this|which)\b"
                            # "a program he'll likely own": who will own it is no part of the work
                            r"|\s+(?:that\s+|which\s+)?(?:he|she|they|you|we)(?:['’]ll|['’]d| will| would| might| may)"
                            r"(?:\s+(?:likely|probably|prob|maybe|soon))?\s+(?:own|run|lead|take over|inherit|manage)"
                            r"\b",
                            sentence[slice(*match.span("what"))])[0].strip(" ,:")
            at = match.start("what") + max(len(what), 1)
            if _USER_BEFORE.search(sentence, 0, match.start()):  # "asked if I was planning to have kids": the user's
                continue
            if len(what) >= 8 and not _PRONOUN.match(what) and not _HIRE.match(what) and not _VAGUE.match(what) \
                    and not _SKILL.search(what):  # "needed someone with actuarial modelling experience": a gap
                need = _NEED.search(sentence[match.start():match.start("what")]) is not None or (
                    _SHORT.search(sentence[match.start("what") + len(what):]) is not None)
                found.append(Project(company=company, person=person, what=what, need=need,
                                     ground=Ground(source=source, quote=sentence)))
    return found


def progress_sentences(sentences: list[str]) -> list[str]:
    """The sentences in which the user says what they did (I finished, I shipped, passed the exam ...)."""
    return [s for s in sentences if _PROGRESS.match(s)]


def mostly_progress(sentences: list[str]) -> list[str]:
    """The progress sentences of a note that is mostly a list of what the user did, else none."""
    done = progress_sentences(sentences)
    return done if done and len(done) * 2 >= len(sentences) else []


def promises_in(sentences: list[str], source: str, *, to: str | None) -> list[Promise]:
    """What the user said they would do for someone."""
    found = []
    for sentence in sentences:
        match = _PROMISE_FOLDED.search(fold(sentence))
        if match and not re.search(r"\b(?:reapply|apply again|try again)\b", sentence, re.I):
            found.append(
                Promise(to=to, what=sentence[slice(*match.span("what"))].strip(" ,"),
                        ground=Ground(source=source, quote=sentence))
            )
    return found


def remarks_in(sentences: list[str], source: str, *, person: str | None) -> list[Remark]:
    """What a person said, asked or cares about, as a neutral clause; second-person text is never copied."""
    if not person:
        return []
    first = person.split()[0]
    found = []
    for sentence in sentences:
        cares = _CARES_SENTENCE.match(sentence)
        match = _REMARK.match(sentence)
        talked = _TALKED_OVER.search(sentence) if not cares and not match else None
        if cares:
            kind, what = "cares", "cares about " + cares.group("what")
        elif talked:
            kind, what = "said", "talked about " + talked.group("what").strip(" ,")
        elif match and (relay := _RELAYED.match(match.group("what"))) and match.group("verb").casefold() in {
                "asked", "wanted"} and match.group("who") in {first, person}:
            # "Paolo asked me to pass on that he enjoyed your session" (someone else's email): what Paolo said
            from assistant.reading.chats import third_person

            kind, what = "said", "said " + third_person(relay.group("what"), person)
        elif match and match.group("who") in {None, "she", "he", "they", "She", "He", "They", first, person} and \
                match.group("verb").casefold() not in person.casefold().split()[1:] and not (  # "Omar Said (...)"
                match.group("who") is None and match.group("what").startswith(first)):  # "Asked Noor whether ..."
            verb = match.group("verb").casefold()
            kind = _REMARK_KIND.get(verb, "cares")
            what = f"{_VERB_FORM.get(verb, verb)} {match.group('what')}".replace("cares abt", "cares about")
        else:
            continue
        # A general "you" ("she said your docs are your product") is kept, said of anyone, never of the reader.
        what = _SECOND_PERSON.sub(lambda m: _ANYONE[m.group(0).casefold()], what.strip().rstrip("."))
        if len(what) < 12:
            continue
        found.append(Remark(kind=cast(RemarkKind, kind), text=what, ground=Ground(source=source, quote=sentence)))
    return found
