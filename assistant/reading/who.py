"""Who a note is about: a person's name, role and company from front matter, a heading, the first line or the
file name; names of people mentioned in a sentence (full names, and first names where the words around them say
someone: a team, a role, a verb of speech, a meeting, a greeting); a part said with the job it is for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from assistant.casefile import Ground
from assistant.notes import Note
from assistant.patterns import guarded
from assistant.reading.facts import JOB_WORD
from assistant.text import BULLET, HEADING

# A word of a person's name: capitalised (Émile, Łukasz), maybe with an apostrophe or hyphen after a part (Jean-Luc,
# O'Brien, D'Souza) or a second capital (McDonald, MacLeod, DeShawn), or an initial.
_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČ", "a-zß-öø-ÿłśżźćńąęőűšžčě"
_NAME_WORD = (rf"(?:(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:['’-][{_UPPER}]?[{_LOWER}]+)*"
              rf"|[{_UPPER}]\.)")
NAME_WORD = _NAME_WORD  # one word of a name, a first name alone
_PARTICLE = r"(?:van|von|de|del|della|da|di|du|la|le|bin|al|ter|ten)"
PERSON_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,2}}"
_FULL_NAME = re.compile(rf"^{PERSON_NAME}$")
# Words that make a capitalised phrase an organisation, a place or a thing rather than a person.
_NOT_A_PERSON = frozenset(
    """
