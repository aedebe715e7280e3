"""A model's codes and minutes reach the claim only with support in the source.

The fake drafter answers with a fixed note built from the dictation (as a model would), then
edited: minutes invented, a code dropped, a figure misread. The claim must follow the
dictation (offline parser) or the timers, and every change must be a finding.
"""

from collections.abc import Callable
from datetime import date, datetime

from assistant.domain.billing import TimerSegment
from assistant.domain.findings import Severity
from assistant.domain.note import Intervention, InterventionCategory, Note
from assistant.domain.session import SessionInput
from assistant.drafting.base import Draft, DrafterInfo
from assistant.drafting.offline import OfflineDrafter
from assistant.services.drafting import DraftOutcome, draft_session

DAY = date(2025, 6, 2)
# domain.md worked example: 33 min 97110 + 7 min 97140 = 3 units, 2 + 1.
TEXT = (
    "DOS 6/2/2025. Dx M17.11 R knee OA. Pt reports pain 4/10.\n"
    "TherEx 33 min: R SLR 3x10 2#, LAQ 3x10 2#, VC for quad control, to improve quad "
    "strength for stairs.\nMT 7 min: patellar mobs. Tolerated well."
)
EXPECTED = [("97110", 2), ("97140", 1)]


class FixedNote:
    """A Drafter whose answer is the offline reading passed through `edit`."""

    def __init__(self, edit: Callable[[Note], Note]) -> None:
        self.edit = edit

    def draft(self, session: SessionInput) -> Draft:
        note = self.edit(OfflineDrafter().draft(session).note)
        return Draft(note=note, drafter=DrafterInfo(backend="llm", model="fixed"))


def _run(edit: Callable[[Note], Note], **extra: object) -> DraftOutcome:
    session = SessionInput(text=TEXT, date_of_service=DAY, **extra)  # type: ignore[arg-type]
    return draft_session(session, "llm", llm_factory=lambda: FixedNote(edit))


def _billed(out: DraftOutcome) -> list[tuple[str, int]]:
    assert out.claim is not None
    return [(line.code, line.units) for line in out.claim.lines]


def _found(out: DraftOutcome, rule: str) -> list[str]:
    return [f.message for f in out.findings if f.rule == rule]


def _with(note: Note, *interventions: Intervention) -> Note:
    return note.model_copy(update={"interventions": [*note.interventions, *interventions]})


def test_minutes_the_model_invents_are_an_error_and_not_billed() -> None:
    invented = Intervention(
        category=InterventionCategory.THERAPEUTIC_ACTIVITIES,
        code="97530",
        minutes=120,
        description="therapeutic activities",
    )
    out = _run(lambda note: _with(note, invented))
    assert _billed(out) == EXPECTED
    [message] = _found(out, "DRF012")
    assert "97530 (120 min)" in message
    errors = [f for f in out.findings if f.rule == "DRF012"]
    assert all(f.severity is Severity.ERROR for f in errors)
    # The text stays for the reviewer; only its code and minutes are withheld.
    kept = [iv for iv in out.note.interventions if iv.description == "therapeutic activities"]
    assert [(iv.code, iv.minutes) for iv in kept] == [(None, None)]


def test_a_code_the_model_drops_is_billed_from_the_dictation_with_a_warning() -> None:
    out = _run(
        lambda note: note.model_copy(
            update={"interventions": [iv for iv in note.interventions if iv.code != "97140"]}
        )
    )
    assert _billed(out) == EXPECTED
    [message] = _found(out, "DRF013")
    assert "left out 97140 (7 min)" in message
    assert all(f.severity is Severity.WARNING for f in out.findings if f.rule == "DRF013")


def test_misread_minutes_are_billed_from_the_dictation() -> None:
    def misread(note: Note) -> Note:
        first, *rest = note.interventions
        return note.model_copy(
            update={"interventions": [first.model_copy(update={"minutes": 45}), *rest]}
        )

    out = _run(misread)
    assert _billed(out) == EXPECTED
    [message] = _found(out, "DRF011")
    assert "45 min of 97110" in message
    assert "33 min" in message


def test_an_agreeing_model_keeps_its_own_interventions() -> None:
    def reworded(note: Note) -> Note:
        ivs = [iv.model_copy(update={"description": "model words"}) for iv in note.interventions]
        return note.model_copy(update={"interventions": ivs})

    out = _run(reworded)
    assert _billed(out) == EXPECTED
    assert {iv.description for iv in out.note.interventions} == {"model words"}
    assert not {"DRF011", "DRF012", "DRF013"} & {f.rule for f in out.findings}


def test_timers_bill_whatever_minutes_the_model_writes() -> None:
    timers = [
        TimerSegment(
            code="97110", start=datetime(2025, 6, 2, 9, 0), end=datetime(2025, 6, 2, 9, 33)
        ),
        TimerSegment(
            code="97140", start=datetime(2025, 6, 2, 9, 33), end=datetime(2025, 6, 2, 9, 40)
        ),
    ]

    def inflated(note: Note) -> Note:
        ivs = [iv.model_copy(update={"minutes": 120}) for iv in note.interventions]
        return note.model_copy(update={"interventions": ivs})

    out = _run(inflated, timers=timers)
    assert _billed(out) == EXPECTED
    assert not _found(out, "DRF012")
    assert _found(out, "MIN009")  # the note's 120 minutes disagree with the timers
