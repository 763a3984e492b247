"""A person's part in the campaign, read from the words about them: a few general rules, then meaning.

Front matter wins (`tags: [insider]`, a `relationship:` the rules read). Otherwise each sentence about a person is
compared by meaning (the bundled WordLlama embeddings) with short descriptions of each part; the best part counts
when it is close enough (THRESHOLD) and clearly ahead of the next (MARGIN). Both numbers were chosen on the
labelled phrasings in tests/data/part_phrasings.yaml (`python scripts/part_phrasings.py` prints precision and
recall per part); the descriptions below are written for the idea, not copied from that set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from assistant.casefile import PARTS, Part
from assistant.patterns import any_word, guarded
from assistant.reading.blas import similarity_matrix
from assistant.text import content_words, fold, folding

if TYPE_CHECKING:
    from assistant.embeddings import Embedder

THRESHOLD = 0.38
MARGIN = 0.06

# Short descriptions of each part, several ways, in the user's voice.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "got-the-job": (
        "the person who was hired for the job I wanted",
        "they picked her over me",
        "got the offer instead of me",
        "the candidate who beat me to the position",
        "started in the role I interviewed for",
        "the new hire in the job I applied to",
        "won the role I was going for",
    ),
    "hiring-manager": (
        "the hiring manager for the opening",
        "the manager who makes the hiring decision",
        "would have been my boss",
        "the role reports to him",
        "owns the headcount and decides who is hired",
        "leads the team that is hiring",
    ),
    "manager-i-liked": (
        "a manager I liked a lot",
        "we got along really well",
        "great rapport with her in the interview",
        "we hit it off",
        "warm and kind, I enjoyed talking to him",
        "a manager I would love to work for",
    ),
    "insider": (
        "could recommend me internally",
        "offered to refer me",
        "would speak up for me to the team",
        "could pass my resume to the hiring manager",
        "someone who works there and can introduce me",
        "happy to put in a good word for me",
        "my contact on the inside",
        "said she would vouch for me",
    ),
    "recruiter": (
        "the recruiter who ran my process",
        "talent acquisition partner",
        "the HR person scheduling interviews",
        "the sourcer who reached out on LinkedIn",
        "the recruiting coordinator",
        "people team contact for hiring",
        "from HR, called me with the outcome",
    ),
    # No part: what notes also say about people and companies. A text nearest to these gets no part.
    "other": (
        "an engineer on the team",
        "works on the product",
        "the company posted a new job opening",
        "the team shipped a new release",
        "a staff lead at the company",
        "talked about their roadmap",
        "someone I met once at an event",
        "interviewed me in one round",
        "polite when we spoke briefly",
    ),
}

# Rules that say the part in so many words; each is general, not a phrase of one note.
# "would", as notes also write it ("wd", "wld", "shd"), with a "have" after it or not ("wld've", "would of").
_WOULD = r"(?:\b(?:would|wd|wld|wud|should|shd|shld|was going to|will)|'d|’d)(?:\s+have|['’]ve|\s+of)?"
RULES: dict[str, tuple[str, ...]] = {
    "got-the-job": (
        # ... not "she told me who got the job": who got it is someone else
        r"(?<!\bwho )(?<!\bwhoever )\b(?:got|took|landed|won|filled|accepted) (?:the|my|that) (?:[\w-]+ ){0,4}"
        r"(?:job|role|position|offer|seat|spot)\b",
        r"\b(?:was|were|got|been) (?:hired|picked|chosen|selected)\b(?! manager)",
        r"\bhired (?:instead|over me)\b",
        r"\b(?:hired|chose|picked|selected|went with) (?:her|him|them)\b",
        r"\b(?:hired|chose|picked|selected|went with) [A-Z]\w+(?: [A-Z]\w+)? (?:instead|over me)\b",
        r"\bgave (?:the|my|that) (?:[\w-]+ )?(?:job|role|position|offer|seat) to\b",
        r"\binstead of me\b",
        r"\bover me\b",
        r"\b(?:probably|prob|must be|likely|surely|guess (?:she|he)['’]s|think (?:she|he)['’]s|is|was) "
        r"the (?:new )?hire\b",
        # A label naming the one chosen: "The person who got it: <Name>", "Successful candidate - <Name>".
        r"\b(?:person|one|candidate|applicant|guy|woman|man|girl|lady|bloke|chap)\s+(?:who|that)\s+(?:got|landed|took|"
        r"won)\s+it\b",
        r"^\W*(?:the\s+)?(?:successful (?:candidate|applicant)|new hire)\s*[:–—-]",
        # "the person they hired", "the one they went with"
        r"\b(?:person|one|candidate|applicant|guy|woman|man|lady|bloke|chap)\s+(?:(?:who|that|whom)\s+)?they\s+"
        r"(?:hired|picked|chose|went with|selected|took|offered it to)\b",
    ),
    # Before the hiring manager and the recruiter: "could get my CV to the hiring manager" is an insider.
    "insider": (
        r"\b(?:recommend|refer|vouch for|introduce|intro|mention|flag|nominate|back) me\b",
        # "happy to vouch", "she'd vouch": never the user vouching for someone ("I can vouch for the coffee").
        r"(?<!\bI )(?<!\bI'd )(?<!\bI’d )(?<!\bI would )(?<!\bI can )\bvouch(?:es|ed|ing)?\b",
        r"\bput (?:my name|me) forward\b",
        r"\b(?:pass|walk|send|forward|hand|bring|take|get|put|flag)(?:ed|s)? (?:my|the) "
        r"(?:resume|résumé|cv|application|profile|portfolio|details|reel|work samples)\b",
        r"\b(?:referral|good word|kind word|on the inside|an intro|an introduction)\b",
        r"\bput in a (?:good |kind )?word\b", r"\bput a (?:good |kind )?word in\b",
        # Speaking up for the user in other words: "talk me up", "go to bat for me", "put me in touch with".
        r"\b(?:talk|talks|talked|talking) me up\b", r"\b(?:go|went|goes|going) to bat for me\b",
        r"\b(?:speak|speaks|spoke|speaking) (?:up )?(?:to \w+ )?for me\b",
        r"\b(?:pushed|pushes|pushing|fought|fights|argued|argues|lobbied|batted) (?:hard |really hard )?for me\b",
        r"\bput(?:s|ting)? me (?:in touch with|in front of)\b",
        r"\b(?:get|got|gets|getting) me (?:an interview|in front of|in the door|a (?:chat|call|coffee) with|seen|heard|"
        r"considered|noticed|looked at)\b",
        r"\b(?:tell|tells|told|let|lets|nudge|nudged|remind|ping|pinged|brief|email|message|text|speak to|talk to) "
        r"(?:the |her |him |them |[A-Z]\w+ )(?:[\w-]+ ){0,2}(?:know )?about me\b",
        r"\bstick (?:his|her|their) neck out for me\b", r"\buse (?:her|his|their) name\b",
        r"\bback (?:my|me) (?:application|cv|candidacy|up)\b",
        r"\b(?:mention|drop|pass|put|give|send|share|flag)\w* (?:on |along )?my name\b",
        r"\b(?:w/|with) my name\b",
        r"\bmention(?:s|ed)? me to\b",
        # a referee: "happy to write me a reference", "said she'd be my referee"
        r"\b(?:write|give|provide|do)\s+(?:me\s+)?(?:a\s+)?(?:reference|referee letter|recommendation)\b",
        r"\bbe my (?:referee|reference)\b",
        # Someone close to the user who works there: "my mate Liam works for Harwell", "an old uni friend, works in
        # Kestrel finance" (a bridge inside, whether or not they offered yet)
        r"\b(?:my|our|an?)\s+(?:old\s+|good\s+|best\s+|close\s+|uni\s+|school\s+)*(?:mate|friend|pal|buddy|cousin|"
        r"neighbou?r|flatmate|classmate|ex-colleague|former colleague|colleague)\b[^.;]{0,40}?\b(?:works|working|"
        r"now works|is now|started)\s+(?:at|for|in|with)\b",
    ),
    "hiring-manager": (
        r"\bhiring (?:manager|mgr|lead)\b",
        r"\b(?:HM)\b",
        _WOULD + r" report(?:ed)? (?:straight |directly )?to (?:her|him|them)\b",
        # "the one I'd report to", "who I would have reported to"
        r"\b(?:one|person|who|whom)\s+I\s*" + _WOULD + r"\s+(?:be\s+)?report(?:ed|ing)?\s+(?:in)?to\b",
        r"\b(?:my|the) (?:would-be|future|prospective) (?:boss|manager)\b",
        _WOULD + r" be(?:en)? my (?:\w+ )?(?:boss|manager|mgr|supervisor|lead)\b",
        r"\b(?:sit|sits|sat|report|reports) (?:in|into|under) (?:his|her|their) (?:team|group|org)\b",
        r"\b(?:made|makes|make|making) the (?:\w+ )?(?:call|decision)\b",
    ),
    "manager-i-liked": (
        r"\b(?:I|we) (?:really |genuinely |truly |also )?(?:liked|clicked|hit it off|got on|got along)\b",
        r"\b(?:great|good|real|instant) (?:rapport|connection|chemistry)\b",
        r"(?:^|[,;.]\s*)(?:really |genuinely |truly )?(?:liked|loved|got on (?:well |great )?(?:with|w/)|"
        r"got along (?:well )?(?:with|w/)|clicked with|hit it off with) (?:him|her|them)\b",
        r"\b(?:I'd|I would|I'd really|I would really) (?:genuinely |really )?(?:love|like|enjoy) (?:to )?work(?:ing)? "
        r"(?:for|with|under)\b",
        # Warmth in the user's words: "we bonded over X", "loved talking to her", "such a kind woman".
        r"\b(?:we|I) (?:\w+ )?(?:bonded|connected) (?:over|on|about|with)\b",
        r"\bwe (?:\w+ )?(?:nerded|geeked|talked shop|chatted|talked) (?:out |for ages |for hours )?(?:about|over|on)\b",
        r"\b(?:got on|get on|getting on) like a house on fire\b",
        r"\b(?:loved|enjoyed|liked) (?:talking|chatting|speaking|meeting) (?:to|with)\b",
        r"\b(?:warm|kind|lovely|friendly|generous|great|sweet|top|sound|brilliant|amazing|decent) "
        r"(?:guy|person|woman|man|human|soul|lady|bloke|chap|lass)\b",
        # ... or said of them in a word, on its own or after "she was": "Super supportive in the final".
        r"^(?:(?:she|he|they)\s+(?:was|is|were|seemed|felt)\s+)?(?:so |super |really |very |genuinely |incredibly |"
        r"v\.? )?(?:supportive|encouraging|warm|lovely|generous|welcoming|approachable)\b",
        # ... and a plainer word only said strongly: "v friendly", "really kind" (a "friendly" call is manners)
        r"^(?:(?:she|he|they)\s+(?:was|is|were|seemed|felt)\s+)?(?:so|super|really|very|genuinely|incredibly|v\.?)\s+"
        r"(?:friendly|kind|nice|helpful)\b",
    ),
    "recruiter": (
        r"\brecruit(?:er|ing (?:partner|coordinator|lead))\b",
        r"\btalent (?:acquisition|partner)\b",
        r"\b(?:sourcer|headhunter)\b",
        r"\b(?:TA|HR|people) (?:partner|contact|person|lead)\b",
    ),
}
# Lower-case words one of which every rule match holds (a quick test before the patterns, for speed).
NEEDS: dict[str, tuple[str, ...]] = {
    "got-the-job": ("got ", "took ", "landed", "won ", "filled", "accepted", "hired", "picked", "chosen", "chose",
                    "selected", "went with", "gave ", "instead of me", "over me", "successful", "new hire",
                    "the hire"),
    "insider": ("recommend", "refer", "vouch", "introduce", "intro", "forward", "resume", "résumé", "cv",
                "application", "profile", "portfolio", "details", "reel", "work samples", "me up", "for me",
                "about me", "back me", "back my", "flag", "nominate me", "neck out",
                "her name", "his name", "their name", "me in touch", "me in front", "get me", "got me",
                "gets me", "getting me",
                "good word", "kind word", "on the inside", "my name", "mention", " a word", "works", "working",
                "reference", "referee",
                "started"),
    "hiring-manager": ("hiring", "hm", "report", "boss", "manager", "mgr", "lead", "supervisor", "sit", "sat ",
                       "call", "decision"),
    "manager-i-liked": ("liked", "loved", "clicked", "hit it off", "got on", "got along", "rapport", "connection",
                        "chemistry", "work", "bonded", "connected", "nerded", "geeked", "talked", "chatted",
                        "enjoyed", "guy", "person", "woman", "man", "human", "soul", "lady", "bloke", "chap", "lass",
                        "house on fire", "supportive", "encouraging", "warm", "lovely", "generous", "welcoming",
                        "approachable", "friendly", "kind"),
    "recruiter": ("recruit", "talent", "sourcer", "headhunter", "ta ", "hr ", "people "),
}
# A role named as where something goes ("to the hiring manager") is not the person's own part.
_AS_OBJECT = re.compile(r"\b(?:to|with|in front of|for|from|past|via)\s+(?:the|a|an|their|our|his|her)\s+$", re.I)
# Words that put the part on someone else ("they hired someone else"): the sentence says nothing of this person.
_SOMEONE_ELSE = guarded(r"\b(?:someone else|another candidate|other candidate|an internal candidate)\b", re.I)
# A role a sentence names without giving it to the person: "feedback is shared only by the hiring manager", "he
# said the recruiter would call". The role is this person's only when it is said of them: on its own ("hiring mgr"),
# after a copula or an apposition ("she is the hiring manager", "Tomas, the HM"), never after a verb or a
# preposition and a determiner ("by the", "told me the", "emailed the").
_ROLE_WORD = re.compile(r"\b(?:(?P<hm>hiring (?:manager|mgr|lead)|HM)|(?P<hire>(?:person|one|candidate|guy|girl|woman|"
                        r"man|applicant|lady|bloke|chap|individual)\s+(?:(?:who|that|whom)\s+)?(?:they\s+)?(?:was\s+)?"
                        r"(?:hired|picked|chose|chosen|took|selected|went with|got the (?:job|role|offer))|new hire|"
                        r"successful (?:candidate|applicant))|recruit(?:er|ing (?:partner|coordinator|lead))|"
                        r"talent (?:acquisition|partner)|sourcer|headhunter)\b")
_DETERMINED = re.compile(r"(\S+)\s+(?:the|a|an|our|their|his|her|my|its|this|that)\s+(?:[\w-]+\s+)?$", re.I)
_SAID_OF = re.compile(r"(?:^|[,:(–—-]|\b(?:is|was|are|were|be|been|being|as|became|becomes|and|also|now|still|"
                      r"actually|really|who's|she's|he's|they're|who|[\w]+['’]s))$", re.I)


# "... the hiring manager is Dominic": the role is given to someone the sentence names.
_ROLE_IS_NAMED = re.compile(r"[\w ]{0,30}?\s+(?:is|was|will be|=)\s+[A-Z][a-z]+\b")


def in_passing(text: str, at: int) -> bool:
    """Is the role named at `at` in `text` only mentioned, not said of the person the text is about?"""
    if _ROLE_IS_NAMED.match(text, at) and not re.search(r"\b(?:is|was)\s+(?:the\s+)?$", text[:at]):
        return True
    before = text[max(0, at - 60) : at]
    determined = _DETERMINED.search(before)
    return determined is not None and _SAID_OF.search(determined.group(1)) is None


def _passing_roles(text: str) -> set[str]:
    """Parts whose role the text names only in passing (never to be read into it by meaning)."""
    found = set()
    for match in _ROLE_WORD.finditer(text):
        if in_passing(text, match.start()):
            found.add("hiring-manager" if match.group("hm") else "got-the-job" if match.group("hire") else "recruiter")
    return found


_I_DO = re.compile(r"\bI\s+(?!(?:asked|ask|hope|hoped|think|thought|guess|reckon|heard|was told|know|knew|believe|"
                   r"wonder|wondered|mentioned that|told (?:her|him|them))\b)|\bme\s+to\s+(?:\w+\s+)?$")
_NEGATED = re.compile(r"\b(?:not|never|didn't|did not|wasn't|isn't|no longer|couldn't|wouldn't|won't)\b", re.I)


@functools.lru_cache(maxsize=8192)  # a clause is often ruled on twice (its person's, then the subject's rules)
def rule_part(text: str) -> tuple[Part, str] | None:
    """The part `text` states in so many words, and the words; None when no rule says one."""
    low = text.casefold()
    if _ANY_NEED.search(low) is None:  # no word any rule needs (most clauses): no rule can hold
        return None
    folded = fold(text)
    for part, any_of, patterns in _COMPILED:
        if not any(map(low.__contains__, NEEDS[part])) or any_of.search(folded) is None:
            continue
        for pattern in patterns:
            match = pattern.search(text)
            if match is None or (part == "got-the-job" and (_SOMEONE_ELSE.search(text) or "got-the-job" in
                                                             _passing_roles(text))):
                continue
            before = text[max(0, match.start() - 25) : match.start()]
            if part == "insider" and _I_DO.search(before):
                continue  # the user acting: "I put in a good word for my old apprentice", "asked me to send my CV"
            if _NEGATED.search(before) or (part in {"hiring-manager", "recruiter"} and (
                    _AS_OBJECT.search(before) or in_passing(text, match.start()))):
                continue
            return cast(Part, part), match.group(0)
    return None


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    # A pattern that names a person by capital letters is case-sensitive; every other one ignores case.
    each = [re.compile(p, 0 if "[A-Z]" in p else re.IGNORECASE) for p in patterns]
    return folding(re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)), each


_COMPILED = [(part, *_compile(patterns)) for part, patterns in RULES.items()]
_ANY_NEED = any_word(word for words in NEEDS.values() for word in words)  # any word of any part's rules


class PartMatcher:
    """Reads parts from sentences by rules, then by meaning with an embedder (lazily loaded, batched)."""

    def __init__(
        self, embedder: Embedder | None = None, *, threshold: float = THRESHOLD, margin: float = MARGIN
    ) -> None:
        self._embedder = embedder
        self.threshold, self.margin = threshold, margin
        self._prototypes: Any = None
        self._labels: list[str] = []
        self._seen: dict[str, dict[str, float]] = {}  # texts already scored (a batch, or the same line again)

    @property
    def embedder(self) -> Embedder:
        """The embedding model (the bundled WordLlama unless one was given)."""
        if self._embedder is None:
            from assistant.embeddings import LocalEmbedder

            self._embedder = LocalEmbedder()
        return self._embedder

    def _protos(self) -> Any:
        if self._prototypes is None:
            import numpy as np

            texts = [t for part in DESCRIPTIONS for t in DESCRIPTIONS[part]]
            self._labels = [part for part in DESCRIPTIONS for _ in DESCRIPTIONS[part]]
            self._prototypes = np.asarray(self.embedder.embed_documents(texts), dtype="float32")
        return self._prototypes

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, its best similarity to each part's descriptions (one embedding call for all)."""
        if not texts:
            return []
        import numpy as np

        protos = self._protos()
        missing = list(dict.fromkeys(t for t in texts if t not in self._seen))
        if missing:
            vectors = np.asarray(self.embedder.embed_documents(missing), dtype="float32")
            similar = similarity_matrix(vectors, protos)
            for text, best in zip(missing, best_by_label(similar, self._labels), strict=True):
                self._seen[text] = best
            if len(self._seen) > 50_000:  # a bound on memory for very large folders
                self._seen.clear()
        return [self._seen[t] for t in texts]

    def prefetch(self, texts: Sequence[str]) -> None:
        """Score many texts in one embedding call, so that classifying them later costs no model work."""
        for start in range(0, len(texts), 2048):
            self.scores(texts[start : start + 2048])

    def by_meaning(self, texts: Sequence[str]) -> list[tuple[Part, float, str] | None]:
        """For each text, the part its meaning is closest to, when close enough and clearly ahead; else None."""
        found: list[tuple[Part, float, str] | None] = []
        for text, best in zip(texts, self.scores(texts), strict=True):
            ranked = sorted(best.items(), key=lambda item: -item[1])
            (part, top), (_, second) = ranked[0], ranked[1]
            good = part != "other" and top >= self.threshold and top - second >= self.margin and (
                part not in _passing_roles(text)) and len(content_words(text)) >= 2  # "v." says no part
            found.append((cast(Part, part), round(min(top, 0.85), 2), text) if good else None)
        return found

    def classify(self, texts: Sequence[str], *, meaning: bool = True) -> list[tuple[Part, float, str] | None]:
        """For each text: (part, confidence, the words that say it), or None when no part is clear.

        With `meaning=False` only the rules read the texts (front matter already says the part).
        """
        found: list[tuple[Part, float, str] | None] = [None] * len(texts)
        by_meaning = []
        for i, text in enumerate(texts):
            rule = rule_part(text)
            if rule is not None:
                found[i] = (rule[0], 0.9, text)
            elif meaning and not _SOMEONE_ELSE.search(text):
                by_meaning.append(i)
        for i, hit in zip(by_meaning, self.by_meaning([texts[i] for i in by_meaning]), strict=True):
            found[i] = hit
        return found