inc llc ltd corp co company labs lab bank health hospital clinic games studio studios analytics robotics systems
group partners technologies technology software media capital university college school agency foods team teams
department dept center centre services solutions consulting ventures network networks platform data design
institute foundation association club store market cloud ai app apps dynamics logistics medical motors energy
the a an my our notes note call calls meeting interview interviews debrief follow up update rejection offer
memo memos voice transcript transcription recording dictation recap summary minutes log journal diary draft todo
open coffee lunch drinks dinner breakfast event events meetup meetups fair screen screening prep visit tour
senior junior staff chief associate deputy principal interim acting trainee graduate
shadowing networking conference webinar session workshop catchup result results outcome
news updates thoughts ideas questions feedback folks contacts links misc stuff plans tasks
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december re fwd fw hi hello dear thanks regards about me profile emergency
north south east west new street road city county general regional memorial
talent acquisition recruiting operations sales marketing engineering product support success people hr
dental vet vets veterinary pharmacy practice surgery bistro kitchen restaurant cafe bakery brewery hotel garage
workshop works farm farms press publishing printing gallery museum library theatre council trust charity academy
nursery salon builders construction architects law legal insurance homes records airlines transport freight
joinery carpentry timber frames roofing glazing landscaping gardens plumbing electrical engineering works
consultancy associates brothers sons bros holdings enterprises industries manufacturing supplies
careers jobs hiring recruitment theatre theater pharmacy freight schools payments payroll fintech finance financial
wind solar grid renewables hydro utilities mutual assurance society bio biotech pharma therapeutics biosciences
learning education training growth connect air aviation aerospace
infirmary hospice haulage housing events marine charity development management standards chambers ministry
solicitors barristers partnership llp transit railway railways buses airport
messaged emailed texted called phoned rang pinged met thanked asked told wrote replied dmed
they've they're they'd they'll we've we're we'd i've i'm i'd she's he's it's there's that's
school elementary middle primary secondary high college university district campus preschool
""".split()  # noqa: SIM905
)
# "Tamsin Ebbers, charge nurse in the Emergency Department at Riverbend" / "Farid Qureshi - VP Sales, Acme"
_FIRST_LINE = re.compile(rf"^\s*(?:\*\*)?(?P<name>{PERSON_NAME})(?:\*\*)?\s*(?:[,:(–—|]|\s-\s)\s*(?P<rest>.*)$")
_AT = re.compile(
    r"(?:^|\s+)(?:at|@|with|from)\s+(?:the\s+)?(?P<company>[A-Z0-9][\w&'’-]*(?:\.[A-Za-z]+)*"
    r"(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’-]*(?:\.[A-Za-z]+)*)*)"
)
# "Lead Mobile Engineer at Fjord Games." on the line under a name heading.
_ROLE_LINE = re.compile(
    r"^\s*(?:[-*]\s+)?(?P<rest>[A-Za-z][^.!?\n]{2,80}?\s(?:at|@)\s(?:the\s+)?[A-Z0-9][^.!?\n]{1,60})")
# "VP Sales, Northstar." / "Acme, content designer" on the line under a name: a short role and a company.
_ROLE_COMMA = re.compile(
    r"^\s*(?:[-*•]\s+)?(?P<rest>[A-Za-z][\w &/'’.-]{1,50}?(?:,|\s[|–—-])\s+[A-Za-z][\w &/'’.-]{1,50}?)[.;]?\s*$")
# "Dr. Amara Osei": a title before a name is no part of it.
HONORIFICS = ("Dr", "Prof", "Mr", "Mrs", "Ms", "Mx", "Sir", "Dame", "Sister", "Matron", "Rev", "Fr", "Cllr", "Capt")
_TITLE_PREFIX = re.compile(rf"^(\s*(?:[-*•]\s+)?(?:\*\*)?)(?:{'|'.join(HONORIFICS)})\.?\s+(?=[A-Z])")
# "Nadia Haddad joined Corvid Freight as operations lead - ...": a sentence whose subject is the person.
_COMPANY_WORDS = r"[A-Z0-9][\w&'’.-]*(?:[ \t]+(?:&[ \t]+|of[ \t]+)?[A-Z0-9][\w&'’-]*)*"
_SUBJECT = re.compile(
    rf"^\s*(?:[-*•]\s+)?(?P<name>{PERSON_NAME})\s+(?:(?:has|have|just|recently|finally|now)\s+){{0,2}}"
    r"(?:joined|moved (?:over )?to|went (?:over )?to|jumped to|switched to|is now (?:at|with)|now works at|works at|"
    r"is (?:at|with)|started (?:at|with)|took a (?:job|role|post|position) (?:at|with)|landed at|is heading to)\s+"
    rf"(?:the\s+)?(?P<company>{_COMPANY_WORDS})"
    r"(?:\s+as\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?P<role>[a-zA-Z][^.,;:!?()\n]{1,60}?))?"
    r"(?=\s+(?:in|last|this|on|back|since|after|from|around|about|a|two|three|\d+)\b|\s*[.,;:!?()\n]|\s[-–—]\s|\s*$)"
)
_HAS_JOB = re.compile(rf"\b{JOB_WORD}\b|\b(?:of|for)\s+[a-z]", re.I)
_JOB_TITLE = re.compile(rf"\b{JOB_WORD}$", re.I)
_ORG = re.compile(r"^[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z0-9][\w&'’.-]*){0,4}$")
# A label before the name: "The person who got it: <Name> ...", "Hired instead - <Name>" (a few words, no name).
_LABEL = re.compile(r"^\s*(?:\*\*)?(?P<label>[A-Za-z][\w '’/-]{2,50}?)(?:\*\*)?\s*(?::|\s[-–—]\s)\s*(?P<after>.+)$")
# What says how the person came to their role, not the role: "started as", "joined as", "was hired as".
_HIRED_AS = re.compile(r"^\s*(?:(?:has|had|just|recently|now|then)\s+)*(?:started|starts|joined|began|was hired|"
                       r"got hired|came on(?: board)?|signed on|is starting|is joining)\s+as\s+", re.I)
# A former employer, not the present one: "(ex-Babylon)", "(formerly at Monzo)" ...
_NOW_AT = re.compile(r"\bnow\s+(?:(?:a|an|the)\s+)?([^,.;()]{2,60}?\s+(?:at|@)\s+[A-Z][^,.;()]{1,40})", re.I)
_FORMER = re.compile(r"^\s*\(?\s*(?:ex[- ]|formerly\b|previously\b|prev\.?\s|used to\b|was (?:an?|once)\s)"
                     r"[^)]*\)?[.,;]?\s*", re.I)  # ... "was a dean at Westbrook", "used to run ops at Kiva"


def has_job_title(text: str) -> bool:
    """Whether `text` is a job's title on its own: a few words that end in a job ("Recruitment Coordinator")."""
    return len(text.split()) <= 5 and _JOB_TITLE.search(text) is not None


# "Gemma Shaw at Hays", "Ana Lima, from Corvane": the company written right after someone's name.
_AFTER_NAME_AT = re.compile(r"^\s*,?\s*(?:at|@|from)\s+(?:the\s+)?(?P<company>[A-Z0-9][\w&'’.-]*"
                            r"(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’.-]*){0,3})")


def company_after(name: str, sentence: str) -> str | None:
    """The company written right after `name` in `sentence` ("Gemma Shaw at Hays": Hays), or None."""
    at = sentence.find(name)
    found = _AFTER_NAME_AT.match(sentence[at + len(name) :]) if at >= 0 else None
    company = found.group("company").strip(" .,") if found else None
    # "at Robert Walters" (an agency named for its founders) counts; "at Tom's leaving do" does not; "from Talent",
    # "in Finance" is a team
    if company and all(w.casefold() in _MAILBOX_WORDS or w.casefold() in _TEAM_WORDS for w in company.split()):
        return None
    return company if company and not re.search(r"['’]s$", company) else None


