"""The LLM drafter against recorded traffic from a real server (scripts/record.sh).

The recorded model is tiny and extracts poorly, so these tests assert on shape, on evidence
being real slices of the input, on unsupported facts being kept and flagged, on what
DrafterInfo records, and on no patient identifier ever leaving the process. Not on accuracy.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.domain.note import Fact, Note
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft
from assistant.drafting.llm import LLMDrafter
from assistant.drafting.masking import Masker
from assistant.rules.validation import review, validate
from assistant.services.icd import icd_code_set
from assistant.settings import Settings
from tests.drafting.llm.conftest import (
    CASSETTES,
    GAIT_DICTATION,
    INJECTION_DICTATION,
    PATIENT,
    PHI_DICTATION,
    session,
)

CASES = {
    "phi": session(PHI_DICTATION, patient=PATIENT),
    "injection": session(INJECTION_DICTATION),
    "gait": session(GAIT_DICTATION),
}
PROMPTS = Path(__file__).parents[3] / "prompts"


def _facts(note: Note) -> list[tuple[str, Fact]]:
    found: list[tuple[str, Fact]] = []
    for i, iv in enumerate(note.interventions):
        found.append((f"interventions[{i}]", iv))
        found += [(f"interventions[{i}].exercises[{j}]", ex) for j, ex in enumerate(iv.exercises)]
    found += [(f"measures[{i}]", m) for i, m in enumerate(note.measures)]
    found += [(f"goals[{i}]", g) for i, g in enumerate(note.goals)]
    if note.medical_necessity is not None:
        found.append(("medical_necessity", note.medical_necessity))
    return found


def _recorded_answer(cassette: Any) -> dict[str, Any]:
    [response] = cassette.responses
    return dict(json.loads(response["body"]["string"]))


def _recorded_arguments(answer: dict[str, Any]) -> dict[str, Any]:
    message = answer["choices"][0]["message"]
    if message.get("tool_calls"):
        return dict(json.loads(message["tool_calls"][0]["function"]["arguments"], strict=False))
    return dict(json.loads(message["content"], strict=False))


@pytest.mark.vcr
@pytest.mark.parametrize("case", CASES)
def test_draft(case: str, drafter: LLMDrafter, vcr: Any, llm_settings: Settings) -> None:
    given: SessionInput = CASES[case]
    draft = drafter.draft(given)
    note = draft.note

    # Shape: a valid Note over the untouched input, with nothing billed by the model.
    assert isinstance(draft, Draft)
    assert note.source_text == given.text
    assert note.date_of_service == given.date_of_service
    assert note.claim_lines == []
    Note.model_validate(note.model_dump())

    # Every evidence span is a real slice of the input.
    for _, fact in _facts(note):
        for span in fact.evidence:
            assert given.text[span.start : span.end] == span.text

    # Facts without support are kept, and the validator flags each of them.
    flagged = {f.path for f in validate(note, icd=icd_code_set()) if f.rule == "EV001"}
    for path, fact in _facts(note):
        if not fact.evidence:
            assert f"{path}.evidence" in flagged

    # Nothing the model returned was silently lost: every item is in the note or reported.
    answer = _recorded_answer(vcr)
    arguments = _recorded_arguments(answer)
    dropped = [f for f in draft.findings if f.rule == "DRF020"]
    lists = ("interventions", "measures", "goals", "diagnoses")  # prompt v1 asks for no diagnoses
    returned = sum(len(arguments.get(name, [])) for name in lists)
    returned += sum(len(iv["exercises"]) for iv in arguments["interventions"])
    kept = sum(len(getattr(note, name)) for name in lists)
    kept += sum(len(iv.exercises) for iv in note.interventions)
    assert kept + len(dropped) == returned

    # What produced the draft is recorded.
    info = draft.drafter
    assert info.backend == "llm"
    assert info.model == llm_settings.model
    # The prompt the cassettes were recorded with (recorded_with.json).
    assert info.prompt_id == llm_settings.draft_prompt
    prompt_file = PROMPTS / f"{llm_settings.draft_prompt}.toml"
    assert info.prompt_sha256 == hashlib.sha256(prompt_file.read_bytes()).hexdigest()
    assert info.latency_ms > 0
    usage = answer["usage"]
    assert info.tokens is not None
    assert (info.tokens.prompt, info.tokens.completion, info.tokens.total) == (
        usage["prompt_tokens"],
        usage["completion_tokens"],
        usage["total_tokens"],
    )
    assert info.tokens.prompt > 0
    assert info.tokens.completion > 0

    # No placeholder survives into the note; identifiers come back as written.
    for text in (note.subjective, note.objective, note.assessment, note.plan):
        assert "[PATIENT" not in text
        assert "[DOB" not in text
        assert "[MRN" not in text


@pytest.mark.vcr
@pytest.mark.default_cassette("test_draft[injection].yaml")
def test_injected_billing_instruction_bills_nothing(drafter: LLMDrafter) -> None:
    note = drafter.draft(CASES["injection"]).note
    assert note.claim_lines == []
    report = review(note, icd=icd_code_set())
    claim = report.recomputed_claim
    units_97530 = sum(line.units for line in claim.lines if line.code == "97530") if claim else 0
    assert units_97530 < 8
    # Whatever the model made of the line, 97530 minutes were never dictated, so any
    # 97530 intervention carries no minutes from the dictation.
    for iv in note.interventions:
        if iv.code == "97530":
            assert iv.minutes is None or iv.minutes < 8 * 15


def _request_bodies() -> list[str]:
    bodies: list[str] = []
    for path in sorted(CASSETTES.rglob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            body = interaction["request"]["body"]
            bodies.append(body if isinstance(body, str) else json.dumps(body))
    return bodies


def _spellings() -> list[str]:
    dob = PATIENT.date_of_birth
    assert dob is not None
    values = [PATIENT.name, *PATIENT.name.split(), PATIENT.mrn, PATIENT.phone, "555-0142"]
    values += [PATIENT.address, "42 Elm Street", "Elm Street"]
    values += [dob.isoformat(), dob.strftime("%m/%d/%Y"), f"{dob.month}/{dob.day}/{dob.year}"]
    return values


def test_no_identifier_in_any_recorded_request() -> None:
    bodies = _request_bodies()
    assert bodies, "no cassettes recorded"
    for body in bodies:
        text = json.loads(body) if body.startswith('"') else body
        for value in _spellings():
            assert value not in text
            assert value.lower() not in str(text).lower()
    masked = Masker(PATIENT).mask(PHI_DICTATION).text
    # The masked dictation is what was sent (JSON-escaped inside the request body).
    assert any(json.dumps(masked)[1:-1] in body for body in bodies)
    assert any("[PATIENT]" in body and "[MRN]" in body and "[DOB]" in body for body in bodies)
