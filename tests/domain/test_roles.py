"""The one discipline <-> role table, read from each side (store, billing and validator ask it)."""

import pytest

from assistant.domain.billing import Discipline, Role
from assistant.domain.note import NoteType


@pytest.mark.parametrize(
    ("role", "discipline", "supervisor"),
    [
        (Role.PT, Discipline.PT, None),
        (Role.PTA, Discipline.PT, Role.PT),
        (Role.OT, Discipline.OT, None),
        (Role.OTA, Discipline.OT, Role.OT),
        (Role.SLP, Discipline.SLP, None),
    ],
)
def test_role_discipline_and_supervisor(
    role: Role, discipline: Discipline, supervisor: Role | None
) -> None:
    assert role.discipline is discipline
    assert role in discipline.roles
    assert role.supervisor is supervisor


def test_therapist_only_note_types_are_the_reassessments() -> None:
    assert {t for t in NoteType if t.therapist_only} == {
        NoteType.EVALUATION,
        NoteType.RE_EVALUATION,
        NoteType.PROGRESS_REPORT,
        NoteType.DISCHARGE,
    }
