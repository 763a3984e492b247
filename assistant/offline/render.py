"""Facts as sentences a person would write: tidy the note's words, then say them in the user's voice.

Every function takes one typed fact (a clause or a noun phrase from the case file) and returns a complete
sentence or phrase, or None when the fact cannot be said cleanly (text addressed to the user, say): a letter
leaves such a fact out rather than paste it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from assistant.shorthand import expand
from assistant.text import MONTH_WORDS, WEEKDAY_WORDS

# Words that mean the text speaks to the reader: in a note, that reader was the user, never the recipient.
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|you're|you've|you'd|you'll)\b", re.IGNORECASE)
_DETERMINER = re.compile(r"(?:(?:a|an|the|my|our|their|his|her|its|this|that|these|those|some|one|two|three|four|"
                         r"five)\s|\d|\$)", re.IGNORECASE)
_PAST = frozenset({
    "built", "ran", "wrote", "led", "won", "took", "got", "made", "taught", "began", "grew", "cut", "sold",
    "brought", "spoke", "gave", "set", "found", "held", "drove", "became", "learned", "learnt", "did", "passed",
    "shipped", "finished", "completed", "earned", "launched", "closed", "published", "presented", "mentored",
    "designed", "rewrote", "migrated", "automated", "moved", "reduced", "raised", "hired", "trained", "co-wrote",
    "co-led", "kept", "spent", "read", "sped", "rebuilt", "met", "joined", "started", "volunteered",
})  # fmt: skip
_NOT_VERBS = frozenset({"need", "speed", "seed", "red", "bed", "hundred", "bred", "shed", "feed", "weed"})
# Third person -> second person, for a verb that follows "you".
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "says": "say", "goes": "go"}
_ADVERBS = frozenset({"always", "often", "also", "still", "really", "clearly", "recently", "usually", "later",
                      "then", "once", "openly", "kindly"})
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_SPEECH = r"(?:said|mentioned|told me|explained|noted|asked|talked about|described|shared|offered)"


@functools.lru_cache(maxsize=1 << 14)  # every letter tidies every progress line of the folder to rank them
def tidy(text: str) -> str:
    """One line, no bullet marks or Markdown, shorthand written out, quotes balanced, no trailing stop."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:[-*•>]+|\d+[.)](?!\d))\s*", "", text)  # never the "12." of "12.11 passed ..."
    # A date written the short way is said by the letter's own frame ("In October, ..."), never copied.
    text = re.sub(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)(?:[:,]|\s[–—-])?\s+", "",
                  text)  # "11/3: ", "12.11 - ", "2026.10.20: "
    text = re.sub(rf"^(?i:{MONTH_WORDS})\.?\s*[-–—]\s*(?i:{MONTH_WORDS})\.?\s*:\s+", "", text)  # "Oct-Nov: "
    text = re.sub(rf"^(?i:{WEEKDAY_WORDS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*[:,–—-]\s+", "",
                  text)  # "Wed 30 — " (a diary's day)
    text = re.sub(rf"^(?i:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?"
                  r"\s*[:,–—-]\s+", "", text)
    # "since nov doing the X course": the letter says since when ("Since November, I have been doing ...")
    text = re.sub(rf"^(?i:since|from)\s+(?i:{MONTH_WORDS})\.?\s+(?=\w+ing\b)", "", text)
    text = re.sub(rf"^(?i:{MONTH_WORDS})\.?\s*(?::|\s[–—-])\s+", "", text)  # "Apr: finished ...", "Oct - ran ..."
    text = re.sub(r",?\s+(?:on|by)\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", "", text)

    # ... and so is one in brackets: "passed the exam (Nov 2026)", "(Oct 2)", "(14/10)", "(done 11/14)".
    text = re.sub(rf"\s*\((?:(?:done|finished|completed|passed|submitted|shipped|launched)\s+)?"
                  rf"(?:(?:early|mid|late)[\s-]+)?(?:{MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+'?\d{{2,4}})?"
                  rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)\)",
                  "", text)
    text = re.sub(r"\s*\((?:per|via|from|according to|h/t|thanks to)\b[^)]*\)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = expand(text)
    text = human_dates(text)
    text = balance(text)
    return text.strip(" ;,:-–—").rstrip(".").strip()


def balance(text: str) -> str:
    """Drop quote marks and brackets that do not come in pairs: a half-quoted fact is worse than none."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text


def human_dates(text: str) -> str:
    """Write ISO dates as people do: 2026-10-15 -> October 15."""

    def spell(match: re.Match[str]) -> str:
        try:
            day = dt.date.fromisoformat(match.group(0))
        except ValueError:
            return match.group(0)
        return f"{calendar.month_name[day.month]} {day.day}"

    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", spell, text)


def addressed_to_user(text: str) -> bool:
    """Does the text speak to someone as "you" (in a note, that someone was the user)?"""
    return _SECOND_PERSON.search(text) is not None


def sentence(text: str) -> str:
    """Capitalise the first letter and end with one full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def lower_first(text: str) -> str:
    """Lower-case the first letter unless it starts a name or an acronym ("Kafka", "SQL", "I")."""
    first = text.split(" ", 1)[0]
    if first == "I" or first[1:2].isupper() or not first[:1].isupper():
        return text
    return text[:1].lower() + text[1:] if first.lower() in _COMMON_STARTS else text


_COMMON_STARTS = frozenset({
    "a", "an", "the", "my", "our", "their", "his", "her", "its", "this", "that", "these", "those", "some", "one",
    "built", "ran", "wrote", "led", "won", "shipped", "passed", "finished", "completed", "earned", "launched",
    "closed", "took", "got", "made", "also", "recently", "then", "since", "after", "before", "how", "what", "why",
    "when", "whether", "which", "who", "more", "less", "better", "faster", "asked", "said", "talked", "cares",
    "struggles", "offered", "mentioned", "is", "was", "has", "had", "wants", "needs", "helping", "moving",
    "building", "migrating", "making", "getting", "reducing", "cutting", "improving", "running", "writing",
    "creating", "designing", "testing", "hiring", "data", "new", "big", "small", "clear", "clean", "fast",
    "reliable", "duplicate", "noisy", "late", "real", "open", "good", "great", "practical", "careful", *_PAST,
})  # fmt: skip


# Words in -ing that name a thing, not what someone is doing ("Training budget approved" is no "I have been ...").
_ING_NOUNS = frozenset({"thing", "bring", "sting", "swing", "sling", "fling", "cling", "wring",
                        "training", "meeting", "morning", "evening", "something", "everything", "nothing", "spring",
                        "string", "offering", "wedding", "building", "listing", "posting", "opening", "funding",
                        "setting", "pricing", "onboarding", "marketing", "engineering", "accounting", "nursing"})


def _lower_word(text: str) -> str:
    """Lower-case a first word that is plainly not a name ("At my contract ..." -> "at my contract ...")."""
    first = text.split(" ", 1)[0]
    plain = first.casefold() in _COMMON_STARTS or first.casefold() in {
        "at", "in", "on", "for", "with", "during", "while", "as", "over", "through", "across", "within"}
    return text[:1].lower() + text[1:] if plain and first[1:2].islower() else text


def month(day: dt.date | None) -> str:
    """The month a date falls in, as people say it: "October"."""
    return calendar.month_name[day.month] if day else ""


def with_article(phrase: str) -> str:
    """Put "a"/"an" before a bare noun phrase ("A/B test on ..." -> "an A/B test on ...")."""
    first = phrase.split(" ", 1)[0]
    if _DETERMINER.match(phrase) or (first[:1].isupper() and "/" not in first and not first.isupper()):
        return phrase
    if first.isupper() and len(first) > 1 and "/" not in first:
        article = "an" if first[0] in "AEFHILMNORSX" else "a"
    else:
        article = "an" if first[:1].lower() in "aeiou" else "a"
    return f"{article} {phrase}"


def my_sentence(what: str, *, when: dt.date | None = None, style: int = 0, leading: bool = True) -> str | None:
    """Progress in the user's voice, as one sentence: "Shipped X" -> "In October, I shipped X."; None if unusable.

    `style` varies where the date goes (0: "In October, I ...", 1: "I ... in October." or "Back in October, I ...",
    2: "Recently, I ..."), so letters to different people do not repeat one sentence word for word. A sentence
    that is not the `leading` item of progress gets "also" instead of a date it already carries.
    """
    text = tidy(what)
    if not text or addressed_to_user(text) or len(text.split()) > 45:
        return None
    text = re.sub(r"^i\b", "I", text)
    # "Since then I've done the X course": the letter says when; "I've done the X" is "I did the X"
    # ... and so do a spoken memo's fillers and its "since the X thing" ("so since the Brightline thing I closed ...")
    text = re.sub(r"^(?:(?:so|and|ok|okay|um|uh|anyway|well|plus)\b,?\s+)*", "", text, flags=re.I)
    text = re.sub(r"^(?:since then|since|after that|meanwhile|lately|(?:since|after) (?:the|that|my) [^,]{1,30}?)"
                  r"\s*,?\s+(?=I\b)", "", text, flags=re.I)
    # "... last week", "... yesterday": a day counted from the note's writing, not the letter's: the frame says when
    text = re.sub(r"\s+(?:last|this) (?:week|month)\b|\s+(?:yesterday|today|recently)\b(?=\s*(?:[,.;]|$))", "", text)
    text = re.sub(r"^I(?:'ve| have) done\b", "I did", text)
    done = _DONE_AFTER.match(text)  # "X cert, passed Nov 2" -> "passed the X cert"
    if done:
        thing = lower_first(_BOOKED_END.sub("", _BOOKED.sub("", done.group("what"))))
        thing = re.sub(rf"\s+(?:for|in)\s+(?i:{MONTH_WORDS})\.?$", "", thing)  # "... course for November" (booked)
        named = _AWARD.search(thing) and (  # "the Databricks Spark developer cert", "the 18th edition course"
            not _DETERMINER.match(thing) or re.match(r"\d+(?:st|nd|rd|th)\b", thing))
        text = f"{done.group('verb').lower()} {'the ' + thing if named else with_article(thing)}"
    passive = re.match(r"My (.+?),? (?:was|got) (merged|published|accepted|released|adopted|approved|featured|"
                       r"selected|deployed|launched)\b(.*)", text)
    if passive:
        text = f"I built my {passive.group(1)}, and it was {passive.group(2)}{passive.group(3)}"
    first = text.split(" ", 1)[0].rstrip(",").casefold()
    ongoing = first.endswith("ing") and len(first) > 4 and first not in _ING_NOUNS  # "doing the X course"
    if re.match(r"I\b|I'(?:ve|m|d)\b|We\b|My\b|Our\b", text) or re.search(r"(?:^|,\s|\s)I\s+[a-z]", text):
        # "At my contract with Harbor I built ..." needs its comma: "At my contract with Harbor, I built ...".
        said = re.sub(r"^((?:At|In|During|For|While|As|With|On|Through|Over|After)\s[^,]{3,60}?)\s+I\s", r"\1, I ",
                      text)
    elif (first in _PAST or first in {"have", "had", "am", "was", "also", "recently"}
          or (first.endswith("ed") and len(first) > 4 and first not in _NOT_VERBS)):
        # the verb it starts with, in lower case whatever its case in the notes ("Shadowed a mock audit")
        said = f"I {text[:1].lower() + text[1:] if not text[1:2].isupper() else text}"
    elif ongoing:
        said = f"I have been {text[:1].lower()}{text[1:]}"  # "chairing the review group since May": what I do now
    else:
        said = _noun_phrase_sentence(text)
    said = re.sub(r"\b(finished|completed|earned|passed|got) ([A-Z][\w-]+ certification)\b", r"\1 the \2", said)
    dated = re.search(rf"\b(?:{'|'.join(calendar.month_name[1:])}|\d{{4}})\b", said) is not None
    if (dated or not when) and not leading:
        lead = ("I also ", "On top of that, I ", "Alongside that, I ")[style % 3]
        return sentence(re.sub(r"^I (?:also )?", lead, said)) if said.startswith("I ") else sentence(said)
    if dated or not when:
        lead = ("", "For example, ", "One concrete result: ")[style % 3]
        return sentence(f"{lead}{_lower_word(said) if lead.endswith(', ') else said}")
    if ongoing:
        said = f"Since {month(when)}, {said}"  # going on since then: never "In October, I have been ..."
    elif style % 3 == 2:
        said = f"Recently, {_lower_word(said)}"
    elif when and not dated:
        if style % 3 == 1 and "," not in said and not said.endswith(")") and len(said.split()) <= 16:
            said = f"{said} in {month(when)}"
        elif style % 3 == 1:
            said = f"Back in {month(when)}, {_lower_word(said)}"
        else:
            said = f"In {month(when)}, {_lower_word(said)}"
    return sentence(said)


# What was done, then ", passed it 20/11": the thing, the verb that says it was done, and its day.
_DONE_AFTER = re.compile(rf"^(?P<what>.+?),\s*(?:then\s+)?(?P<verb>passed|finished|completed)(?:\s+(?:it|on))*\s+"
                         rf"(?i:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}|"
                         r"\d{1,2}[/.]\d{1,2})(?:[/.,]?\s*\d{2,4})?\s*$", re.I)
_BOOKED = re.compile(r"^(?:booked|took|started|signed up for|enrolled (?:in|on))\s+", re.I)
_BOOKED_END = re.compile(r"\s+(?:booked|done|started)$", re.I)
# What one completes: a course, an exam, a placement ("the 18th edition course", "completed the IAM certificate").
_COURSE = (r"cert\w*|course|exam|module|licen[cs]e|degree|diploma|qualification|bootcamp|programme|program|training|"
           r"rotation|placement|secondment|internship|attachment|residency|apprenticeship|shadowing")
_AWARD = re.compile(rf"\b(?:{_COURSE})$", re.I)
_COURSE_IN = re.compile(rf"\b(?:{_COURSE})\b")


def _noun_phrase_sentence(phrase: str) -> str:
    """A bare result ("A/B test: 8,400 users, completion 61% to 74%") said as something I did."""
    head, _, rest = phrase.partition(": ")
    body = f"{head} ({rest})" if rest and "(" not in rest else phrase
    low = head.casefold()
    if _COURSE_IN.search(low):
        verb = "completed"
    elif re.search(r"\b(?:deal|contract|sale|account)\b", low):
        verb = "closed"
    elif re.search(r"\b(?:talk|paper|article|post|book|guide)\b", low):
        verb = "wrote"
    else:
        verb = "ran" if re.search(r"\b(?:test|study|experiment|pilot|survey|workshop|trial)\b", low) else "built"
    if verb == "completed" and head[:1].isupper():
        certificate = " certification" if re.search(r"\bCertified\b", head) and "certif" not in low.replace(
            "certified", "") else ""
        return f"I completed the {body}{certificate}"
    return f"I {verb} {with_article(lower_first(body))}"


def to_you(clause: str, *, name: str) -> str | None:
    """A clause about the recipient ("asked how I would alert on late data") said to them ("you asked how ...").

    None when the clause was addressed to the user ("loved your empathy") or cannot be turned around.
    """
    text = tidy(clause)
    if not text or addressed_to_user(text):
        return None
    first = name.split()[0]
    names = "|".join(re.escape(n) for n in (name, first))
    text = re.sub(rf"^(?:{names}|she|he|they)\s+", "", text, flags=re.IGNORECASE)
    if re.match(rf"(?:{names})\b", text):
        return None
    text = re.sub(rf"\b(?:{names})'s\b", "your", text)
    text = re.sub(rf"\b(?:{names})\b", "you", text)
    # One thought: "you said they could use a hand with X" ends before ", nobody there has time to ...".
    text = re.split(r",? and that\b|;\s|\.\s|,\s+(?:nobody|no one|no-one|there|which|so|they|we|it)\b", text)[0]
    text = _swap_pronouns(text)
    words = text.split(" ")
    at = 1 if words[0].casefold() in _ADVERBS and len(words) > 1 else 0
    words[at] = _second_person_verb(words[at])
    text = " ".join(words)
    text = re.sub(r"\b(you) (\w+)\b", lambda m: f"{m.group(1)} {_second_person_verb(m.group(2))}", text)
    # "said happy to grab a coffee" (a message told in short): "said you would be happy to grab a coffee"
    text = re.sub(r"^(said|wrote|mentioned)\s+(happy|glad|keen|pleased|delighted)\s+to\b", r"\1 you would be \2 to",
                  text)
    return f"you {lower_first(text)}"


# Where an offer starts in a sentence about the person: "..., she said she'd happily mention my name to Owen".
_OFFER_VERB = (r"(?:said|says|told me|mentioned|promised|offered|reckons|reckoned|thinks|thought|would|will|could|can|"
               r"might|is happy|was happy|is glad|was glad|is willing|was willing|happy|glad|willing|keen)")


def offer_to_you(quote: str, *, name: str) -> str | None:
    """The words in which someone offered to recommend the user, said back to them ("you said you'd ...")."""
    first = name.split()[0]
    text = re.sub(r",?\s+(?:she|he|they)\s+(?:said|says|reckons|thinks)$", "", tidy(quote), flags=re.IGNORECASE)
    subject = re.compile(rf"(?:^|\b)(?:she|he|they|{re.escape(first)}|{re.escape(name)})(?P<aux>['’](?:d|ll))?\s+",
                         re.IGNORECASE)
    starts = [m for m in subject.finditer(text)
              if m.group("aux") or re.match(_OFFER_VERB + r"\b", text[m.end():], re.IGNORECASE)]
    if starts:
        at, aux = starts[-1].end(), starts[-1].group("aux")
    elif re.match(_OFFER_VERB + r"\b", text, re.IGNORECASE):
        at, aux = 0, None  # a bullet under their name: "- said she'd ping Marcus w/ my name"
    else:
        return None
    text = re.split(r";\s|\.\s|,\s+(?:but|though|and I)\b", text[at:])[0].strip(" ,")
    if aux:
        text = f"said she would {text}"
    elif re.match(r"(?:happy|glad|willing|keen)\b", text, re.IGNORECASE):
        text = f"said she was {text}"
    elif re.match(r"(?:would|will|could|can|might)\b", text, re.IGNORECASE):
        text = "said she " + re.sub(r"^(?:will|can)\b", lambda m: {"will": "would", "can": "could"}[m.group(0).lower()],
                                    text, flags=re.IGNORECASE)
    said = to_you(text, name=name)
    if not said or len(said.split()) > 30 or not re.match(
            r"you (?:kindly )?(?:said|offered|told me|mentioned|promised|reckoned|thought)\b", said):
        return None
    return re.sub(r"^you (?:reckoned|thought)\b", "you said", said)


def about_them(clause: str, *, name: str) -> str | None:
    """A clause about something else that mentions the recipient ("it is the problem she described"), to them."""
    text = tidy(clause)
    if not text or addressed_to_user(text):
        return None
    first = name.split()[0]
    text = re.sub(rf"\b(?:{re.escape(name)}|{re.escape(first)})'s\b", "your", text)
    text = re.sub(rf"\b(?:{re.escape(name)}|{re.escape(first)})\b", "you", text)
    text = re.sub(r"\b(you) (\w+)\b", lambda m: f"{m.group(1)} {_second_person_verb(m.group(2))}", _swap_pronouns(text))
    return lower_first(text)


def _swap_pronouns(text: str) -> str:
    """He, she, his, her and their are the recipient; "they" and "them" may be anyone, so they stay."""
    text = re.sub(r"\btheir\b(?=\s+\w)", "your", text)
    text = re.sub(r"\bhis\b(?=\s+\w)", "your", text)
    text = re.sub(r"\bher\b(?=\s+(?!(?:if|and|to|for|about|that|when|so|but|a|an|the|in|on|at|with)\b)[a-z])",
                  "your", text)
    text = re.sub(r"\b(?:him|her)\b", "you", text)
    text = re.sub(r"\b(?:himself|herself)\b", "yourself", text)
    return re.sub(r"\b(?:she|he)\b", "you", text)


def _second_person_verb(word: str) -> str:
    low = word.casefold()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if not re.fullmatch(r"[a-z]+s", low) or low.endswith(("ss", "us", "is")) or len(low) < 4:
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:sh|ch|x|zz|ss|o)es$", low):
        return word[:-2]
    return word[:-1]


