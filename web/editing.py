"""The review form as a note: the four SOAP sections, minutes per service, each exercise's
dose and the diagnosis codes, applied to the revision the page showed.

Only what the form shows is changed; every other fact and all evidence stay as drafted. A
value that does not fit the note format is an InputError naming the field, so the page can
keep the typed text and say what to fix; the claim and findings are then the services'.
"""

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.domain.note import Note
from assistant.errors import InputError
from assistant.services.inputs import validation_message

SECTIONS = ("subjective", "objective", "assessment", "plan")
DOSE_FIELDS = ("sets", "reps", "load")
LOAD_UNITS = ("", "lb", "kg", "band", "bodyweight")
_CODE_SPLIT = re.compile(r"[\s,;]+")


def _number(raw: str, what: str, *, whole: bool) -> int | float | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a number") from None
    if whole:
        if not value.is_integer():
            raise InputError(f"{what}: use a whole number, not {text}")
        return int(value)
    return value


def edited_sections(form: Mapping[str, str]) -> dict[str, str]:
    # Browsers send CRLF in textareas; the note keeps the newlines the drafter wrote.
    return {s: form.get(s, "").replace("\r\n", "\n") for s in SECTIONS if s in form}


def apply_form(note: Note, form: Mapping[str, str]) -> Note:
    data: dict[str, Any] = note.model_dump(mode="python")
    data.update(edited_sections(form))
    for i, item in enumerate(data["interventions"]):
        key = f"interventions[{i}].minutes"
        if key in form:
            item["minutes"] = _number(form[key], f"minutes of service {i + 1}", whole=True)
        for j, ex in enumerate(item["exercises"]):
            prefix = f"interventions[{i}].exercises[{j}]"
            name = ex["name"]
            for field in DOSE_FIELDS:
                if f"{prefix}.{field}" in form:
                    ex[field] = _number(
                        form[f"{prefix}.{field}"], f"{field} of {name}", whole=field != "load"
                    )
            unit_key = f"{prefix}.load_unit"
            if unit_key in form:
                unit = form[unit_key].strip()
                if unit not in LOAD_UNITS:
                    raise InputError(f"load unit of {name}: choose one of the listed units")
                ex["load_unit"] = unit or None
    if "diagnoses" in form:
        data["diagnoses"] = _diagnoses(data["diagnoses"], form["diagnoses"])
    try:
        return Note.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_message(exc)) from None


def _diagnoses(current: list[dict[str, Any]], typed: str) -> list[dict[str, Any]]:
    """Codes kept keep their description and evidence; a new code has none (the validator
    then asks for its support)."""
    known = {dx["code"].upper(): dx for dx in current}
    out: list[dict[str, Any]] = []
    for code in (c.strip().upper() for c in _CODE_SPLIT.split(typed)):
        if code and code not in {d["code"].upper() for d in out}:
            out.append(known.get(code, {"code": code, "description": "", "evidence": []}))
    return out
