"""The diagnoses a model returns: codes normalised, aligned to the dictation, and flagged
when the dictation never states the code.

A model asked for diagnoses returns codes the therapist said ("M17.11") and codes it chose
for words alone ("R knee OA"). Both are kept, so the validator checks every code against
ICD-10-CM (DX002 validity, DX003 billability, DX004 side) like any note's, but a code that
is not written in the dictation gets DRF023: it is the model's coding of the words, and the
therapist confirms it before signing. A code whose words are not in the dictation either
has no evidence, so EV001 flags it as well.
"""

import re
from typing import Any, Protocol

from assistant.domain.note import Diagnosis

UNSTATED_CODE = "DRF023"
MAX_DIAGNOSES = 20


class Builder(Protocol):
    """What assemble's builder offers: evidence from phrases, validation, findings."""

    source: str

    def evidence(self, *phrases: str) -> list[dict[str, Any]]: ...
    def build(self, cls: type[Diagnosis], data: dict[str, Any], path: str, label: str) -> Any: ...
    def flag(self, rule: str, path: str, message: str) -> None: ...


def icd_form(code: str) -> str:
    """ "m1711", " M17.11 " and "M17 .11" all as "M17.11"; anything else unchanged."""
    compact = re.sub(r"[\s.]", "", code).upper()
    if re.fullmatch(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}", compact):
        return compact if len(compact) == 3 else f"{compact[:3]}.{compact[3:]}"
    return code.strip()


def stated(code: str, source: str) -> re.Match[str] | None:
    """Where the dictation writes `code`, with or without its dot."""
    head, _, tail = code.partition(".")
    dot = r"\s?\.?\s?" if tail else ""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(head)}{dot}{re.escape(tail)}(?![A-Za-z0-9])"
    return re.search(pattern, source, re.IGNORECASE)


def build_diagnoses(b: Builder, items: list[dict[str, Any]]) -> list[Diagnosis]:
    out: list[Diagnosis] = []
    for i, item in enumerate(items[:MAX_DIAGNOSES]):
        code = icd_form(item["code"])
        if not code or any(d.code == code for d in out):
            continue  # words without any code stay in the SOAP text; a repeat adds nothing
        where = stated(code, b.source)
        written = where.group(0) if where else ""
        path = f"diagnoses[{len(out)}]"
        data = {
            "code": code,
            "description": item["description"],
            "evidence": b.evidence(item["quote"], written, item["description"]),
        }
        built = b.build(Diagnosis, data, path, f"diagnosis {i}")
        if built is None:
            continue
        out.append(built)
        if where is None:
            b.flag(
                UNSTATED_CODE,
                f"{path}.code",
                f"The model's diagnosis code {code} is not written in the dictation: it is the "
                "model's coding of the diagnosis words",
            )
    return out
