"""Patterns for the numbers therapists write: dose, load, time, distance, pain, ROM, MMT.

Each pattern runs over the normalised view (spoken numbers already digits) and yields a
`Mention` with view offsets. Patterns are tried in priority order and a later pattern never
claims characters an earlier one matched ("6/10/2025" is a date, never pain 6/10).
"""

import re

from assistant.drafting.offline.digit_first import digit_first
from assistant.drafting.offline.fold import key
from assistant.drafting.offline.mentions import (
    DEG,
    HOLD_WORDS,
    LB,
    MIN,
    PAIN_QUESTION,
    RB,
    SEC,
    SIGN,
    WHOLE,
    Builder,
    Mention,
    N,
    answer,
    band,
    degrees,
    distance,
    load,
    mk,
    mmt,
    nums,
    pain,
    rom,
    sets_x,
)
from assistant.drafting.offline.units import COUNT_NEEDLES, COUNTED, DISTANCE_UNITS

# The spoken self-corrections a dose is restated after (the lexicon's "corrections").
_CORRECTED = (
    r"(?:actually(?:\s+make\s+that)?|make\s+(?:that|it)|no\s+wait|wait\s+no|sorry|"
    r"I\s+meant?|correction|scratch\s+that|(?:or\s+)?rather|strike\s+that|no)"
)
# (kind, pattern, builder) in priority order.
PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    # Dates and times are claimed first so their digits never read as doses or pain.
    (
        re.compile(r"(?<![\d/])\d{1,2}([/-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/])"),
        lambda m: Mention("date", m.start(), m.end()),
    ),
    (
        re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"),
        lambda m: Mention("date", m.start(), m.end()),
    ),
    (
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
            r"(?:st|nd|rd|th)?,?\s+\d{4}\b",
            re.I,
        ),
        lambda m: Mention("date", m.start(), m.end()),
    ),
    (
        re.compile(r"(?<!\d)\d{1,2}:\d{2}\s*(?:am|pm)?(?![\d:])", re.I),
        lambda m: Mention("clock", m.start(), m.end()),
    ),
    # ICD-10-CM codes with a dot (M17.11, S83.511A); the letter U is reserved.
    (
        re.compile(r"(?<![A-Za-z0-9])([A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4})(?![A-Za-z0-9])"),
        lambda m: Mention("icd", m.start(), m.end(), (), m.group(1)),
    ),
    (
        re.compile(
            r"(?i:\b(?:dx|diagnosis|icd(?:-?10)?)\s*:?\s*)([A-TV-Z]\d[0-9A-Z](?:[0-9A-Z]{1,4})?)"
            r"(?![A-Za-z0-9])"
        ),
        lambda m: Mention("icd", m.start(1), m.end(1), (), m.group(1)),
    ),
    (
        re.compile(
            r"(?i:\btotal\s+(?:(timed)\s+)?(?:(?:treatment|tx|session|visit)\s+)?"
            r"(?:time|minutes|mins|min)?\s*(?:code\s+)?(?:minutes\s*)?[:=]?\s*"
            r"(?:of\s+|was\s+|is\s+|=\s*)?)" + N + r"\s*" + MIN + r"?"
        ),
        lambda m: Mention(
            "total",
            m.start(),
            m.end(),
            nums(m.group(2)),
            m.group(1) or ("treatment" if WHOLE.search(m.group()) else ""),
        ),
    ),
    # An assistant's share of a service: "(25 min by Sam Ortiz, PTA)", "6 of those by the PTA".
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,3})\s*(?:(?:min|mins|minutes?|')\s*)?"
            r"(?:of\s+(?:those|these|that|them|it|which)\s+)?"
            r"(?:(?:were|was|done|furnished|provided|performed|spent)\s+)?(?:by|with|w/)\s*)"
            r"(?:[A-Z][A-Za-z.'-]*,?\s+){0,3}?(?i:the\s+|our\s+|an?\s+)?"
            r"(?:PTA|OTA|COTA|SLPA|(?i:assistant))\b"
        ),
        mk("share"),
    ),
    # A transcript: "Your pain, 0 to 10?" answered on the next line "About a 2." The scale in
    # the question is no rating; the answer is.
    (re.compile(PAIN_QUESTION + r"(\d{1,2}(?:\.\d)?)(?![\d/])"), answer),
    (re.compile(r"(?i:\b0\s*(?:-|to)\s*10\b)(?=[^\n]*\?)"), lambda m: Mention("scale", *m.span())),
    (
        # "pain free arc", "pain-free range", "pain-free grip": where the motion is done, not a
        # rating; nor is "modified range to stay pain free", the aim of a modification.
        re.compile(
            # The lookbehinds follow "pain" so they are tried only where "pain" stands, not
            # at every position of the text (the same test: "stay " before the word).
            r"(?i:(?=[dnwp])\b(?:denies|denied|no|without)\s+(?:any\s+)?pain\b"
            r"(?!\s+(?:with|during|in|on)\b)"
            r"|\bpain(?<!stay pain)(?<!keep pain)(?<!kept pain)(?<!remain pain)"
            r"(?<!staying pain)(?<!keeping pain)(?<!within pain)(?<!remained pain)[- ]free\b"
            r"(?!\s+(?:arc|range|ROM|motion|zone|movement|AROM|PROM|grip|reps?|repetitions|"
            r"exercises?|position|positions|squats?|gait|walking|ambulation|technique)\b))"
        ),
        lambda m: Mention("pain", m.start(), m.end(), (0.0,)),
    ),
    (
        re.compile(
            # A match starts with a digit or one of the lead words' first letters: the
            # lookahead rejects other positions before the alternation is tried there.
            r"(?i:(?=[\dpnvraiotw]))"
            r"(?i:(?:pain|nprs|vas|rates?|rated|rating|at|is|of|was|to|pain\s+level)\s*"
            r"(?:of|at|is|as|=|:)?\s*)?"
            r"(?<![\d/.])(?P<low>\d{1,2}(?:\.\d)?)(?:\s*(?:-|to)\s*(?P<high>\d{1,2}(?:\.\d)?))?"
            r"\s*(?:/\s*10|(?i:out\s+of\s+10))(?![\d/])"
        ),
        pain,
    ),
    (
        re.compile(
            r"(?<![\d/.])([0-5])\s*([+-]|(?i:plus|minus))?\s*(?:/|(?i:out\s+of))\s*5(?![\d/])"
        ),
        mmt,
    ),
    (
        re.compile(r"(?<![\d/.])(\d{1,3}(?:\.\d)?)\s*/\s*(\d{2,3})(?![\d/])"),
        mk("score", groups=(1, 2)),
    ),
    # "3x20 ft": sets of a distance (band walks, carries), never 20 reps.
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,2})\s*[x\u00d7*]\s*(\d{1,4})\s*"
            r"(ft|feet|foot|m|meters?|metres?|yds?|yards?))" + RB
        ),
        lambda m: Mention(
            "sets_distance",
            m.start(),
            m.end(),
            nums(m.group(1), m.group(2)),
            DISTANCE_UNITS[key(m.group(3))],
        ),
    ),
    # A step or box height ("step ups x12 inches", "a four inch step"): no count of anything.
    (
        re.compile(
            r"(?i:(?:\bx\s*(?=\d)|" + LB + r")\d{1,2}(?:\.\d)?\s*-?\s*(?:inch|inches|in\.)"
            r"(?![A-Za-z]))"
        ),
        lambda m: Mention("height", m.start(), m.end()),
    ),
    # Holds counted: "3 times 30 seconds", "30 sec x 3", "thirty seconds times four".
    (
        re.compile(r"(?i:" + LB + r"(\d{1,2})\s*times\s*(\d{1,3})\s*" + SEC + ")"),
        mk("sets_hold", groups=(1, 2)),
    ),
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,3})\s*" + SEC + r"\s*(?:[x\u00d7]|times)\s*(\d{1,2}))" + RB
        ),
        mk("sets_hold", groups=(2, 1)),
    ),
    # "three by ten" (the view reads "3 by 10"): sets by reps.
    (
        re.compile(
            LB + r"(\d{1,2})\s+by\s+(\d{1,3})(?![\d/]|\.\d)"
            r"(?!\s*(?i:%|percent|deg|degrees|°|min|mins|minutes|ft|feet|sec|seconds|lb|lbs|#))"
        ),
        lambda m: Mention("sets_reps", m.start(), m.end(), nums(m.group(1), m.group(2))),
    ),
    # 3x10, 3 x 10, 3x10x5s, 3x30s hold, 2x5 min
    (
        re.compile(
            LB
            + r"(\d{1,2})\s*[xX\u00d7*]\s*(\d{1,3})(?:\s*[xX\u00d7*]\s*(\d{1,3})\s*"
            + SEC
            + r")?"
            r"(?:\s*(" + SEC + "|" + MIN + r")" + r"(?!\s*(?:ft|feet)))?" + r"(?![\d])"
        ),
        sets_x,
    ),
    # "three trials of twenty seconds", "4 bouts of 30 sec": held repetitions, said long-hand.
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,2})\s*(?:trials?|bouts?|rounds?|reps?|repetitions|times)"
            r"\s+(?:of|at|x|for)\s+(\d{1,3})\s*" + SEC + r")"
        ),
        mk("sets_hold", groups=(1, 2)),
    ),
    # 2 sets of 15, 3 sets x 10 reps, 2 sets 30 sec
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,2})\s*sets?\s*(?:of|x|\u00d7|,|with|at)?\s*(\d{1,3})"
            r"(?:\s*(reps?|repetitions|" + SEC + r"(?:\s*" + HOLD_WORDS + r")?))?)" + RB
        ),
        lambda m: Mention(
            "sets_hold" if m.group(3) and not m.group(3).lower().startswith("rep") else "sets_reps",
            m.start(),
            m.end(),
            nums(m.group(1), m.group(2)),
        ),
    ),
    # A hold said wrong and corrected: "holding 29, actually, 30 seconds" holds 30 (the first
    # figure has no unit of its own, so it would otherwise be read as a count).
    (
        re.compile(
            r"(?i:\b"
            + HOLD_WORDS
            + r"\s*(?:for\s+)?\d{1,4}(?:\.\d+)?\s*,?\s*"
            + _CORRECTED
            + r"\s*,?\s*"
            + N
            + r"\s*"
            + SEC
            + r")"
            + RB
        ),
        mk("hold"),
    ),
    # holds: 30s hold, 5" hold, hold 30 sec, held for 10 seconds
    (
        re.compile(r"(?i:" + LB + N + r"\s*" + SEC + r"\s*" + HOLD_WORDS + r")"),
        mk("hold"),
    ),
    (
        re.compile(
            r"(?i:\b" + HOLD_WORDS + r"\s*(?:for\s+|x\s*|of\s+)?" + N + r"\s*" + SEC + r")" + RB
        ),
        mk("hold"),
    ),
    (
        re.compile(
            r"(?i:" + LB + N + r"\s*-?\s*(#|lbs?|pounds?|kgs?|kilos?|kilograms?))(?![A-Za-z0-9])"
        ),
        load,
    ),
    (
        re.compile(
            r"(?i:(?=[yrgbsop]))"  # every colour, abbreviation and BW starts with one of these
            r"(?:(?i:\b(?P<colour>yellow|red|green|blue|black|silver|gold|grey|gray|orange|purple)"
            r"\s*(?:theraband|thera-band|thera\s+band|t-?band|tband|tb|band|resistance band"
            r"|tubing|theratube|loop|putty|theraputty|thera-putty|flexbar|flex bar|flex-bar)s?\b)"
            r"|\b(?P<abbr>Y|R|G|B|Bk|Blk|S)TB\b|(?P<bw>\bBW\b|(?i:\bbody\s?weight\b)))"
        ),
        band,
    ),
    (
        re.compile(r"(?i:" + LB + r"(?:level|lvl|resistance|res)\s*:?\s*(\d{1,2}))" + RB),
        mk("level"),
    ),
    (re.compile(r"(?<![A-Za-z0-9])L(\d{1,2})(?![\d-])(?!\s*-\s*\d)"), mk("level")),
    # "1 hour 5 minutes", "an hour and ten minutes" (the view reads "1 hour"): one figure.
    (
        re.compile(
            r"(?i:"
            + LB
            + r"(\d{1,2})\s*(?:hours?|hrs?)\s*(?:and\s+)?(?:(\d{1,2})\s*"
            + MIN
            + r")?)"
            + RB
        ),
        lambda m: Mention(
            "minutes", m.start(), m.end(), (60 * float(m.group(1)) + float(m.group(2) or 0),)
        ),
    ),
    # minutes: 8 min, 8', 10-12 minutes (the upper figure; the word keeps the lower one)
    (
        re.compile(
            r"(?i:"
            + LB
            + r"(?:(\d{1,3})\s*(?:-|to)\s*)?"
            + N
            + r"\s*"
            + MIN
            + r")"
            + RB
            + r"(?!\s*(?:ft|feet))"
        ),
        lambda m: Mention("minutes", m.start(), m.end(), nums(m.group(2)), m.group(1) or ""),
    ),
    (
        re.compile(
            r"(?i:" + LB + N + r"\s*(ft|feet|foot|m|meters?|metres?|yds?|yards?|mi|miles?|km))" + RB
        ),
        distance,
    ),
    (
        re.compile(r"(?i:" + LB + r"(-?\d{1,3})\s*(?:-|to)\s*(\d{1,3})\s*" + DEG + ")"),
        rom,
    ),
    # An angle said wrong and put right: "external rotation is 35, no wait, 34 degrees" measures
    # 34 (the first figure has no unit of its own, so it would be read as a count).
    (
        re.compile(
            r"(?i:"
            + LB
            + r"\d{1,3}(?:\.\d+)?\s*,?\s*"
            + _CORRECTED
            + r"\s*,?\s*"
            + SIGN
            + r"(\d{1,3}(?:\.\d+)?)\s*"
            + DEG
            + ")"
        ),
        degrees,
    ),
    (re.compile(r"(?i:" + LB + SIGN + r"(\d{1,3}(?:\.\d+)?)\s*" + DEG + ")"), degrees),
    # How often, not how many: "2x/wk", "3 times a week", "twice per day" ("3 times" alone
    # counts repetitions, so this runs first).
    (
        re.compile(
            r"(?i:" + LB + r"(\d{1,2})\s*(?:x|times)\s*(?:/|a|per|each|every)\s*"
            r"(?:wk|week|day|d|daily|month|mo))" + RB
        ),
        mk("freq"),
    ),
    (re.compile(r"(?i:" + LB + r"(\d{1,2})\s*sets?)" + RB), mk("sets")),
    (
        re.compile(r"(?i:" + LB + r"(\d{1,4})\s*(?:reps?|repetitions|times|x)(?![A-Za-z0-9/]))"),
        mk("reps"),
    ),
    (re.compile(r"(?<![A-Za-z0-9])(?:[xX\u00d7]|(?i:times))\s*(\d{1,4})" + RB), mk("reps")),
    # "ten reaches", "three laps", "twenty catches": a count of what the task repeats.
    (re.compile(r"(?i:" + LB + r"(\d{1,3})\s+(?:" + COUNTED + r"))" + RB), mk("reps")),
    # A bare range is ROM only when nothing after it names another unit ("10-12 reps").
    (
        re.compile(
            LB + r"(-?\d{1,3})\s*(?:-|to)\s*(\d{1,3})(?![\d/.])"
            r"(?!\s*(?i:reps?|x|sets?|min|mins|minutes|'|sec|s\b|#|lb|ft|feet|/))"
        ),
        rom,
    ),
    (re.compile(r"(?<![A-Za-z0-9./])(-?\d{1,4}(?:\.\d+)?)(?![\d/])"), mk("number")),
]