_TEAM_WORDS = frozenset(["sales", "marketing", "engineering", "product", "finance", "legal", "design", "data",
                         "support", "success", "it", "ops", "analytics", "research", "quality", "procurement",
                         "operations", "strategy", "platform", "infrastructure", "security", "partnerships", "comms",
                         "communications", "hr", "customer", "revenue", "growth"])


def is_team(text: str) -> bool:
    """Whether `text` names a team or a function, not a company ("Finance Ops", "Procurement", "data")."""
    return bool(text.split()) and all(w.casefold() in _TEAM_WORDS for w in text.split())


def is_org_name(text: str) -> bool:
    """Whether `text` is shaped like an organisation's name: a few capitalised words ("Kestrel Vets", "R&D Ltd")."""
    return _ORG.match(text.strip()) is not None


@lru_cache(maxsize=8192)  # the same few names are asked of again and again
def looks_like_name(text: str) -> bool:
    """Whether `text` reads as a person's full name (two or three capitalised words, none an organisation word)."""
    text = _TITLE_PREFIX.sub(r"\1", text.strip())
    if not _FULL_NAME.match(text):
        return False
    return not any(w.casefold().strip(".") in _NOT_A_PERSON for w in text.split())


# Words of a shared mailbox's name or address: a team, a function, a robot, never a person.
_MAILBOX_WORDS = frozenset(
    """
team talent recruiting recruitment recruit hr careers career jobs job hiring people operations ops acquisition
noreply no-reply donotreply do-not-reply notifications notification applications apply admin info support hello
office mailbox staffing resourcing onboarding human resources candidates candidate enquiries inquiries alerts
desk inbox portal system service services department dept centre center unit
""".split()  # noqa: SIM905
)
_FREE_MAIL = frozenset(
    """
gmail googlemail outlook hotmail live yahoo icloud me proton protonmail aol gmx mail fastmail zoho hey
greenhouse lever workday myworkday smartrecruiters ashbyhq ashby icims taleo bamboohr teamtailor workable
personio recruitee jobvite linkedin indeed example
""".split()  # noqa: SIM905
)


def is_mailbox(display: str, address: str | None = None) -> bool:
    """Whether an email sender is a shared mailbox ("Talent Team", "HR", "Acme Careers", no-reply@), not a person."""
    words = [w for w in re.split(r"[\s._+,&|()<>-]+", display.casefold()) if w]
    if any(w in _MAILBOX_WORDS for w in words) or re.search(r"no-?reply|do-?not-?reply", display, re.I):
        return True
    if looks_like_name(display):
        return False
    local = (address or "").partition("@")[0].casefold()
    return not display.strip() or any(w in _MAILBOX_WORDS for w in re.split(r"[._+-]+", local) if w)


def mailbox_company(display: str) -> str | None:
    """The company in a mailbox's name: "Corvid Freight Careers" -> "Corvid Freight"."""
    kept = [w for w in display.split() if w.casefold().strip(",|-") not in _MAILBOX_WORDS]
    while kept and kept[-1].casefold() in {"&", "and", "-", "|", "at", "@", "from"}:
        kept.pop()
    company = " ".join(kept).strip(" ,|-@")
    if _HAS_JOB.search(company) and not ORG_WORD.search(company):
        return None  # "Talent Acquisition Specialist": a job's title, the company is on another line
    return company if company and _ORG.match(company) else None


# How a message signs off ("Best,", "Kind regards", "Cheers - Sam"): one list for every rule that looks for it.
SIGN_OFF_WORDS = (r"best|thanks|thank you|many thanks|regards|kind regards|best regards|warm regards|warmly|cheers|"
                   r"sincerely|all the best|speak soon|talk soon")
# A letter's closing line ("Best,", "Kind regards", "Thanks again!"): what follows is the signature.
CLOSING = re.compile(rf"^(?:{SIGN_OFF_WORDS})\b.{{0,20}}$", re.I)


def mailbox_writes_for(display: str, text: str, address: str | None) -> str | None:
    """The company a team mailbox writes for: its name, else a signature line that names one, else its domain."""
    named = mailbox_company(display)
    if named:
        return named
    for line in reversed([ln.strip(" -") for ln in text.splitlines() if ln.strip()][-4:]):
        if _ORG.match(line) and not is_mailbox(line) and not looks_like_name(line) and not CLOSING.match(line):
            return line
        company = mailbox_company(line) if is_mailbox(line) else None
        if company:
            return company
    return domain_company(address)


