"""Which SOAP section a sentence belongs to, and the statements auditors look for.

Statements are the writer's own words, quoted: skilled care ("VC/TC for form"), response
("tolerated well"), purpose ("to improve quad strength for stairs"), medical necessity, and
goals ("STG1: stairs with one rail"). A statement in a sentence that names an intervention
belongs to it; one that names none applies to every intervention of the visit.
"""

import re
from dataclasses import dataclass, field

from assistant.domain.note import GoalTerm
from assistant.drafting.offline.builders import Range
from assistant.drafting.offline.lexicon import Lexicon, PhraseIndex
from assistant.drafting.offline.segmenter import Section

_GOAL_DEF = re.compile(
    r"(?i:(?:(?:her|his|their|pt'?s|patient'?s|the patient's|pt)\s+)?"
    r"(?:(?:main|primary|stated|personal)\s+)?)"
    r"(?i:(?P<kind>STG|LTG|short[- ]term goal|long[- ]term goal|goal)s?)\s*#?\s*(?P<num>\d{1,2})?"
    r"\s*(?:[:.)\-]|is\b|to\b)\s*(?P<text>\S.*)"
)
_GOAL_REF = re.compile(r"(?i:\b(STG|LTG|goal)\s*#?\s*(\d{1,2}))\b")
_PLAN_START = re.compile(
    r"(?i:\s*(?:plan|p/|continue|cont\.?|will|next|f/u|follow|rtc|return|hep|progress|"
    r"d/c|discharge|recommend|schedule)\b)"
)


@dataclass(slots=True)
class GoalB:
    id: str
    term: GoalTerm
    text: Range
    ranges: list[Range] = field(default_factory=list)


def classify(
    text: str,
    where: tuple[int, int],
    phrases: PhraseIndex,
    explicit: Section | None,
    dosed: bool,
    named: bool,
    measures: bool,
    previous: Section | None,
) -> tuple[Section, bool]:
    """The section, and whether anything in the sentence decided it (False: inherited).

    A dose or minutes means the work was done today (O), whatever else the sentence says; a
    treatment named without a dose may be a report, a response or a plan, so keywords decide
    first.
    """
    if explicit is not None:
        return explicit, True
    if _PLAN_START.match(text) and not dosed:
        return Section.P, True
    if dosed:
        return Section.O, True
    found = {name: phrases.has(name, *where) for name in _ORDER}
    if found["necessity"] or found["response"] or found["assessment"]:
        return Section.A, True
    if found["subjective"]:
        return Section.S, True
    if found["plan"]:
        return Section.P, True
    if measures or named:
        return Section.O, True
    if _GOAL_DEF.match(text) or _GOAL_REF.search(text):
        return Section.A, True
    return previous or Section.S, False


_ORDER = ("necessity", "subjective", "response", "assessment", "plan")

# "So we started with ...", "Then we did ...", "After that ...": the writer walking through
# the session. A service named right after such a lead was done today, even when the
# sentence goes on to how the patient responded ("..., and pain decreased after").
_DONE_LEAD = re.compile(
    r"(?i:\W*(?:(?:so|and|okay|ok|alright|um|uh)\W+)*"
    r"(?:(?:(?:then|after that|afterwards|finally)\W+)?(?:we|I)\s+"
    r"(?:did|started with|began with|worked on|moved on to|finished with|performed|completed)"
    r"|then|after that|afterwards|finally)\b)"
)
# Room between the lead and the service for "some", "a bit of", a filler.
_LEAD_GAP = 16


def done_lead(text: str, service_at: int | None) -> bool:
    """Whether `text` opens with a session lead and names a service (at `service_at`, an
    offset into `text`) right after it."""
    if service_at is None:
        return False
    lead = _DONE_LEAD.match(text)
    return lead is not None and 0 <= service_at - lead.end() <= _LEAD_GAP


def goal_definition(text: str, offset: int, count: int) -> GoalB | None:
    match = _GOAL_DEF.match(text)
    if match is None or len(match.group("text").strip()) < 3:
        return None
    kind = match.group("kind").lower()
    term = GoalTerm.LONG if kind.startswith(("ltg", "long")) else GoalTerm.SHORT
    prefix = "LTG" if term is GoalTerm.LONG else "STG"
    if kind == "goal":
        prefix = "G"
    number = match.group("num") or str(count + 1)
    start = offset + match.start("text")
    return GoalB(f"{prefix}{number}", term, (start, offset + len(text.rstrip())), [(offset, start)])


def goal_references(text: str) -> list[str]:
    out = []
    for match in _GOAL_REF.finditer(text):
        kind = match.group(1).upper()
        goal = f"{'G' if kind == 'GOAL' else kind}{match.group(2)}"
        if goal not in out:
            out.append(goal)
    return out


@dataclass(slots=True)
class Found:
    skilled: bool = False
    response: bool = False
    purpose_at: int | None = None
    necessity: bool = False


def scan_clause(phrases: PhraseIndex, a: int, b: int) -> Found:
    purpose = phrases.first("purpose", a, b)
    return Found(
        skilled=phrases.has("skilled", a, b),
        response=phrases.has("response", a, b),
        purpose_at=None if purpose is None else purpose.a - a,
        necessity=phrases.has("necessity", a, b),
    )


def is_filler(text: str, lex: Lexicon) -> bool:
    """True when a clause holds nothing but fillers and punctuation."""
    return lex.phrases["fillers"].only(text)
