import pytest

from assistant.domain.lifecycle import TRANSITIONS, Event, NoteStatus, transition
from assistant.errors import ConflictError

S, E = NoteStatus, Event


@pytest.mark.parametrize(
    ("status", "event", "after"),
    [
        (S.DRAFT, E.DRAFT, S.IN_REVIEW),
        (S.IN_REVIEW, E.REVISE, S.IN_REVIEW),
        (S.IN_REVIEW, E.OVERRIDE, S.IN_REVIEW),
        (S.IN_REVIEW, E.SIGN, S.SIGNED),
        (S.IN_REVIEW, E.SIGN_FOR_COSIGN, S.AWAITING_COSIGN),
        (S.AWAITING_COSIGN, E.COSIGN, S.COSIGNED),
        (S.SIGNED, E.AMEND, S.SIGNED),
        (S.COSIGNED, E.AMEND, S.COSIGNED),
    ],
)
def test_allowed_transitions(status: NoteStatus, event: Event, after: NoteStatus) -> None:
    assert transition(status, event) is after


@pytest.mark.parametrize(
    ("status", "event"),
    [
        (S.SIGNED, E.REVISE),  # a signed note changes only by addendum
        (S.SIGNED, E.SIGN),
        (S.AWAITING_COSIGN, E.REVISE),
        (S.IN_REVIEW, E.COSIGN),
        (S.SIGNED, E.COSIGN),  # no co-signature where none is required
        (S.IN_REVIEW, E.AMEND),  # an unsigned note is revised, not amended
        (S.COSIGNED, E.ACKNOWLEDGE),
        (S.DRAFT, E.SIGN),
    ],
)
def test_refused_transitions_name_what_is_allowed(status: NoteStatus, event: Event) -> None:
    with pytest.raises(ConflictError, match=r"cannot .* \(allowed: "):
        transition(status, event)


def test_every_status_but_draft_is_reachable() -> None:
    reached = set(TRANSITIONS.values())
    assert reached == set(NoteStatus) - {S.DRAFT}