# Words that name an organisation's line of work or legal form ("Acme Labs", "Brightwell Health", "Halvard Ltd").
ORG_WORDS = (r"inc|llc|ltd|corp|co|company|labs?|group|gmbh|plc|bank|health|healthcare|hospital|clinic|studios?|"
             r"analytics|robotics|systems|partners|technologies|tech|software|media|capital|logistics|foods|freight|"
             r"energy|water|power|motors|pharma|insurance|airlines?|games|ports?|rail|transport|mining|solar|farms?|"
             r"brewing|construction|engineering|consulting|design|ventures|dynamics|networks|solutions|services|"
             r"industries|holdings|works|supply|trust|council|university|college|institute|foundation|museum|"
             r"library|agency|bakery|kitchens?|hotels?|retail|stores|markets?|fintech|biotech|therapeutics|"
             r"infirmary|hospice|surgery|practice|school|academy|haulage|marine|housing|events|charity|chambers|"
             r"department|ministry|llp|solicitors|barristers|partnership|transit|railways?|buses|airport")
ORG_WORD = re.compile(rf"\b(?:{ORG_WORDS})\b", re.I)
# A domain label that glues a name to such a word: "brightwellhealth" -> "brightwell" + "health".
# (Only the longer words: "fintech" or "cobank" is one name, not "Fin Tech".)
_GLUED_ORG = re.compile(rf"^(?P<name>[a-z]{{4,}}?)(?P<org>{'|'.join(w for w in ORG_WORDS.split('|') if len(w) >= 5)})$")


_REGISTRY_LABELS = frozenset({"co", "com", "org", "ac", "gov", "net", "edu", "nhs", "sch", "example", "test", "ltd",
                              "plc", "mil", "int"})


def domain_company(address: str | None) -> str | None:
    """A company guessed from an address's domain ("jobs@acme-labs.example" -> "Acme Labs"); None for free mail.

    A label that glues a name to an organisation word is split there ("brightwellhealth.org" -> "Brightwell Health").
    """
    domain = (address or "").partition("@")[2].casefold()
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return None
    labels.pop()  # the top-level domain
    # ... and the labels of a registry or place under it: "co.uk", "k12.ca.us", "example.org"
    while len(labels) > 1 and (labels[-1] in _REGISTRY_LABELS or len(labels[-1]) == 2 or labels[-1].startswith("k12")):
        labels.pop()
    label = labels[-1]
    if label in _FREE_MAIL or len(label) < 3:
        return None
    words = [w for w in re.split(r"[-_]+", label) if w]
    glued = _GLUED_ORG.match(words[-1]) if len(words) == 1 else None
    if glued:
        words = [glued.group("name"), glued.group("org")]
    return " ".join(w.capitalize() for w in words) or None


@dataclass
class Named:
    """A name found for a note's person, where it was found, and what came with it."""

    name: str
    ground: Ground
    role: str | None = None
    company: str | None = None


