"""support.ground on hand-built notes: what the parser read with evidence decides billing."""

from datetime import date
from typing import Any

from assistant.domain.note import Note, Span
from assistant.drafting.support import ground

EVIDENCE = [Span(start=0, end=4, text="ther")]


def _note(*interventions: dict[str, Any], timers: list[dict[str, Any]] | None = None) -> Note:
    return Note.model_validate(
        {
            "schema_version": "1",
            "note_type": "daily",
            "date_of_service": date(2025, 6, 2),
            "discipline": "PT",
            "clinician": {"role": "PT"},
            "source_text": "ther ex",
            "interventions": list(interventions),
            "timer_segments": timers or [],
        }
    )


def _iv(
    code: str | None,
    minutes: int | None = None,
    category: str = "therapeutic_exercise",
    certain: bool = True,
    provider: str = "PT",
) -> dict[str, Any]:
    return {
        "category": category,
        "code": code,
        "minutes": minutes,
        "provider": provider,
        "evidence": EVIDENCE if certain else [],
    }


def _billing(note: Note) -> list[tuple[str | None, int | None, str]]:
    return [(iv.code, iv.minutes, iv.provider.value) for iv in note.interventions]


def test_minutes_on_a_code_the_parser_read_without_minutes_are_removed() -> None:
    grounded, findings = ground(_note(_iv("97110", 30)), _note(_iv("97110")))
    assert _billing(grounded) == [("97110", None, "PT")]
    assert [(f.rule, f.path, f.severity.value) for f in findings] == [
        ("DRF012", "interventions[0].minutes", "error")
    ]


def test_a_parser_reading_without_evidence_supports_nothing() -> None:
    grounded, findings = ground(_note(_iv("97110", 30)), _note(_iv("97110", 30, certain=False)))
    assert _billing(grounded) == [(None, None, "PT")]
    assert [f.rule for f in findings] == ["DRF012"]


def test_the_assistants_share_comes_from_the_parser() -> None:
    # "TherEx 15 min (6 min by the PTA)": the model cannot express the split; CQ depends on it.
    parser = _note(_iv("97110", 9), _iv("97110", 6, provider="PTA"))
    grounded, findings = ground(_note(_iv("97110", 15)), parser)
    assert _billing(grounded) == [("97110", 9, "PT"), ("97110", 6, "PTA")]
    [finding] = findings
    assert finding.rule == "DRF011"
    assert "15 min of 97110" in finding.message
    assert "(6 by the assistant)" in finding.message


def test_an_uncoded_category_takes_the_parsers_code() -> None:
    model = _note(_iv(None, category="evaluation"))
    parser = _note(_iv("97162", category="evaluation"))
    grounded, findings = ground(model, parser)
    assert _billing(grounded) == [("97162", None, "PT")]
    assert [f.rule for f in findings] == ["DRF013"]
    assert "gave no code for 97162" in findings[0].message


def test_codes_with_timers_are_left_to_the_timers() -> None:
    timers = [{"code": "97110", "start": "2025-06-02T09:00:00", "end": "2025-06-02T09:20:00"}]
    model = _note(_iv("97110", 120), timers=timers)
    grounded, findings = ground(model, _note(timers=timers))
    assert _billing(grounded) == [("97110", 120, "PT")]
    assert findings == []
