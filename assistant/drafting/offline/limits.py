"""A note's bounds (assistant.domain.note) held against a dictation as long as input allows.

A SOAP section may quote the whole dictation (MAX_SECTION is the input limit), but S, A and
P add a full stop and a line break to each sentence they quote and O also lists the facts
it read, so a 99 KB dictation can render past the limit. Such a section shows the writer's
own words instead, which always fit: its sentences are distinct stretches of the input,
joined by one space. A fact list past its cap keeps its first items as facts while the
section text keeps every item's words. Either way DR009 says so: nothing dictated is lost
and nothing is cut silently.
"""

from collections.abc import Sequence
from typing import TypeVar

from assistant.domain.findings import Finding
from assistant.domain.note import MAX_SECTION
from assistant.drafting.offline.builders import Range
from assistant.drafting.offline.numbers import View
from assistant.rules.registry import finding

T = TypeVar("T")


def verbatim(view: View, ranges: Sequence[Range]) -> str:
    """The input behind `ranges`, in text order, overlapping stretches merged, one space
    between stretches: never longer than the input."""
    spans = sorted((view.starts[a], view.ends[b - 1]) for a, b in ranges if b > a)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return " ".join(view.source[a:b] for a, b in merged)


def fit_section(
    name: str, text: str, view: View, ranges: Sequence[Range], findings: list[Finding]
) -> str:
    if len(text) <= MAX_SECTION:
        return text
    findings.append(
        finding(
            "DR009",
            f"the {name} section shows the dictated words as written: as drafted it would be "
            f"{len(text):,} characters, over the {MAX_SECTION:,} a section holds",
            name,
        )
    )
    return verbatim(view, ranges)


def cap(name: str, items: list[T], limit: int, findings: list[Finding]) -> list[T]:
    if len(items) <= limit:
        return items
    findings.append(
        finding(
            "DR009",
            f"{len(items):,} {name} read; the first {limit} are kept as facts, the words of "
            "all of them stay in the note text",
            name,
        )
    )
    return items[:limit]