def object_of(clause: str) -> str | None:
    """What a remark is about, as a noun phrase: "struggles with noisy alerts: 300 a week" -> "noisy alerts"."""
    text = tidy(clause)
    if addressed_to_user(text):
        return None
    match = re.search(r"\b(?:cares?(?: a lot| deeply| most)? about|struggles? with|worr(?:y|ies) about|values?|"
                      r"focus(?:es)? on|needs?|wants?|is reading about|talked about|asked about|is keen on|"
                      r"is interested in|prioriti[sz]es?)\s+(.+)", text, re.IGNORECASE)
    if not match:
        return None
    phrase = re.split(r"[:;]|,\s+(?:and|but|so)\b|\s+-\s+|\s+—\s+", match.group(1))[0].strip(" ,.")
    phrase = _HOW_LONG.sub("", phrase)  # "the Rotterdam hub for 20 min": how long they talked is no part of it
    phrase = re.sub(r"\b(?:his|her|their)\b", "your", phrase)
    if not phrase or len(phrase.split()) > 16 or re.search(rf"\b{_SPEECH}\b", phrase):
        return None
    return phrase


_HOW_LONG = re.compile(r"\s+for\s+(?:about\s+|over\s+|nearly\s+)?(?:\d+|an?|half an|a couple of|ages|hours|a while|"
                       r"ever)\s*(?:min(?:ute)?s?|hours?|hrs?|while|ages|ever)?\b\.?$", re.I)