# The months a written-out date starts with ("sep" below: re.I also reads the long s
# "\u017f" as s, which lower() leaves as it is).
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "oct", "nov", "dec")
# A pattern runs only when the text holds one of its needles (lower case): most notes lack
# most units, and skipping a pattern is far cheaper than scanning with it. None: always run.
NEEDLES: tuple[tuple[str, ...] | None, ...] = (
    ("/", "-"),  # numeric date
    ("-",),  # ISO date
    (*_MONTHS, "sep", "\u017fep"),  # June 2, 2025
    (":",),  # clock
    (".",),  # ICD-10 with a dot
    ("dx", "diagnosis", "icd"),
    ("total",),
    ("pta", "ota", "slpa", "assistant"),  # an assistant's share
    ("pain",),  # a pain question answered on the next line
    ("?",),  # the 0-10 scale in a question
    ("pain",),  # denies pain, pain free
    ("10",),  # n/10, n out of 10
    ("5",),  # MMT n/5
    ("/",),  # score
    ("x", "\u00d7", "*"),  # 3x20 ft
    ("nch", "n."),  # step height ("inch", "in."; re.I also reads a dotless i as i)
    ("time",),  # 3 times 30 seconds
    ("x", "\u00d7", "time"),  # 30 sec x 3
    ("by",),  # 3 by 10
    ("x", "\u00d7", "*"),  # 3x10
    ("trial", "bout", "round", "rep", "time"),  # 3 trials of 20 seconds
    ("set",),
    ("hold", "held"),  # a corrected hold
    ("hold", "held"),
    ("hold", "held"),
    ("#", "lb", "pound", "kg", "kilo"),
    ("band", "tb", "tubing", "loop", "theratube", "bw", "body", "putty", "flex"),
    ("level", "lvl", "res"),
    ("l",),  # L2 on a bike
    ("hour", "hr"),
    ("min", "'", "mn"),
    None,  # distance ("m" is everywhere)
    ("°", "º", "deg"),
    ("°", "º", "deg"),  # a corrected angle
    ("°", "º", "deg"),
    ("x", "time"),  # frequency
    ("set",),
    ("rep", "time", "x"),
    ("x", "\u00d7", "time"),
    COUNT_NEEDLES,  # ten reaches
    ("-", "to"),  # bare range
    None,  # bare number
)


# The same patterns, each led by its first digit where it has one (digit_first.py).
_SCAN = [(digit_first(pattern), build) for pattern, build in PATTERNS]


def scan_params(text: str) -> list[Mention]:
    taken = bytearray(len(text) + 1)  # 1 where an earlier pattern already matched
    found: list[Mention] = []
    lowered = text.lower()
    for (pattern, build), needles in zip(_SCAN, NEEDLES, strict=True):
        if needles is not None and not any(n in lowered for n in needles):
            continue
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            mention = build(match)
            if mention is None or taken.find(1, mention.start, mention.end) != -1:
                continue
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            found.append(mention)
    found.sort(key=lambda m: m.start)
    return found
