"""Reduce timer segments and reported minutes to minutes per code, split by who worked.

Partial minutes: the seconds of every segment for one code and provider kind are added up
first and only the sum is floored to whole minutes, so 7 min 40 s + 7 min 30 s is 15 minutes
and a lone 7 min 59 s is 7. Time not spent is never rounded up into billable time.
This is the one timers -> minutes rule: the drafter writes `timer_minutes` into the note and
the validator compares the note's minutes with it, so the note states what the engine bills.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from assistant.domain.billing import Discipline, Service, TimerSegment
from assistant.domain.findings import Finding
from assistant.rules import tables
from assistant.rules.registry import finding
from assistant.rules.tables import CodeInfo


@dataclass(slots=True)
class CodeMinutes:
    """Minutes for one code: therapist (including co-treatment) and assistant-alone."""

    therapist: int = 0
    assistant: int = 0
    group: int = 0  # timed-code minutes not furnished one-on-one: never billable as units

    @property
    def total(self) -> int:
        return self.therapist + self.assistant


@dataclass(slots=True)
class Minutes:
    per_code: dict[str, CodeMinutes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def reduce_minutes(
    services: Sequence[Service],
    segments: Sequence[TimerSegment],
    catalog: dict[str, CodeInfo],
    discipline: Discipline,
) -> Minutes:
    per_code: dict[str, CodeMinutes] = {}
    for svc in services:
        code, assistant = svc.code, svc.assistant_minutes
        cm = per_code.get(code)
        if cm is None:
            per_code[code] = CodeMinutes(svc.minutes - assistant, assistant)
        else:
            cm.therapist += svc.minutes - assistant
            cm.assistant += assistant
    out = Minutes(per_code, [])
    if not segments:
        return out

    roles = discipline.roles
    for index, seg in enumerate(segments):
        path = f"segments[{index}]"
        if seg.provider not in roles:
            out.findings.append(
                finding("BIL003", f"{seg.provider} timer on a {discipline} visit", path)
            )
        if catalog[seg.code].timed and not seg.one_on_one:
            out.findings.append(
                finding(
                    "BIL002",
                    f"{seg.code} timer was not one-on-one; its minutes count toward total "
                    "treatment time but not toward timed units",
                    path,
                )
            )
    for code, timed in segment_minutes(segments, catalog).items():
        cm = per_code.setdefault(code, CodeMinutes())
        cm.therapist += timed.therapist
        cm.assistant += timed.assistant
        cm.group += timed.group

    out.findings.extend(_overlaps(segments, catalog))
    return out


def segment_minutes(
    segments: Sequence[TimerSegment], catalog: dict[str, CodeInfo]
) -> dict[str, CodeMinutes]:
    """Whole minutes per code and provider kind: seconds summed per kind, then floored."""
    seconds: dict[tuple[str, str], float] = {}
    for seg in segments:
        kind = "assistant" if seg.provider.is_assistant else "therapist"
        info = catalog.get(seg.code)
        # An unknown code is refused by the engine; here it counts as a timed code.
        if not seg.one_on_one and (info is None or info.timed):
            kind = "group"
        key = (seg.code, kind)
        seconds[key] = seconds.get(key, 0.0) + (seg.end - seg.start).total_seconds()
    out: dict[str, CodeMinutes] = {}
    for (code, kind), secs in sorted(seconds.items()):
        cm = out.setdefault(code, CodeMinutes())
        setattr(cm, kind, getattr(cm, kind) + int(secs // 60))
    return out


def timer_minutes(segments: Sequence[TimerSegment]) -> dict[str, int]:
    """The minutes a note should state per timed code: every kind, as the engine counts it."""
    return {
        code: cm.total + cm.group
        for code, cm in segment_minutes(segments, tables.catalog()).items()
    }


# Stamps are kept as UTC: an evening visit in the Americas ends on the next UTC day.
TIMER_DAY_SLACK = 1


def off_day(segments: Sequence[TimerSegment], day: date) -> list[Finding]:
    """A warning for each timer that starts more than a day from the date of service: a
    visit bills only the time furnished that day (often a timer from another visit)."""
    out = []
    for index, seg in enumerate(segments):
        gap = abs((seg.start.date() - day).days)
        if gap > TIMER_DAY_SLACK:
            out.append(
                finding(
                    "BIL004",
                    f"the {seg.code} timer starts on {seg.start.date().isoformat()}, "
                    f"{gap} days from the date of service",
                    f"segments[{index}].start",
                )
            )
    return out


def _overlaps(segments: Sequence[TimerSegment], catalog: dict[str, CodeInfo]) -> list[Finding]:
    """Flag each timed one-on-one segment that starts before an earlier one has ended."""
    timed = sorted(
        (seg.start, seg.end, index, seg.code)
        for index, seg in enumerate(segments)
        if seg.one_on_one and catalog[seg.code].timed
    )
    findings: list[Finding] = []
    latest_end = None
    latest = (-1, "")
    for start, end, index, code in timed:
        if latest_end is not None and start < latest_end:
            other_index, other_code = latest
            findings.append(
                finding(
                    "BIL001",
                    f"{code} timer overlaps the {other_code} timer segments[{other_index}]; "
                    "the same minutes cannot be billed twice",
                    f"segments[{index}]",
                )
            )
        if latest_end is None or end > latest_end:
            latest_end = end
            latest = (index, code)
    return findings