_FINITE = re.compile(r"\b(?:had|has|have|was|were|is|are|did|does|said|told|wanted|needed|lacked|chose|hired)\b")


def gap_phrase(gap: str) -> str | None:
    """The gap as a noun phrase to work on ("hands-on streaming experience"), or None when it is a clause."""
    text = tidy(re.split(r"(?<=[.!?])\s|:\s", gap.strip())[0])
    wanted = re.search(r"\bsomeone (?:with|who has|who had|who knows)\s+(?:more\s+)?(.+)", text)
    if wanted:
        text = re.split(r",\s+(?:especially|including|particularly|mainly|mostly)\b", wanted.group(1))[0]
    elif re.match(r"(?:they|we|he|she|the panel|the team|the other|another)\b", text, re.IGNORECASE):
        return None
    text = text.replace(" / ", " and ")
    text = re.sub(r"^(?:I\s+|my\s+)?(?:had no|have no|lacked|lack|no|not enough|little|limited|more|missing|a lack "
                  r"of)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:more\s+)?(?:depth|experience|expertise|knowledge|background|exposure)\s+(?:on|in|with|of)\s+",
                  "", text, flags=re.IGNORECASE)
    if not text or addressed_to_user(text) or len(text.split()) > 12 or _FINITE.search(text):
        return None
    return lower_first(text)


def reason_clause(reason: str) -> str | None:
    """The reason as a clause to report ("the other candidate had run Kafka in production"), or None."""
    text = tidy(re.split(r"(?<=[.!?])\s|:\s", reason.strip())[0])
    text = re.sub(r"^(?:[A-Z][a-z]+\s+)?(?:said|told me|explained|wrote)(?:\s+that)?\s+", "", text)
    text = re.split(r",?\s+and (?:the|our|their|his|her) team\b|;\s", text)[0].strip(" ,")
    if not text or addressed_to_user(text) or len(text.split()) > 26 or re.search(r"\.\.\.|…", text):
        return None
    return lower_first(text)


def clause_after(clause: str, verb: str) -> str | None:
    """The rest of a clause after its verb: ("offered to put my name forward", "offered to") -> "put my name ..."."""
    text = tidy(clause)
    match = re.search(rf"\b{verb}\s+(.+)", text, re.IGNORECASE)
    return match.group(1).strip() if match else None
