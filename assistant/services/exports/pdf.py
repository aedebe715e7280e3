"""A note as a printable PDF: HTML from a packaged Jinja2 template, laid out by WeasyPrint.

Paper rules live in the stylesheet: the patient's name and date of birth and the page
number sit in @page margin boxes (so every page carries them), table rows never split
across pages and header rows repeat, long words wrap instead of running off the page. A
note that is not signed prints with a DRAFT watermark on every page; there is no switch to
print it without one.
"""

from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from assistant.domain.billing import BillResult, ClaimLine
from assistant.domain.note import Exercise, Intervention
from assistant.services.exports.document import ExportDocument

NOTE_TITLES = {
    "daily": "daily note",
    "evaluation": "evaluation",
    "re_evaluation": "re-evaluation",
    "progress_report": "progress report",
    "discharge": "discharge summary",
}
DISCIPLINES = {"PT": "Physical therapy", "OT": "Occupational therapy", "SLP": "Speech therapy"}


def css_string(value: str) -> str:
    """A CSS string literal's content: everything but plain letters, digits and spaces is
    hex-escaped, so a name with quotes or backslashes cannot end the string."""
    out = []
    for ch in value:
        if ch.isascii() and (ch.isalnum() or ch in " .,-/()"):
            out.append(ch)
        else:
            # The space ends the escape (CSS consumes it), so a literal space after it stays.
            out.append(f"\\{ord(ch):06x} ")
    return "".join(out)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("assistant.services.exports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.filters["stamp"] = stamp
    return env


def _dose(ex: Exercise) -> str:
    parts = []
    if ex.sets and ex.reps:
        parts.append(f"{ex.sets} x {ex.reps}")
    elif ex.reps:
        parts.append(f"{ex.reps} reps")
    elif ex.sets:
        parts.append(f"{ex.sets} sets")
    if ex.load is not None:
        parts.append(f"{ex.load:g} {ex.load_unit.value if ex.load_unit else ''}".strip())
    if ex.band_colour:
        parts.append(f"{ex.band_colour} band")
    if ex.hold_seconds:
        parts.append(f"{ex.hold_seconds} s hold")
    if ex.duration_minutes:
        parts.append(f"{ex.duration_minutes:g} min")
    if ex.distance:
        unit = ex.distance_unit.value if ex.distance_unit else ""
        parts.append(f"{ex.distance:g} {unit}".strip())
    return ", ".join(parts)


def _exercise_row(ex: Exercise) -> dict[str, str]:
    region = " ".join(p for p in (ex.side.value if ex.side else "", ex.body_region) if p)
    return {
        "name": ex.name,
        "region": region,
        "kind": ex.kind.value.replace("_", " ") if ex.kind else "",
        "dose": _dose(ex),
        "progression": ex.progression,
    }


def _intervention_row(iv: Intervention) -> dict[str, Any]:
    return {
        "code": iv.code or "",
        "category": iv.category.value.replace("_", " "),
        "description": iv.description,
        "provider": iv.provider.value,
        "minutes": "" if iv.minutes is None else str(iv.minutes),
        "purpose": iv.purpose,
        "skilled": iv.skilled_rationale,
        "response": iv.response,
        "exercises": [_exercise_row(ex) for ex in iv.exercises],
    }


def _money(value: float | None) -> str:
    return "" if value is None else f"${value:,.2f}"


def _claim_rows(claim: BillResult | None) -> list[dict[str, str]]:
    lines: list[ClaimLine] = claim.lines if claim else []
    return [
        {
            "code": ln.code,
            "modifiers": " ".join(ln.modifiers),
            "units": str(ln.units),
            "minutes": str(ln.minutes),
            "payment": _money(ln.expected_payment),
        }
        for ln in lines
    ]


def _claim_total(claim: BillResult | None) -> str:
    if claim is None or any(ln.expected_payment is None for ln in claim.lines):
        return ""
    return _money(sum(ln.expected_payment or 0.0 for ln in claim.lines))


def render_html(doc: ExportDocument) -> str:
    note = doc.note
    discipline = DISCIPLINES.get(note.discipline.value, note.discipline.value)
    addenda = []
    for number, add in enumerate(doc.addenda, start=1):
        correction = doc.correction_of(add.id)
        addenda.append(
            {
                "number": number,
                "record": add,
                # A correction's text is the whole corrected note JSON: print what it says,
                # not the JSON.
                "corrected_note": correction.note if correction else None,
                "claim_rows": _claim_rows(correction.claim if correction else None),
                "claim_total": _claim_total(correction.claim if correction else None),
            }
        )
    context = {
        "doc": doc,
        "note": note,
        "title": f"{discipline} {NOTE_TITLES.get(note.note_type.value, note.note_type.value)}",
        "patient_line": f"{doc.patient.name}  DOB {doc.patient.date_of_birth.isoformat()}",
        "interventions": [_intervention_row(iv) for iv in note.interventions],
        "claim_rows": _claim_rows(doc.claim),
        "claim_total": _claim_total(doc.claim),
        "addenda": addenda,
        "draft": not doc.signed,
    }
    return _environment().get_template("note.html.j2").render(**context)


def render_pdf(doc: ExportDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only a PDF export needs.
    from weasyprint import HTML

    pdf = HTML(string=render_html(doc)).write_pdf()
    if pdf is None:  # only when a target file is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
