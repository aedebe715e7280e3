"""Diagnoses through the whole LLM path (prompt v2 and its schema) against a loopback server
answering a hand-written tool call: a stated code reaches the note with evidence and the
validator's DX rules, so an LLM draft no longer always gets DX001; prompt v1 still sends the
schema without diagnoses (its recorded cassettes replay)."""

import json
from datetime import date
from typing import Any

from assistant.domain.session import SessionInput
from assistant.drafting.llm import LLMDrafter
from assistant.services.drafting import draft_session
from assistant.settings import Settings
from tests.drafting.llm.local_server import Answer, completion, local_server, tool_call
from tests.drafting.llm.test_assemble import _dx, _extraction

TEXT = "Dx M17.11 R knee OA. Ther ex 97110 x 25 min: bridges 3x10. Cues for form."


def _answer(*diagnoses: dict[str, Any]) -> str:
    data = _extraction().model_dump(mode="json")
    data["diagnoses"] = list(diagnoses)
    return json.dumps(data)


def _run(prompt: str, arguments: str) -> tuple[Any, list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def respond(body: dict[str, Any]) -> Answer:
        seen.append(body)
        return 200, completion(tool_call(arguments)), 0.0

    with local_server(respond) as url:
        settings = Settings(
            openai_base_url=url,
            openai_api_key="local",
            model="local-test",
            llm_method="function_calling",
            llm_max_retries=0,
            draft_prompt=prompt,
        )
        session = SessionInput(text=TEXT, date_of_service=date(2025, 6, 2))
        out = draft_session(session, "llm", llm_factory=lambda: LLMDrafter(settings))
    return out, seen


def _sent_properties(body: dict[str, Any]) -> list[str]:
    return list(body["tools"][0]["function"]["parameters"]["properties"])


def test_a_stated_code_reaches_the_note_and_no_dx001() -> None:
    out, seen = _run("draft_note.v2", _answer(_dx("M17.11", "R knee OA", "M17.11 R knee OA")))
    assert out.drafter.backend == "llm", out.drafter.notice
    assert "diagnoses" in _sent_properties(seen[0])
    assert [d.code for d in out.note.diagnoses] == ["M17.11"]
    assert out.note.diagnoses[0].evidence[0].text == "M17.11 R knee OA"
    rules = {f.rule for f in out.findings}
    assert not rules & {"DX001", "DX002", "DRF023"}


def test_an_unstated_code_is_flagged_and_checked_against_icd() -> None:
    out, _ = _run("draft_note.v2", _answer(_dx("M17.12", "L knee OA", "knee OA")))
    found = {(f.rule, f.path) for f in out.findings}
    assert ("DRF023", "diagnoses[0].code") in found
    assert [d.code for d in out.note.diagnoses] == ["M17.12"]
    # M17.12 is the left knee; the note's only side is the right (DX004 reads the code set).
    assert ("DX004", "diagnoses[0].code") in found


def test_prompt_v1_sends_no_diagnoses_and_still_drafts() -> None:
    arguments = json.dumps({k: v for k, v in json.loads(_answer()).items() if k != "diagnoses"})
    out, seen = _run("draft_note.v1", arguments)
    assert out.drafter.backend == "llm", out.drafter.notice
    assert "diagnoses" not in _sent_properties(seen[0])
    assert out.note.diagnoses == []
