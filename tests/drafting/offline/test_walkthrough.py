"""Services a dictation walks through without stating their minutes are kept, so the
validator can ask for the minutes (MIN001) instead of never seeing the service; the words
around a service do not invent other services, exercises or goal links. Found as the cause
of the end-to-end eval missing seeded "no minutes" and "no goal link" defects."""

import pytest

from assistant.domain.note import Goal, GoalTerm, Note
from assistant.domain.session import DraftContext, SessionInput
from assistant.services.drafting import draft_session

from .helpers import DAY, draft, note

TA_DONE = (
    "So we started with therapeutic activities working toward STG1 to improve functional "
    "mobility, sit to stand and car transfer practice, cues for body mechanics, and pain "
    "decreased after the session."
)


def _codes(n: Note) -> list[str | None]:
    return [iv.code for iv in n.interventions]


@pytest.mark.parametrize(
    "text",
    [
        TA_DONE,
        "Then we did therapeutic activities, transfer training, and tolerated well.",
        "We did therapeutic activities to improve function, and tolerated fair.",
        "After that therapeutic activities, sit to stand practice, and pain decreased.",
        "Ther ex was 20 minutes. Then therapeutic activities, car transfers, tolerated well.",
    ],
)
def test_a_service_walked_through_is_kept_without_minutes(text: str) -> None:
    assert "97530" in _codes(note(text))


@pytest.mark.parametrize(
    "text",
    [
        "Patient tolerated gait training well with no increase in pain.",
        "Then pt reports that gait training was helpful and pain decreased.",
        "Pt says gait training last week was hard, and pain decreased since.",
    ],
)
def test_a_service_only_mentioned_is_not_made_a_service(text: str) -> None:
    assert "97116" not in _codes(note(text))


def test_the_kept_service_without_minutes_is_reported_by_the_validator() -> None:
    text = "Ther ex was 20 minutes: bridges 3x10, cues for form. " + TA_DONE
    out = draft_session(SessionInput(text=text, date_of_service=DAY), "offline")
    missing = [f for f in out.findings if f.rule == "MIN001"]
    assert [f.message for f in missing] == ["97530 has no minutes recorded"]


CONVERSATION = (
    "Therapist: Let's do therapeutic exercise, bridges, three sets of ten.\n"
    "Therapist: Let's do single leg stance, three reps holding ten seconds.\n"
    "Therapist (dictating after the session): For therapeutic exercise toward STG1 to "
    "improve strength, cues for form. For neuromuscular re-education toward STG1 to improve "
    "balance, mild fatigue. therapeutic exercise was twenty minutes."
)


def test_balance_work_the_writer_names_is_not_folded_into_97110() -> None:
    n = note(CONVERSATION)
    assert _codes(n) == ["97110", "97112"]
    assert [ex.name for ex in n.interventions[1].exercises] == ["single leg stance"]


def test_balance_work_never_named_still_counts_as_exercise() -> None:
    # Without the naming sentence the balance exercise stays with the 97110 the visit bills.
    text = CONVERSATION.split("For neuromuscular")[0] + "therapeutic exercise was twenty minutes."
    assert _codes(note(text)) == ["97110"]


def test_manual_perturbations_are_balance_work_not_manual_therapy() -> None:
    text = (
        "Neuro re-ed 10 min: balance training on foam, manual perturbations and cues for posture."
    )
    assert _codes(note(text)) == ["97112"]


def test_an_exercise_named_as_the_aim_of_a_cue_is_not_an_exercise() -> None:
    n = note("Neuro re-ed 10 min: manual perturbations and cues for chin tuck posture.")
    names = [ex.name for iv in n.interventions for ex in iv.exercises]
    assert "chin tuck" not in names
    assert "chin tuck" in [
        ex.name
        for iv in note("TherEx 10 min: chin tucks 2x10").interventions
        for ex in iv.exercises
    ]


def test_goal_links_are_inferred_from_the_purpose_only() -> None:
    goals = [
        Goal(id="STG1", text="independent with the home exercise program", term=GoalTerm.SHORT)
    ]
    context = DraftContext.model_validate(
        {
            "schema_version": "1",
            "plan_of_care": {
                "first_treatment": "2025-05-20",
                "goals": [g.model_dump() for g in goals],
            },
        }
    )
    # "exercise" is in the description, not in the purpose: no link is claimed.
    unlinked = draft(
        "Ther ex 20 min to improve lumbar strength for stairs: bridges 3x10.", context=context
    )
    assert unlinked.note.interventions[0].goal_ids == []
    # A purpose that shares the goal's words still links.
    linked = draft("Ther ex 20 min to progress the home program: bridges 3x10.", context=context)
    assert linked.note.interventions[0].goal_ids == ["STG1"]