def best_by_label(similarities: Any, labels: Sequence[str]) -> list[dict[str, float]]:
    """For each row of a (texts x descriptions) similarity matrix, the best similarity to each label's descriptions."""
    import numpy as np

    order = list(dict.fromkeys(labels))
    names = np.asarray(labels)
    best = np.stack([similarities[:, np.flatnonzero(names == label)].max(axis=1) for label in order], axis=1)
    return [{label: max(-1.0, value) for label, value in zip(order, row, strict=True)} for row in best.tolist()]


def tag_parts(tags: Sequence[str]) -> list[Part]:
    """Parts named by front matter tags (`tags: [insider, hiring-manager]`; spaces and case ignored)."""
    aliases = {
        "hired": "got-the-job",
        "successor": "got-the-job",
        "liked": "manager-i-liked",
        "referrer": "insider",
        "hm": "hiring-manager",
    }
    wanted = {"-".join(t.casefold().replace("_", " ").split()) for t in tags}
    found = [p for p in PARTS if p in wanted] + [aliases[t] for t in wanted if t in aliases]
    return [cast(Part, p) for p in dict.fromkeys(found)]


def measure(matcher: PartMatcher, labelled: Path) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and count per part on a YAML file of labelled phrasings (`other` means no part)."""
    import yaml

    data: dict[str, list[str]] = yaml.safe_load(labelled.read_text(encoding="utf-8"))
    pairs = [(part, text) for part, texts in data.items() for text in texts]
    found = matcher.classify([text for _, text in pairs])
    table: dict[str, tuple[float, float, int]] = {}
    for part in PARTS:
        if part == "other":
            continue
        predicted = sum(1 for hit in found if hit and hit[0] == part)
        actual = sum(1 for want, _ in pairs if want == part)
        correct = sum(1 for (want, _), hit in zip(pairs, found, strict=True) if hit and hit[0] == part == want)
        table[part] = (correct / predicted if predicted else 0.0, correct / actual if actual else 0.0, actual)
    return table