def find_person(note: Note) -> Named | None:
    """The person a person note is about: front matter, a heading, the first line, else the file name."""
    meta = note.meta
    if meta.name:
        return Named(meta.name.strip(), Ground(source=note.source, quote=f"name: {meta.name}"))
    for match in HEADING.finditer(note.text[:600]):
        heading = _TITLE_PREFIX.sub(r"\1", match.group(1).strip("*_ "))
        first = _FIRST_LINE.match(heading)
        if looks_like_name(heading):
            named = Named(heading, Ground(source=note.source, quote=match.group(0).strip()))
            after = next((ln for ln in note.text[match.end() :].splitlines() if ln.strip()), "")
            role_line = _ROLE_LINE.match(after) or _ROLE_COMMA.match(after)
            if role_line:
                role, company = role_at(role_line.group("rest"))
                named.role, named.company = role, company
            return named
        if first and looks_like_name(first.group("name")):
            return _with_rest(first, note.source, match.group(0).strip())
        break
    lines = [line for line in note.text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    first_line = _TITLE_PREFIX.sub(r"\1", BULLET.sub("", lines[0])) if lines else ""
    labelled = _LABEL.match(first_line)  # "The person who got it: Chloe Fernandes (ex-Babylon)."
    if labelled and not looks_like_name(labelled.group("label")) and _FIRST_LINE.match(labelled.group("after")):
        first = _FIRST_LINE.match(labelled.group("after"))
        if first and looks_like_name(first.group("name")):
            return _with_rest(first, note.source, first_line.strip())
    first = _FIRST_LINE.match(first_line)
    # "Per Jonas, the role closes Friday": a word that opens a sentence before a first name is no part of a name
    if first and looks_like_name(first.group("name")) and first.group("name").split()[0].casefold() not in _OPENERS:
        return _with_rest(first, note.source, first_line.strip())
    if looks_like_name(first_line.strip(" *_.")):
        named = Named(first_line.strip(" *_."), Ground(source=note.source, quote=first_line.strip()))
        second = BULLET.sub("", lines[1]) if len(lines) > 1 else ""
        role_line = _ROLE_LINE.match(second) or _ROLE_COMMA.match(second)
        if role_line:
            named.role, named.company = role_at(role_line.group("rest"))
        return named
    # A first name on top ("Grace"), the person's full name opening the next line ("Sister Grace Mbeki, ward ...")
    if len(lines) > 1 and re.fullmatch(r"[A-Z][a-z'’-]+", first_line.strip(" *_.:")):
        second = _TITLE_PREFIX.sub(r"\1", BULLET.sub("", lines[1]))
        named_next = _FIRST_LINE.match(second)
        if named_next and looks_like_name(named_next.group("name")) and \
                named_next.group("name").split()[0] == first_line.strip(" *_.:"):
            return _with_rest(named_next, note.source, lines[1].strip())
    subject = _SUBJECT.match(first_line)
    if subject and looks_like_name(subject.group("name")):
        role = (subject.group("role") or "").strip() or None
        return Named(subject.group("name"), Ground(source=note.source, quote=first_line.strip()), role,
                     subject.group("company").strip(" .,"))
    stem = PurePosixPath(note.source).stem
    # "dana-reyes.md" is Dana Reyes; "Lior Ben-David.md", written with spaces, keeps its hyphen
    words = re.split(r"[_ .]+" if " " in stem.strip() else r"[-_ .]+", stem)
    from_file = " ".join(w.capitalize() if w.islower() or w.isupper() else w for w in words if w)
    if looks_like_name(from_file) and not re.search(r"\d", stem):
        named = Named(from_file, Ground(source=note.source, quote=PurePosixPath(note.source).name))
        role_line = _ROLE_LINE.match(first_line) or _ROLE_COMMA.match(first_line)  # "Head of X, Acme." on top
        if role_line:
            named.role, named.company = role_at(role_line.group("rest"))
        return named
    return None


def _with_rest(match: re.Match[str], source: str, quote: str) -> Named:
    rest = match.group("rest")
    if match.string[: match.start("rest")].rstrip().endswith("("):  # "Ana Lima (designer, Acme) at the meetup"
        rest = rest.partition(")")[0]
    now = _NOW_AT.search(rest)  # "used to work w/ me at Kiva, now a test engineer at Orla": where they are now
    # "(Design Director, would be my manager)", "- Head of Quality, the one I'd report to": the relation is no role
    role, company = role_at(now.group(1) if now else _FORMER.sub("", _HIRED_AS.sub("", RELATION_AFTER.sub("", rest))))
    words = match.group("name").split()
    while len(words) > 2 and words[0].casefold() in _OPENERS:  # "Met Idris Kamara (Research Lead)": Idris Kamara
        words = words[1:]
    return Named(" ".join(words), Ground(source=source, quote=quote), role, company)


# What the user says of someone after their role, in the same brackets: ", would be my manager", ", the one I'd ..."
RELATION_AFTER = re.compile(r",\s*(?:would|wd|who|whom|the one|I['’]d|I would|I|my|she|he|they|we|was|is|will|"
                             r"reports?|met|liked|nice|lovely|great)\b.*$", re.I)
# "Works at Fernway Analytics - Head of Data Platform", "now at Orla (Staff Engineer)": the company said first.
_WORKS_AT = re.compile(r"^\s*(?i:(?:works|working|is|currently|now)\s+)+(?i:at|for|@)\s+"
                       r"(?P<company>[A-Z0-9][\w&'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’-]*){0,3})"
                       r"\s*(?:[-–—,:|]\s*|\()(?P<role>[^.;!?()\n]{2,60})")
_COMMA_COMPANY = re.compile(r"^([^,|]{2,50})(?:,|\s[|–—-])\s+([^,|]{2,50})$")
# A part in a hiring said with the job it is for: "hiring manager for the Analytics Lead role", "recruiter for the
# Data Engineer position", "the HM on the Platform req": the part is the person's, the job is the one applied for.
JOB_RELATION = re.compile(
    r"^(?:(?:the|a|an|our|their|my)\s+)?(?P<relation>[A-Za-z][\w/&.' -]{1,40}?)\s+(?:for|on|of)\s+"
    r"(?:the|a|an|this|that|my|our|their|your|his|her)\s+(?P<job>[A-Za-z][\w/&+.' -]{1,60}?)\s+"
    r"(?:role|position|job|opening|req|requisition|vacancy|post|hire|search|loop)s?\b",
    re.I,
)


# "HM for Analytics Lead", "recruiter for Senior Buyer": a hiring part and a job title, with no "role" after it.
_HIRING_FOR = re.compile(rf"^(?:(?:the|a|an|our|their|my)\s+)?(?P<relation>(?i:hiring (?:manager|mgr|lead)|hm|"
                         rf"recruiter|recruiting lead|sourcer|talent partner|ta partner|interviewer))\s+(?i:for|on)\s+"
                         rf"(?:(?i:the|a|an)\s+)?(?P<job>(?:[A-Z][\w/&+.'-]*\s+){{0,4}}(?i:{JOB_WORD}))\b")


def job_relation(role: str) -> tuple[str, str] | None:
    """(part, job) from a role that is a part in someone's hiring ("recruiter for the X position"); else None."""
    match = JOB_RELATION.match(role.strip()) or _HIRING_FOR.match(role.strip())
    if match is None or len(match.group("relation").split()) > 4:
        return None
    return match.group("relation").strip(), match.group("job").strip()


def split_role_company(first: str, second: str) -> tuple[str, str] | None:
    """(role, company) from the two sides of "Role, Company" or "Company, role", by their shape; None if unclear."""
    first, second = first.strip(" .;()"), second.strip(" .;()")
    if is_team(second):
        return None  # "(Director, Product Ops)": a team at the note's company, no company of its own
    first_org = bool(_ORG.match(first)) and not _HAS_JOB.search(first)
    second_org = bool(_ORG.match(second)) and not _HAS_JOB.search(second)
    if second_org and not first_org:
        return first, second
    if first_org and not second_org and (_HAS_JOB.search(second) or second[:1].islower()):
        return second, first
    if first_org and second_org:  # "(Finance Ops, Norvik Energy)": a team, then where it is
        return (first, second) if is_team(first) else None
    return (first, second) if _ORG.match(second) else None


def role_at(rest: str) -> tuple[str | None, str | None]:
    """The role and company in "Role, Company", "Company - role", "role at Company".

    ("charge nurse in the Emergency Department", "Riverbend") from "charge nurse ... at Riverbend. Met ..."."""
    works = _WORKS_AT.match(rest)
    if works:  # "Works at Fernway Analytics - Head of Data Platform. ...": where, then what
        rest = f"{works.group('role')} at {works.group('company')}"
    pair = _COMMA_COMPANY.match(rest.strip().rstrip(".;"))
    if pair and not _AT.search(rest):
        split = split_role_company(pair.group(1), pair.group(2))
        if split is None and pair.group(2)[:1].islower() and re.search(r"\s[–—-]\s", rest):
            return pair.group(1).strip(), None  # "Head of X – hiring manager": the part she had, no second title
        # Unclear which side is the company: keep both as the role; `assemble` splits it by a known company.
        return split if split is not None else (rest.strip().rstrip(".;"), None)
    rest = re.split(r"(?<=[a-z0-9)])\.\s|[;!?]|\s[-–—]\s", rest.strip())[0].strip().rstrip(").")
    role, company = rest or None, None
    at = _AT.search(rest)
    comma = _COMMA_COMPANY.match(rest)
    if at:
        role, company = rest[: at.start()].strip(" ,;-") or None, at.group("company").strip(" .,")
    elif comma:
        split = split_role_company(comma.group(1), comma.group(2))
        if split is not None:
            role, company = split
    relation = job_relation(role) if role else None
    if relation is not None:  # "hiring manager for the Analytics Lead role": their part, not their title
        role = relation[0]
    if role:
        role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,"), flags=re.I) or None
    # "the one they took on instead of me" says what they are to the user (the relationship), not a job title.
    if role and company is None and len(role.split()) > 3 and not _HAS_JOB.search(role):
        role = None
    return role, company


# Two capitalised words in a row (maybe a particle between): the least a full name needs.
_HAS_NAME = re.compile(rf"[{_UPPER}][\w'’]*\s+(?:[a-z]{{2,4}}\s+)?[{_UPPER}]")
_MENTION = guarded(rf"(?<![\w@.])({PERSON_NAME})(?![\w@])")


@lru_cache(maxsize=20_000)
def names_in(sentence: str) -> tuple[str, ...]:
    """Full names of people written in `sentence` (capitalised words that are no organisation or date)."""
    if _HAS_NAME.search(sentence) is None:
        return ()
    found = []
    for match in _MENTION.finditer(sentence):
        words = match.group(1).split()
        # A capitalised sentence opener ("Met Dana Reyes") is not part of the name.
        while len(words) > 2 and words[0].casefold() in _OPENERS:
            words = words[1:]
        name = " ".join(words)
        if words[0].casefold() not in _OPENERS and looks_like_name(name):
            found.append(name)
    return tuple(found)


# Capitalised words that open a sentence before a name ("Met Dana Reyes", "For Sam Okafor: ...").
_OPENERS = frozenset(
    [
        "met",
        "saw",
        "called",
        "asked",
        "told",
        "emailed",
        "pinged",
        "thanked",
        "spoke",
        "with",
        "and",
        "but",
        "so",
        "then",
        "also",
        "per",
        "via",
        "cc",
        "for",
        "to",
        "from",
        "by",
        "ask",
        "ping",
        "email",
        "thank",
        "dear",
        "hi",
        "hey",
        "re",
        "fwd",
        # ... and a title before the name: "Sister Grace Mbeki", "Dr. Amara Osei"
        *(h.casefold() for h in HONORIFICS),
        *(f"{h.casefold()}." for h in HONORIFICS),
    ]
)


_ROLE_BEFORE = guarded(
    r"\b(?:manager|mgr|recruiter|partner|lead|hire|director|VP|head)\W{1,3}(?:is\s+|was\s+)?$", re.I
)
_HIRED_BEFORE = guarded(
    r"\b(?:hired|chose|picked|selected|went with|offered it to|gave (?:it|the \w+) to)\s+$", re.I
)


_SIGNATURE_ROLE = re.compile(r"^([A-Za-z][\w &/-]{1,40}),\s+([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})$")


def signature_role(line: str) -> tuple[str | None, str | None]:
    """("Talent Acquisition", "Brightline") from a signature line "Talent Acquisition, Brightline"."""
    match = _SIGNATURE_ROLE.match(line)
    return (match.group(1), match.group(2)) if match else (None, None)


def is_subject(name: str, sentence: str) -> bool:
    """Whether the sentence speaks of `name` itself: it opens with them, or names them after a role or a hire."""
    at = sentence.find(name)
    before = sentence[:at]
    return len(before.split()) <= 2 or bool(_ROLE_BEFORE.search(before) or _HIRED_BEFORE.search(before))


# A first name alone is someone only where the words around it say so (never a capitalised word on its own):
ONE_NAME = rf"(?P<name>{_NAME_WORD})(?!['’]s\b)(?![\w'’-])"
_SPEECH = (r"said|says|told|tells|mentioned|explained|confirmed|thinks|thought|suggested|recommended|advised|asked|"
           r"wrote|replied|emailed|messaged|texted|called|rang|pinged|offered|promised|admitted|warned|hinted|shared|"
           r"reckons|agreed|noted|added|connected|followed up|reached out|got back|dm'd|dmed")
# Each cue: the words before a first name (matched up to it) and after it (matched from it). Only the capitalised
# words of a sentence are tried, so most sentences cost one scan.
_FIRST_NAME_CUES: list[tuple[re.Pattern[str] | None, re.Pattern[str], int]] = [
    # "Priya from ops said", "Sam from Acme": someone from a team or a company
    (None, re.compile(rf"\s+(?:(?:from|in|on)\s+(?:the\s+)?(?:[a-z][\w&-]*\s+)?(?:team|ops|operations|hr|ta|"
                      rf"finance|engineering|product|sales|marketing|data|design|legal|it|recruiting|talent|people|"
                      rf"support|analytics|logistics|procurement|quality|research)|from\s+(?:the\s+)?[A-Z][\w&'’-]+)"
                      rf"\b(?=.*\b(?:{_SPEECH}|is|was|runs|leads|manages|works|seemed|seems)\b)"), 0),
    # "Sam (recruiter)", "Jonas, the hiring manager", "Marta - HR business partner", "Dev = their analytics lead"
    (None, re.compile(rf"\s*(?:\(\s*|,\s+|\s[-–—]\s+|\s*=\s*)(?:(?:the|their|our|a|an|my|his|her)\s+)?"
                      rf"(?i:(?:[\w/&-]+\s+){{0,3}}?(?:{JOB_WORD}|hr|ta|hm|recruiting|talent)s?)\b"
                      # the role ends there: "Tableau (analyst tool)" names a tool, not someone
                      rf"(?=\s*(?:[),;.:!?@]|$|\s+(?i:at|for|on|in|of|from|who|and|there|now)\b|\s[-–—]))"), 0),
    # "Priya said", "Jonas thinks", "Sam told me": someone speaking (a company speaking is dropped by its name)
    (re.compile(r"(?:^|[.;:(]\s+|\s(?:--|[-–—])\s+|\b(?:and|but|so|then|also|plus)\s+|^[-*•]\s+)$"),
     re.compile(rf"\s+(?:(?:also|then|just|finally|later|even|apparently|had|has)\s+)?(?:{_SPEECH})\b"), 8),
    # "my mate Liam", "an old friend, Priya,": someone close to the user, named
    (re.compile(r"\b(?i:my|our|an?)\s+(?i:(?:old|good|best|close|uni|school)\s+)*(?i:mate|friend|pal|buddy|cousin|"
                r"neighbou?r|flatmate|classmate|ex-colleague|former colleague|colleague)[ \t,]+$"),
     re.compile(r"(?=[\s,.;:!?)]|$)"), 40),
    # "Per Jonas,", "according to Priya", "heard from Sam that"
    (re.compile(r"\b(?i:per|according to|heard from|via)\s+$"), re.compile(r"\s*(?:[,:]|\s+(?i:that)\b)"), 16),
    # "Hi Marta," opening a pasted message: the one it is written to
    (re.compile(r"^\s*(?i:hi|hello|hey|dear|morning|good morning|good afternoon)\s+$"), re.compile(r"\s*[,!:–—]"),
     20),
    # "coffee w/ Sam", "call with Marta on Tue", "met Priya", "spoke to Jonas", "lunch with Ana"
    (re.compile(r"\b(?i:coffee|call|chat|lunch|dinner|breakfast|drinks|beers|walk|zoom|teams call|meeting|catch-?up|"
                r"1:1|1-1|one-on-one|sync|standup|met|met up with|spoke|talked|chatted|asked|told|invited|introduced|"
                r"caught up|phoned|emailed|messaged|texted|pinged|rang|dm'?d|thanked|wrote to|reached out to)"
                r"\s+(?i:(?:with|w/|to|up with)\s+)?$"),
     re.compile(r"(?=\s*(?:[,.;:()!?]|$|\s+(?:on|at|from|about|re|today|yesterday|last|this|in|who|and|to|for|"
                r"whether|if|I|I'd|I’d|-|–|—)(?![\w'’])))"), 24),
]
_CANDIDATE = guarded(rf"(?<![\w@.]){ONE_NAME}")
_JOB = re.compile(JOB_WORD, re.I)
_NEXT_WORD = re.compile(rf"\s+{_NAME_WORD}")
# Capitalised words that take a first name's place in those shapes and are nobody: a thing sent, a stage, a pronoun.
_NOT_A_FIRST_NAME = frozenset(
    """
email mail call feedback update message reply response note news offer letter invite text ping post job role
interview screen panel onsite loop round final recruiter manager team company someone everyone nobody they
she he it we you i me us them her him this that there here today yesterday tomorrow linkedin slack zoom teams
whatsapp google coffee lunch chat thanks thank yes no ok okay also then and but so per hi hey hello dear best
cheers regards sent received applied rejected heard spoke met called emailed asked said saw management leadership
finance procurement facilities payroll admin board hiring recruiting legal security compliance everybody anyone
mum mom dad mother father wife husband brother sister friend friends boss colleague colleagues mentor coach family
glassdoor reddit indeed blind article website site post report survey study docs chatgpt gpt claude ai bot
workday greenhouse lever taleo icims ashby jira confluence notion excel tableau salesforce sap outlook gmail calendly
portal system dashboard app website careers
""".split()  # noqa: SIM905
)


# A capitalised word shaped like a common noun, no given name: "Forecasting", "Operations", "Partnerships".
_WORD_SHAPE = re.compile(r"^\w{4,}(?:ing|tion|tions|sion|ment|ments|ness|ity|ics|ance|ence|ship|ships|ware|ology|ism)$")


@lru_cache(maxsize=20_000)
def first_names_in(sentence: str) -> tuple[str, ...]:
    """First names written alone where the words around them make them someone ("Priya from ops said ...")."""
    found = []
    for match in _CANDIDATE.finditer(sentence):
        name, start, end = match.group("name"), match.start(), match.end()
        if sentence[end : end + 1].isupper() or _never_a_first_name(name) or not _cued(sentence, start, end):
            continue
        # A word of a full name ("Priya Nair said", "Priya Nair - head of ops") is that person, read as a full name.
        previous = [w.lstrip("([\"'“‘") for w in sentence[:start].split()[-1:]]  # "(Lisa Park, TA)": Lisa's surname
        if _NEXT_WORD.match(sentence, end) and looks_like_name(
                name + " " + sentence[end:].split()[0].strip(",.;:()")):
            continue
        if previous and previous[0].casefold() not in _OPENERS and looks_like_name(f"{previous[0]} {name}"):
            continue
        found.append(name)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _never_a_first_name(word: str) -> bool:
    """Whether a capitalised word is no first name whatever surrounds it: a word of an organisation, a thing, a job,
    an initial, a common noun's shape."""
    return bool(word.casefold().strip(".") in _NOT_A_PERSON or word.casefold() in _NOT_A_FIRST_NAME
                or word.endswith(".") or _JOB.fullmatch(word) or _WORD_SHAPE.search(word))


def _cued(sentence: str, start: int, end: int) -> bool:
    """Whether the words around `sentence[start:end]` make it someone, by one of the first-name cues."""
    for before, after, window in _FIRST_NAME_CUES:  # the words after first: most cues fail there at once
        # the words before are looked for only in the few characters a cue can take ("according to ", "met up with ")
        if after.match(sentence, end) and (before is None or before.search(sentence, max(0, start - window), start)):
            return True
    return False
